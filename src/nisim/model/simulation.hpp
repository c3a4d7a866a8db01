// One run of the model: builds the initial state from a scenario, advances it month by
// month and produces yearly indicators at national size (MODEL.md section 6).
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

#include <nisim/engine/rng.hpp>
#include <nisim/model/areas.hpp>
#include <nisim/model/exogenous.hpp>
#include <nisim/model/levers.hpp>
#include <nisim/model/params.hpp>
#include <nisim/model/state.hpp>
#include <nisim/output/indicators.hpp>
#include <nisim/scenario/scenario.hpp>

namespace nisim::model {

/// What a run needs besides the scenario: its own seed, scale and horizon.
struct RunPlan {
  std::uint64_t seed = 1;   ///< base seed of every random stream of the run
  double scale = 0.01;      ///< agents per real unit (1.0 = one agent per FTE)
  int start_year = 2010;    ///< first simulated year
  int end_year = 2035;      ///< last simulated year (inclusive)
};

/// Called after each simulated year with (years done, years total).
using YearCallback = std::function<void(int done, int total)>;

class Simulation {
 public:
  /// Builds the 2010 state. Throws std::invalid_argument on an inconsistent set-up (for
  /// example funding shares above one), naming the parameters.
  Simulation(const scenario::Scenario& scenario, const RunPlan& plan);
  Simulation(const Params& params, const std::vector<TechArea>& areas, const Exogenous& exo,
             const RunPlan& plan);
  ~Simulation();

  /// Advances one month. Throws engine::InvariantError (naming the tick and the variable)
  /// if an accounting identity breaks or a value is not finite.
  void step();
  /// Runs to the end of the plan, calling `on_year` after each year.
  void run(const YearCallback& on_year = {});
  bool done() const;
  int tick() const { return tick_; }
  int current_year() const;

  /// Indicator rows of the years completed so far (national size).
  const std::vector<output::IndicatorRow>& indicators() const { return rows_; }
  /// Names of the indicators recorded each year, in output order, computed from the
  /// current state without changing it (used to check [outputs] before a run).
  std::vector<std::string> indicator_names();

  // --- read access for tests and benchmarks
  const Researchers& researchers() const { return res_; }
  const Employers& employers() const { return emp_; }
  const std::vector<TechArea>& areas() const { return areas_; }
  const std::vector<double>& capability() const { return cap_; }
  /// Knowledge held by organisations, one holding per employer and area it works in.
  const Holdings& holdings() const { return hold_; }
  /// Research teams (lines of exploration), rebuilt every January.
  const Teams& teams() const { return team_; }
  const Levers& levers() const { return lev_; }
  const Params& params() const { return p_; }
  double scale() const { return plan_.scale; }
  /// Total researcher-ticks processed so far (for agent-ticks per second).
  double agent_ticks() const { return agent_ticks_; }

  /// Seed of the run (instruments derive their own random streams from it).
  std::uint64_t seed() const { return plan_.seed; }

  // --- state changes available to instruments (called from the lever hook, in January
  // before budgets and hiring, so researchers set free are re-hired the same month).
  /// Each employer of kind `from` becomes kind `to` with probability `fraction` (a draw
  /// per employer keyed by its serial, the tick and `salt`). Returns how many changed.
  std::size_t convert_employers(EmployerKind from, EmployerKind to, double fraction, std::uint32_t salt,
                                const std::vector<std::size_t>& areas = {});
  /// Closes each employer of `kind` with probability `fraction` (for example duplicate
  /// labs merged in a reorganisation): its staff look for jobs, its money is returned.
  std::size_t close_employers(EmployerKind kind, double fraction, std::uint32_t salt);

  /// Mutable access for instruments that act on organisations directly (entity listings
  /// lower listed firms' productivity). Changes must keep the accounting identities: the
  /// checks run at the end of every tick.
  Employers& employers_mut() { return emp_; }

  /// Mutable access for tests that break the state on purpose (the checks must catch it).
  Employers& employers_for_testing() { return emp_; }
  Ledger& ledger_for_testing() { return ledger_; }
  Researchers& researchers_for_testing() { return res_; }

  /// Policy hook: called every January after the baseline levers are set and before
  /// budgets are allocated; instruments adjust the levers (and may touch the state).
  using LeverHook = std::function<void(int year, Levers&, Simulation&)>;
  void set_lever_hook(LeverHook hook) { hook_ = std::move(hook); }

 private:
  // set-up (simulation.cpp)
  void init_employers();
  void init_researchers();
  // yearly (money.cpp, people.cpp)
  void baseline_levers(int year);
  void update_firms(int year);
  void firm_entry_exit(int year);
  void allocate_budgets(int year);
  void people_flows(int year);
  void student_flows(int year);
  void hire(int year);
  void rebuild_employer_index();
  void erase_researchers(std::vector<std::uint32_t> positions);
  void remove_employers(const std::vector<std::uint32_t>& positions);
  void new_labs(int year);
  // monthly (production.cpp, chain.cpp, knowledge.cpp)
  void monthly_spend_and_produce();
  void gap_crossings();
  void update_knowledge();
  void year_end();
  // knowledge.cpp
  void rebuild_holdings();
  void set_memberships();
  void compute_absorptive_capacity();
  /// `absorb_sum`: per area, applied + development staff x capacity of firms and institutes.
  void finish_spin_up(const std::vector<double>& absorb_sum);
  void sum_capability_stocks();  ///< cap_stock_ from the holdings (deterministic order)
  // teams.cpp
  /// `old_index[h]`: the holding of last year that h continues (kNoHolding if new).
  void rebuild_teams(const Holdings& old, const std::vector<std::uint32_t>& old_index);
  void start_line(std::uint32_t team, int year);  ///< a new cycle: source, line type
  void team_knowledge();  ///< novel areas: this month's record gains of each line into its holding
  double team_size_agents(std::size_t area) const;  ///< researcher agents per team in the area
  // chain.cpp
  void build_user_pools();
  // indicators.cpp
  void record_indicators(int year);
  // checks (simulation.cpp)
  void check_invariants();
  [[noreturn]] void fail(const std::string& variable, const std::string& detail) const;

  double gdp(int year) const;
  double cost_per_fte(int year) const;   ///< bn CNY per FTE-year (national average)
  double pull(int year) const;           ///< pull of the home economy (2010 = 1)
  double kind_cost_mult(int kind) const;
  double patent_rate() const;            ///< invention patent grants per engineering output this year
  double pct_rate() const;               ///< PCT applications per firm applied or development output
  std::array<double, kRegions> region_weights() const;  ///< shares of agents by region
  std::uint32_t add_employer(int kind, int region, int area, double size_weight);
  /// A new firm's productivity relative to its cohort: LN(-sd^2/2, sd), sd = firm_productivity_sigma
  /// (1 when it is 0), from the stream keyed by `key` and `salt` (model.md 9.4).
  double productivity_draw(std::uint32_t key, std::uint32_t salt) const;
  void add_researcher(std::uint32_t emp_pos, int area, int stage, int career, bool returnee,
                      float q);

  Params p_;
  std::vector<TechArea> areas_;
  Exogenous exo_;
  RunPlan plan_;
  LeverHook hook_;
  Levers lev_;

  int tick_ = 0;
  int total_ticks_ = 0;
  Researchers res_;
  Employers emp_;
  Ledger ledger_;
  PeopleLedger people_;
  YearTally y_;

  // per area
  std::vector<double> cap_;        ///< domestic capability / frontier
  std::vector<double> cap0_;       ///< 2010 capability
  std::vector<double> frontier_;   ///< frontier level (2010 = 1)
  std::vector<double> access_;     ///< access to the frontier (sum of channels)
  std::vector<double> access0_;    ///< 2010 access
  std::vector<double> area_firm_weight_;  ///< per area: weight of its firm agents (Employers::weight)
  std::array<double, kEmployerKinds> kind_weight_{};  ///< per knowledge-organisation kind: weight of its agents
  std::vector<double> access_g_;   ///< knowledge-access multiplier for production
  std::vector<double> area_cum_w_;   ///< cumulative demand weights (for drawing areas)
  std::vector<std::uint8_t> novel_;  ///< per area: 1 if a novel area (TechArea::novel)
  // knowledge held by organisations (knowledge.cpp)
  Holdings hold_;
  Teams team_;
  std::vector<double> hire_cum_w_;  ///< cumulative demand weights x area pull (knowledge organisations' hires)
  std::vector<double> cap_stock_;  ///< per area: applied + development stock of firms and institutes
  std::vector<double> cap_norm_;   ///< per area: stock (agent scale) per unit of capability at frontier 1
  std::vector<double> kappa_flow_; ///< per area: foreign-access knowledge flow per unit of access, per month
  std::vector<double> spin_flow_;  ///< per area: domestic inflow to capability holders in the first year
  std::vector<double> area_k_per_head_;  ///< per area: all holders' stock per researcher (absorptive capacity)
  std::vector<double> value_scale_;  ///< per area: Pareto scale of output values this month
  std::vector<std::array<double, kStages>> spin_hold_;  ///< per holding: first-year inflow
  bool spun_up_ = false;           ///< true once the first year has set the steady-state stocks
  // users of the two gaps (chain.cpp)
  struct UserPools;
  std::unique_ptr<UserPools> pools_;
  struct Candidate { std::uint32_t hold; float value; };
  std::vector<std::vector<Candidate>> cand_basic_, cand_applied_;  ///< per production block

  // aggregates of money and people
  double guidance_stock_ = 0;
  double students_abroad_ = 0;
  double gdp2010_ = 0;
  double pct_ref_ = 0;
  double agent_ticks_ = 0;
  double tfp_index_ = 1;
  double wage_premium_ = 1;  ///< cumulative wage rise from unfilled vacancies
  double manufacturing_share_ = 0;
  double protection_cost_ = 0;  ///< subsidies to firms kept by protection this year, fraction of GDP
  double log_p_first_ = std::numeric_limits<double>::quiet_NaN();  ///< first December's sales-weighted mean log productivity of firms
  double aggregate_productivity_ = 1;  ///< exp(sales-weighted mean log productivity now - in the first December)
  double ties0_ = 0;      ///< mean foreign ties of researchers at home in the first year
  double ties_rel_ = 1;   ///< their mean now relative to the first year (the collaboration channel)

  std::vector<output::IndicatorRow> rows_;
};

/// `n` sizes at evenly spaced quantiles (i + 1/2) / n of a lognormal law with mean 1 and
/// log standard deviation `sigma`, shuffled with `r` (stratified sampling of sizes).
std::vector<double> stratified_lognormal(engine::CounterRng& r, std::size_t n, double sigma);

/// Convenience: runs a whole scenario and returns its indicator rows.
std::vector<output::IndicatorRow> run_scenario(const scenario::Scenario& scenario,
                                               const RunPlan& plan,
                                               const YearCallback& on_year = {});

}  // namespace nisim::model
