// The state of one run: agent populations as structures of arrays, per-area and
// per-region aggregates, the money ledger and the yearly tallies that become indicators.
// Units: money in bn CNY per year at *agent scale* (national value x scale) unless a
// name says otherwise; people in agents (one agent = 1/scale FTE at national size).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include <nisim/engine/population.hpp>
#include <nisim/model/types.hpp>

namespace nisim::model {

/// Researchers (R&D personnel, FTE): one agent per 1/scale FTE.
struct Researchers {
  engine::SlotMap ids;                 ///< generational ids and never-reused serials
  std::vector<engine::AgentId> employer;  ///< employer id (Employers::ids); invalid when abroad
  std::vector<std::uint32_t> emp;      ///< employer's dense position, rebuilt every January
  std::vector<std::uint16_t> area;     ///< technology area index
  std::vector<std::uint8_t> stage;     ///< Stage
  std::vector<std::uint8_t> career;    ///< Career
  std::vector<std::uint8_t> region;    ///< region index (employer's region)
  std::vector<std::uint8_t> abroad;    ///< 1 while working or studying abroad
  std::vector<std::uint8_t> returnee;  ///< 1 if the researcher has overseas experience
  std::vector<float> q;                ///< persistent productivity (lognormal, mean 1)
  std::vector<float> years;            ///< years spent in the current career stage
  std::vector<std::uint8_t> cls;       ///< ProducerClass of the employer (rebuilt every January)
  std::vector<float> rate;             ///< scratch: expected outputs this tick (gather pass)
  std::vector<std::uint32_t> hold;     ///< holding (employer x area) the researcher works in, rebuilt every January
  std::vector<std::uint32_t> team;     ///< research team (Teams), rebuilt every January; kNoTeam when abroad
  std::vector<float> ties;             ///< strength of the researcher's foreign collaboration ties, 0..1

  std::size_t size() const { return ids.size(); }
};

/// Employers: knowledge organisations (universities, institutes, labs) and firms.
struct Employers {
  engine::SlotMap ids;
  std::vector<std::uint8_t> kind;      ///< EmployerKind
  std::vector<std::uint8_t> region;    ///< region index
  std::vector<std::uint16_t> area;     ///< main technology area (firms work only there)
  std::vector<double> size_weight;     ///< relative size (lognormal draw at creation)
  std::vector<double> sales;           ///< firms: sales, bn CNY/year (agent scale)
  std::vector<double> productivity;    ///< firms: productivity index (1 = 2010 average)
  std::vector<double> nu;              ///< firms: R&D intensity, fraction of sales
  std::vector<double> funds;           ///< money available now, bn CNY
  std::vector<double> funds_gov;       ///< part of `funds` that came from government
  std::vector<double> budget;          ///< this year's allocation plus carry-over, bn CNY
  std::vector<double> cost;            ///< cost per FTE-year, bn CNY (kind-specific)
  std::vector<double> project_weight;  ///< knowledge orgs: share of its group's project money
  std::vector<double> basic_frac;      ///< target share of staff in basic research
  std::vector<double> applied_frac;    ///< target share of staff in applied research
  std::vector<std::uint32_t> headcount;   ///< researchers at home employed now
  std::vector<std::array<std::uint32_t, kStages>> stage_count;  ///< headcount by stage
  std::vector<std::uint32_t> outputs;     ///< outputs this year (atomic increments)
  std::vector<std::uint32_t> hc_outputs;  ///< highly valuable outputs this year
  std::vector<double> cycle_output;    ///< knowledge orgs: outputs in the current project cycle
  std::vector<double> gov_project;     ///< this year's project money, bn CNY
  std::vector<double> rate_mult;       ///< scratch: funding x incentive multiplier
  std::vector<double> spend_ratio;     ///< scratch: share of this month's wage bill funded
  std::vector<double> weight;          ///< real organisations per agent, times scale (1 unless its
                                       ///< stratum is over-sampled: firms of small areas, see
                                       ///< docs/model.md "Firms per area")
  std::vector<std::uint8_t> in_cluster;   ///< 1 if it sits in its region's cluster (distance 2)
  std::vector<std::uint8_t> in_association;  ///< 1 if it belongs to its region's innovation association
  std::vector<std::uint32_t> hold_first;  ///< first holding (Holdings) of the employer; kNoHolding before the January rebuild
  std::vector<double> log_stock;       ///< firms: log of the knowledge stock of its area last year (productivity)
  std::vector<double> prod_change;     ///< firms: change of log productivity in the last year
  std::vector<std::uint8_t> kept;      ///< firms: 1 once protection has kept it from exiting (model.md 9.5)

  std::size_t size() const { return ids.size(); }
};

inline constexpr std::uint32_t kNoHolding = 0xffffffffu;

/// Monthly knowledge inflows are added as fixed-point integers (2^-24 units): integer
/// atomic additions commute, so the sums do not depend on the thread count.
inline constexpr double kInflowFixed = double(1u << 24);
inline double inflow_to_value(std::uint64_t fixed) { return double(fixed) / kInflowFixed; }
inline std::uint64_t value_to_inflow(double v) { return std::uint64_t(v * kInflowFixed + 0.5); }

/// Knowledge held by organisations (MECHANICS.md sections 3-5): one holding per employer
/// and technology area it works in (a firm: its own area; a knowledge organisation: every
/// area). Stocks are in units of output value at agent scale; they grow with the holder's
/// own outputs, with what it takes up across the gaps and with foreign access, and
/// depreciate. Rebuilt (stocks carried over) every January, when employers and staff change.
struct Holdings {
  std::vector<std::uint32_t> emp;                       ///< employer (dense position)
  std::vector<std::uint16_t> area;                      ///< technology area
  std::vector<std::array<double, kStages>> stock;       ///< knowledge stock by stage
  std::vector<std::array<std::uint32_t, kStages>> heads;  ///< researchers by stage (January)
  std::vector<std::uint8_t> member;                     ///< 1 if in the area's consortium
  std::vector<double> absorb;                           ///< absorptive capacity, 0..1 (monthly)
  std::vector<std::array<std::uint64_t, kStages>> inflow;  ///< this month's added value, fixed point (atomic adds)
  std::vector<std::array<std::uint32_t, kStages>> team_first;  ///< first team (Teams) of each stage
  std::vector<std::array<std::uint32_t, kStages>> team_n;      ///< number of team agents of each stage
  std::size_t size() const { return emp.size(); }
};

inline constexpr std::uint32_t kNoTeam = 0xffffffffu;

/// Who pays for a team's line in its current cycle (MECHANICS.md section 3).
enum class LineSource : std::uint8_t {
  Stable = 0,   ///< the organisation's stable money: horizon stable_horizon_years
  Project = 1,  ///< a project won in competition: horizon one project cycle
  Firm = 2,     ///< a firm's own R&D budget: horizon firm_horizon_years
};

/// Research teams: the independent lines of exploration (docs/model.md "Teams and lines").
/// The researchers of one holding and stage are split into team agents of about
/// team_size_fte real researchers each (fewer, larger ones where resources are
/// concentrated); a team agent stands for `lines` real teams when an agent is more than
/// one team's worth of people (small scales). Each real team pursues one line per cycle:
/// safe (countable, thin-tailed) or risky (fewer outputs, thick tail), chosen by whether
/// the line can show results before the team's horizon ends; a team agent holds the share
/// of its real teams on risky lines (0 or 1 when it stands for one team). Rebuilt every January, the state
/// of a team carried over by its slot within its holding and stage.
struct Teams {
  std::vector<std::uint32_t> hold;       ///< holding the team works in
  std::vector<std::uint8_t> stage;       ///< Stage of its researchers
  std::vector<std::uint8_t> source;      ///< LineSource of this cycle
  std::vector<float> risky_share;        ///< share of its real teams on risky lines this cycle
  std::vector<float> risky_pick;         ///< probability that one of its outputs comes from a risky line
  std::vector<std::int32_t> cycle_end;   ///< last year of the current cycle
  std::vector<std::uint32_t> heads;      ///< researcher agents (January)
  std::vector<double> lines;             ///< real teams (lines) the agent stands for, >= 1
  std::vector<double> line_outputs;      ///< real outputs per line so far in this cycle
  std::vector<float> count_mult;         ///< output-rate multiplier of its mix of lines
  std::vector<float> inv_alpha;          ///< mean of 1/tail index over its outputs (record rule)
  std::vector<std::uint64_t> month_value;  ///< novel areas: this month's capped value ratios, fixed point (atomic adds)
  std::vector<std::uint32_t> month_count;  ///< novel areas: this month's outputs (atomic adds)
  std::size_t size() const { return hold.size(); }
};

/// Flows of one year (national totals are these divided by scale).
struct YearTally {
  // money, bn CNY (agent scale)
  std::array<std::array<double, kStages>, kPerformers> spend{};  ///< by performer and stage
  double spend_gov_source = 0, spend_foreign_firms = 0;
  double spend_soe = 0, sales_soe = 0;
  double gov_project = 0, gov_stable = 0, gov_to_firms = 0;
  double guidance_planned = 0, guidance_raised = 0, guidance_invested = 0, guidance_wasted = 0;
  double venture_invested = 0;
  double returned = 0;  ///< firms' unspent R&D budgets returned at year end
  // people (agents unless noted)
  double fte_months = 0;      ///< researcher-months at home
  double hires_graduates = 0, hires_returnees = 0, hires_recruits = 0;
  double exits_retire = 0, exits_quit = 0, went_abroad = 0, returned_home = 0;
  double students_out = 0, students_back = 0;  ///< national persons
  double graduates_b = 0, graduates_m = 0, graduates_d = 0;  ///< national persons
  double unfilled = 0;        ///< vacancies left unfilled in January
  // outputs (counts at agent scale)
  std::vector<double> count;    ///< [area][stage] outputs
  std::vector<double> value;    ///< [area][stage] value sum
  std::vector<double> hc;       ///< [area][stage] highly valuable outputs
  std::vector<double> gap1_in, gap1_out, gap2_in, gap2_out;  ///< [area]
  double papers = 0, papers_coauthored = 0, hc_papers = 0, patents = 0, pct = 0;
  double invent_value = 0, adapt_outputs = 0;
  double tfp_log_change = 0;
  void reset(std::size_t areas);
};

/// Cumulative money ledger, checked every tick: allocated = spent + held + returned.
struct Ledger {
  double allocated = 0;  ///< every yuan ever given to a performer
  double spent = 0;      ///< every yuan spent on R&D
  double returned = 0;   ///< firms' unspent budgets returned to the firm
};

/// People ledger, checked every tick: agents = initial + inflows - outflows.
struct PeopleLedger {
  double initial = 0, inflows = 0, outflows = 0;
};

}  // namespace nisim::model
