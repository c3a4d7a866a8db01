#include <nisim/model/simulation.hpp>
#include <nisim/model/user_pools.hpp>

#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <nisim/engine/clock.hpp>
#include <nisim/engine/distributions.hpp>
#include <nisim/engine/invariants.hpp>
#include <nisim/engine/rng.hpp>

namespace nisim::model {

using engine::CounterRng;
using engine::StreamKey;
namespace dist = engine::dist;

void YearTally::reset(std::size_t areas) {
  const auto cells = areas * kStages;
  *this = YearTally{};
  count.assign(cells, 0);
  value.assign(cells, 0);
  hc.assign(cells, 0);
  for (auto* v : {&gap1_in, &gap1_out, &gap2_in, &gap2_out}) v->assign(areas, 0);
}

Simulation::Simulation(const scenario::Scenario& s, const RunPlan& plan)
    : Simulation(Params::from_map(s.params), default_tech_areas(), china_exogenous(), plan) {}

Simulation::Simulation(const Params& params, const std::vector<TechArea>& areas,
                       const Exogenous& exo, const RunPlan& plan)
    : p_(params), areas_(areas), exo_(exo), plan_(plan) {
  if (!(plan_.scale > 0)) throw std::invalid_argument("scale must be positive");
  if (plan_.end_year < plan_.start_year) throw std::invalid_argument("end year before start year");
  if (p_.gov_to_universities + p_.gov_to_labs + p_.gov_to_firms > 1.0)
    throw std::invalid_argument(
        "parameters gov_to_universities + gov_to_labs + gov_to_firms must not exceed 1");
  if (p_.sales_share_soe + p_.sales_share_little_giant + p_.sales_share_architect +
          p_.sales_share_foreign > 1.0)
    throw std::invalid_argument("parameters sales_share_* must not add up to more than 1");
  if (p_.region_share_beijing + p_.region_share_yangtze + p_.region_share_guangdong > 1.0)
    throw std::invalid_argument("parameters region_share_* must not add up to more than 1");
  if (p_.basic_frac_university + p_.applied_frac_university > 1 ||
      p_.basic_frac_institute + p_.applied_frac_institute > 1 ||
      p_.basic_frac_lab + p_.applied_frac_lab > 1 || p_.basic_frac_firm + p_.applied_frac_firm > 1)
    throw std::invalid_argument("parameters basic_frac_X + applied_frac_X must not exceed 1");

  total_ticks_ = 12 * (plan_.end_year - plan_.start_year + 1);
  gdp2010_ = gdp(2010);
  // Other economies (the us-like preset) replace the China-specific starting points.
  for (auto& a : areas_) {
    if (p_.initial_capability_override > 0) a.initial_capability = p_.initial_capability_override;
    if (p_.foreign_dependence_override > 0) a.foreign_dependence = p_.foreign_dependence_override;
  }
  const std::size_t A = areas_.size();
  cap_.resize(A);
  cap0_.resize(A);
  frontier_.assign(A, 1.0);
  access_.assign(A, 0);
  access0_.assign(A, 0);
  access_g_.assign(A, 1.0);
  cap_stock_.assign(A, 0);
  cap_norm_.assign(A, 0);
  kappa_flow_.assign(A, 0);
  spin_flow_.assign(A, 0);
  area_k_per_head_.assign(A, 0);
  value_scale_.assign(A, 1);
  area_cum_w_.resize(A);
  double cw = 0;
  for (std::size_t a = 0; a < A; ++a) {
    cap_[a] = cap0_[a] = areas_[a].initial_capability;
    novel_.push_back(areas_[a].novel ? 1 : 0);
    cw += areas_[a].demand_weight;
    area_cum_w_[a] = cw;
  }
  for (auto* v : {&lev_.access_cut, &lev_.area_extra_money}) v->assign(A, 0);
  lev_.consortium_share.assign(A, {0, 0, 0, 0});
  lev_.team_scale.assign(A, 1);
  lev_.area_pull.assign(A, 1);
  lev_.area_incentive.assign(A, 1);
  baseline_levers(plan_.start_year);
  // Access in the start year; the foreign-access flow it carries is sized at the end of
  // the first year, with the knowledge stocks (knowledge.cpp, finish_spin_up).
  const double w[kChannels] = {p_.access_imports,        p_.access_licences, p_.access_joint_ventures,
                               p_.access_fdi,            p_.access_collaboration,
                               p_.access_returnees,      p_.access_illicit};
  for (std::size_t a = 0; a < A; ++a) {
    double acc = 0;
    for (int c = 0; c < kChannels; ++c) acc += w[c] * lev_.channel_level[c];
    access_[a] = access0_[a] = acc;
  }
  manufacturing_share_ = p_.manufacturing_share_2010;
  students_abroad_ = p_.students_abroad_2010;
  y_.reset(A);
  init_employers();
}

Simulation::~Simulation() = default;

bool Simulation::done() const { return tick_ >= total_ticks_; }

int Simulation::current_year() const { return plan_.start_year + tick_ / 12; }

std::vector<double> stratified_lognormal(engine::CounterRng& r, std::size_t n, double sigma) {
  // Evenly spaced quantiles (i + 1/2) / n of a lognormal law with mean 1, in random
  // order (Fisher-Yates with the run's stream).
  std::vector<double> out(n);
  const boost::math::normal_distribution<double> z;
  for (std::size_t i = 0; i < n; ++i)
    out[i] = std::exp(-0.5 * sigma * sigma + sigma * boost::math::quantile(z, (double(i) + 0.5) / double(n)));
  for (std::size_t i = n; i > 1; --i) std::swap(out[i - 1], out[std::size_t(r.uniform() * double(i)) % i]);
  return out;
}

double Simulation::gdp(int year) const {
  if (p_.gdp_2010_override_cny_bn > 0)
    return p_.gdp_2010_override_cny_bn * std::pow(1 + p_.gdp_growth_override, year - 2010);
  return exo_.gdp_cny_bn.at(year, p_.gdp_growth_after_2023);
}

double Simulation::cost_per_fte(int year) const {
  // 10k CNY -> bn CNY.
  return p_.cost_per_fte_2010 * 1e-5 * std::pow(gdp(year) / gdp2010_, p_.cost_per_fte_gdp_elasticity) *
         wage_premium_;
}

double Simulation::pull(int year) const {
  return std::pow(gdp(year) / gdp2010_, p_.pull_elasticity);
}

std::array<double, kRegions> Simulation::region_weights() const {
  return {p_.region_share_beijing, p_.region_share_yangtze, p_.region_share_guangdong,
          1 - p_.region_share_beijing - p_.region_share_yangtze - p_.region_share_guangdong};
}

double Simulation::kind_cost_mult(int kind) const {
  switch (performer_of(EmployerKind(kind))) {
    case Performer::University: return p_.cost_mult_university;
    case Performer::Institute: return p_.cost_mult_institute;
    default: return p_.cost_mult_firm;
  }
}

std::uint32_t Simulation::add_employer(int kind, int region, int area, double size_weight) {
  emp_.ids.insert();
  emp_.kind.push_back(std::uint8_t(kind));
  emp_.region.push_back(std::uint8_t(region));
  emp_.area.push_back(std::uint16_t(area));
  emp_.size_weight.push_back(size_weight);
  emp_.sales.push_back(0);
  emp_.productivity.push_back(1);
  emp_.nu.push_back(0);
  emp_.funds.push_back(0);
  emp_.funds_gov.push_back(0);
  emp_.budget.push_back(0);
  emp_.cost.push_back(0);
  emp_.project_weight.push_back(0);
  emp_.basic_frac.push_back(0);
  emp_.applied_frac.push_back(0);
  emp_.headcount.push_back(0);
  emp_.stage_count.push_back({0, 0, 0});
  emp_.outputs.push_back(0);
  emp_.hc_outputs.push_back(0);
  emp_.cycle_output.push_back(0);
  emp_.gov_project.push_back(0);
  emp_.rate_mult.push_back(1);
  emp_.spend_ratio.push_back(1);
  emp_.weight.push_back(1);
  emp_.in_cluster.push_back(0);
  emp_.in_association.push_back(0);
  emp_.hold_first.push_back(kNoHolding);
  emp_.log_stock.push_back(std::numeric_limits<double>::quiet_NaN());
  emp_.prod_change.push_back(0);
  emp_.kept.push_back(0);
  return std::uint32_t(emp_.size() - 1);
}

void Simulation::init_employers() {
  const double s = plan_.scale;
  const auto region_w = region_weights();
  std::uint32_t serial = 0;
  auto make = [&](int kind, double size) {
    CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeInitEmployer, serial++, 0});
    const int region = int(dist::categorical_weights(r, std::span<const double>(region_w)));
    const int area = int(dist::categorical(r, std::span<const double>(area_cum_w_)));
    return add_employer(kind, region, area, size);
  };
  // Knowledge organisations, stratified (docs/model.md, "Sampling"): at least
  // min_knowledge_orgs agents of each kind, each weighted by expected / actual (so that
  // counts stay national), with sizes at evenly spaced quantiles of their lognormal law
  // in random order, so that even a few agents span the size distribution. The
  // organisation's own staff decide how much of its output it takes up itself, so the
  // size distribution must not depend on the scale.
  CounterRng qr(StreamKey{plan_.seed, kPopSystem, kPurposeInitEmployer, 1, 0});
  auto stratum = [&](double national, long floor, double& weight) {
    const double expected = national * s;
    const long n = std::max(floor, std::max<long>(1, std::lround(expected)));
    weight = expected / double(n);
    return n;
  };
  auto make_kind = [&](int kind, long n, double sigma, double weight) {
    for (double z : stratified_lognormal(qr, std::size_t(n), sigma)) {
      const auto pos = make(kind, z);
      emp_.weight[pos] = weight;
    }
  };
  kind_weight_.fill(1.0);
  const long floor_orgs = long(p_.min_knowledge_orgs);
  const long n_univ = stratum(p_.universities_2010, floor_orgs, kind_weight_[int(EmployerKind::University)]);
  const long n_inst = stratum(p_.institutes_2010, floor_orgs, kind_weight_[int(EmployerKind::Institute)]);
  kind_weight_[int(EmployerKind::NewStyleInstitute)] = kind_weight_[int(EmployerKind::Institute)];
  const long n_new = std::lround(double(n_inst) * p_.new_style_share_2010);
  make_kind(int(EmployerKind::University), n_univ, 1.0, kind_weight_[int(EmployerKind::University)]);
  make_kind(int(EmployerKind::Institute), n_inst - n_new, 1.0, kind_weight_[int(EmployerKind::Institute)]);
  make_kind(int(EmployerKind::NewStyleInstitute), n_new, 1.0, kind_weight_[int(EmployerKind::Institute)]);
  // Labs may be absent (a parameter of 0); universities and institutes never are.
  if (p_.state_key_labs_2010 > 0) {
    const long n = stratum(p_.state_key_labs_2010, floor_orgs, kind_weight_[int(EmployerKind::StateKeyLab)]);
    make_kind(int(EmployerKind::StateKeyLab), n, 0.5, kind_weight_[int(EmployerKind::StateKeyLab)]);
  }
  if (p_.national_labs_2010 > 0) {
    const long n = stratum(p_.national_labs_2010, 1, kind_weight_[int(EmployerKind::NationalLab)]);
    make_kind(int(EmployerKind::NationalLab), n, 0.3, kind_weight_[int(EmployerKind::NationalLab)]);
  }

  // Firms, stratified by area (docs/model.md, "Firms per area"): each area gets its
  // expected number of firm agents, rounded, and at least min_firms_per_area; an area's
  // agents are weighted by expected / actual, so that weighted counts and sales are the
  // national ones whatever the scale. Types are assigned by systematic sampling over the
  // weighted list (counts by type follow the sales shares), sizes are lognormal, and each
  // type's sales match its share of total sales.
  const double private_share = 1 - p_.sales_share_soe - p_.sales_share_little_giant -
                               p_.sales_share_architect - p_.sales_share_foreign;
  const std::pair<EmployerKind, double> types[] = {
      {EmployerKind::Soe, p_.sales_share_soe},
      {EmployerKind::Private, private_share},
      {EmployerKind::LittleGiant, p_.sales_share_little_giant},
      {EmployerKind::Architect, p_.sales_share_architect},
      {EmployerKind::Foreign, p_.sales_share_foreign}};
  const double n_firms = std::max(5.0, p_.firms_2010 * s);
  const double total_sales = p_.firm_sales_gdp_ratio * gdp2010_ * s;
  const std::size_t A = areas_.size();
  area_firm_weight_.assign(A, 1.0);
  std::vector<int> per_area(A);
  for (std::size_t a = 0; a < A; ++a) {
    const double w_a = (area_cum_w_[a] - (a ? area_cum_w_[a - 1] : 0.0)) / area_cum_w_.back();
    const double expected = n_firms * w_a;
    per_area[a] = int(std::max<double>(p_.min_firms_per_area, std::max(1.0, std::round(expected))));
    area_firm_weight_[a] = expected / per_area[a];
  }
  CounterRng tr(StreamKey{plan_.seed, kPopSystem, kPurposeInitEmployer, 0, 0});
  const double offset = tr.uniform();
  double cum = 0, type_cum[5], tsum = 0;
  for (int k = 0; k < 5; ++k) type_cum[k] = (tsum += std::max(0.0, types[k].second));
  std::vector<std::uint32_t> made[5];
  double wsum[5] = {0, 0, 0, 0, 0};
  for (std::size_t a = 0; a < A; ++a) {
    const auto sizes = stratified_lognormal(qr, std::size_t(per_area[a]), p_.firm_size_sigma);
    for (int j = 0; j < per_area[a]; ++j) {
      const double wt = area_firm_weight_[a];
      const double u = std::fmod((cum + 0.5 * wt) / n_firms + offset, 1.0) * tsum;
      cum += wt;
      int k = 0;
      while (k < 4 && (types[k].second <= 0 || u >= type_cum[k])) ++k;
      CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeInitEmployer, serial++, 0});
      const int region = int(dist::categorical_weights(r, std::span<const double>(region_w)));
      const auto pos = add_employer(int(types[k].first), region, int(a), sizes[std::size_t(j)]);
      emp_.weight[pos] = wt;
      emp_.productivity[pos] = productivity_draw(emp_.ids.serial_at(pos), 0);
      made[k].push_back(pos);
      wsum[k] += emp_.size_weight[pos] * wt;
    }
  }
  for (int k = 0; k < 5; ++k)
    for (auto pos : made[k]) emp_.sales[pos] = total_sales * types[k].second / tsum * emp_.size_weight[pos] * emp_.weight[pos] / wsum[k];
  update_firms(plan_.start_year);
}

double Simulation::productivity_draw(std::uint32_t key, std::uint32_t salt) const {
  // Firms differ in productivity when they are created (model.md 9.4): a lognormal draw
  // with mean 1 and log sd firm_productivity_sigma. Entrants key it by area, month and
  // their rank among the area's entrants, not by serial: an arm of common seed with one
  // more entrant somewhere would otherwise shift every later entrant's draw.
  const double sd = p_.firm_productivity_sigma;
  if (sd <= 0) return 1;
  CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeInitProductivity, key, salt});
  return dist::lognormal(r, -0.5 * sd * sd, sd);
}

void Simulation::add_researcher(std::uint32_t e, int area, int stage, int career, bool returnee,
                                float q) {
  res_.ids.insert();
  res_.employer.push_back(emp_.ids.id_at(e));
  res_.emp.push_back(e);
  res_.area.push_back(std::uint16_t(area));
  res_.stage.push_back(std::uint8_t(stage));
  res_.career.push_back(std::uint8_t(career));
  res_.region.push_back(emp_.region[e]);
  res_.abroad.push_back(0);
  res_.returnee.push_back(returnee ? 1 : 0);
  res_.q.push_back(q);
  res_.years.push_back(0);
  res_.cls.push_back(std::uint8_t(producer_class(EmployerKind(emp_.kind[e]))));
  res_.rate.push_back(0);
  res_.hold.push_back(kNoHolding);
  res_.team.push_back(kNoTeam);
  // Returnees and recruits from abroad arrive with their foreign ties; graduates without.
  res_.ties.push_back(returnee ? 1.0f : 0.0f);
  emp_.headcount[e]++;
  emp_.stage_count[e][std::size_t(stage)]++;
}

void Simulation::init_researchers() {
  // The 2010 workforce is what the 2010 budgets pay for: every employer starts at its
  // headcount target (budget / cost per FTE), so personnel in 2010 is an outcome of the
  // money rules rather than an input.
  const double sigma = p_.productivity_sigma;
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    const double target = emp_.budget[e] / emp_.cost[e];
    CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeInitResearcher, emp_.ids.serial_at(e), 0});
    const long n = long(std::floor(target + r.uniform()));
    const bool firm = is_firm(EmployerKind(emp_.kind[e]));
    for (long i = 0; i < n; ++i) {
      const double u_area = r.uniform() * area_cum_w_.back();
      const int area = firm ? emp_.area[e]
                            : int(std::upper_bound(area_cum_w_.begin(), area_cum_w_.end(), u_area) -
                                  area_cum_w_.begin());
      const double us = r.uniform();
      const int stage = us < emp_.basic_frac[e] ? 0 : us < emp_.basic_frac[e] + emp_.applied_frac[e] ? 1 : 2;
      const double uc = r.uniform();
      const int career = (!firm && uc < 0.25) ? int(Career::Doctoral) : uc < 0.6 ? int(Career::Early) : int(Career::Senior);
      const float q = float(dist::lognormal(r, -0.5 * sigma * sigma, sigma));
      add_researcher(e, std::min<int>(area, int(areas_.size()) - 1), stage, career, false, q);
      // The 2010 workforce: a share of researchers already has foreign ties.
      CounterRng tr(StreamKey{plan_.seed, kPopResearchers, kPurposeTies, res_.ids.serial_at(std::uint32_t(res_.size() - 1)), 0});
      res_.ties.back() = tr.uniform() < p_.tied_share_2010 ? 1.0f : 0.0f;
      res_.years.back() = float(r.uniform() * (career == int(Career::Doctoral) ? p_.doctoral_years : p_.early_years));
    }
  }
  people_.initial = double(res_.size());
}

void Simulation::step() {
  if (done()) throw std::logic_error("step() after the end of the run");
  const engine::Clock clk{plan_.start_year, tick_};
  const int year = clk.year();
  if (clk.is_january() && tick_ > 0) {
    y_.reset(areas_.size());
    baseline_levers(year);
    if (hook_) hook_(year, lev_, *this);
    update_firms(year);
    firm_entry_exit(year);
    allocate_budgets(year);
    new_labs(year);
    people_flows(year);
    hire(year);
    rebuild_employer_index();
  } else if (tick_ == 0) {
    // The first January: the workforce is what the first budgets pay for.
    if (hook_) hook_(year, lev_, *this);
    allocate_budgets(year);
    init_researchers();
    rebuild_employer_index();
    student_flows(year);
  }
  monthly_spend_and_produce();
  gap_crossings();
  update_knowledge();
  if (clk.month() == 12) {
    year_end();
    record_indicators(year);
  }
  check_invariants();
  ++tick_;
}

void Simulation::run(const YearCallback& on_year) {
  const int total = plan_.end_year - plan_.start_year + 1;
  while (!done()) {
    step();
    if (tick_ % 12 == 0 && on_year) on_year(tick_ / 12, total);
  }
}

void Simulation::fail(const std::string& variable, const std::string& detail) const {
  throw engine::InvariantError(tick_, plan_.start_year, variable, detail);
}

void Simulation::check_invariants() {
  // Money: every yuan allocated is spent, held by a performer, or returned.
  double held = 0;
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    if (!std::isfinite(emp_.funds[e]) || emp_.funds[e] < -1e-9 * std::max(1.0, ledger_.allocated))
      fail("employer.funds", fmt::format("employer {} holds {} bn CNY", e, emp_.funds[e]));
    held += emp_.funds[e];
  }
  engine::check_close(tick_, plan_.start_year, "ledger.money",
                      ledger_.allocated, ledger_.spent + held + ledger_.returned, 1e-9, 1e-9,
                      "allocated vs spent + held + returned");
  // People: the agent count changes only through inflows and outflows.
  engine::check_close(tick_, plan_.start_year, "ledger.people", double(res_.size()),
                      people_.initial + people_.inflows - people_.outflows, 0, 0.5,
                      "agents vs initial + inflows - outflows");
  std::uint64_t employed = 0;
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    employed += emp_.headcount[e];
    const auto& sc = emp_.stage_count[e];
    if (std::uint64_t(sc[0]) + sc[1] + sc[2] != emp_.headcount[e])
      fail("employer.stage_count", fmt::format("employer {} has {} staff but {} + {} + {} by stage", e,
                                               emp_.headcount[e], sc[0], sc[1], sc[2]));
  }
  std::uint64_t home = 0;
  for (auto a : res_.abroad) home += a == 0;
  if (employed != home)
    fail("employer.headcount", fmt::format("sum of headcounts {} but {} researchers at home", employed, home));
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    engine::check_finite(tick_, plan_.start_year, "capability." + areas_[a].id, cap_[a]);
    if (cap_[a] < 0 || cap_[a] > 1)
      fail("capability." + areas_[a].id, fmt::format("ratio {} outside [0, 1]", cap_[a]));
  }
  engine::check_finite(tick_, plan_.start_year, "ledger.spent", ledger_.spent);
}

std::vector<output::IndicatorRow> run_scenario(const scenario::Scenario& scenario,
                                               const RunPlan& plan, const YearCallback& on_year) {
  Simulation sim(scenario, plan);
  sim.run(on_year);
  return sim.indicators();
}

}  // namespace nisim::model
