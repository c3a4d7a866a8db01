// Money rules (MECHANICS.md section 1): government research budgets (project vs stable),
// firms' R&D decisions (K+S style share of last year's sales), guidance funds and venture
// capital, and the yearly allocation to performers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <nisim/engine/distributions.hpp>
#include <nisim/engine/rng.hpp>
#include <nisim/model/simulation.hpp>

namespace nisim::model {

using engine::CounterRng;
using engine::StreamKey;
namespace dist = engine::dist;

namespace {
double user_cost(double cit, double deduction) { return 1.0 - cit * (1.0 + deduction); }
}  // namespace

void Simulation::baseline_levers(int year) {
  // Historical settings of the baseline (MODEL.md section 5 dates); instruments adjust
  // these afterwards through the lever hook.
  lev_.gov_research_gdp_share =
      std::max(0.0, p_.gov_research_gdp_share_2010 + p_.gov_research_gdp_share_trend * (year - 2010));
  lev_.project_share = p_.project_funding_share;
  lev_.cycle_years = p_.project_cycle_years;
  lev_.gov_basic_share = std::clamp(p_.gov_basic_share_2010 + p_.gov_basic_share_trend * (year - 2010),
                                    0.0, p_.gov_basic_share_max);
  lev_.super_deduction = year >= 2021 ? p_.super_deduction_2021
                         : year >= 2018 ? p_.super_deduction_2018
                                        : p_.super_deduction_2010;
  lev_.soe_boost = p_.soe_rd_indicator_boost;
  lev_.matching.fill(0);
  lev_.firm_basic_mult = 1;
  lev_.export_support = 0;
  lev_.entry_mult = 1;
  lev_.guidance_target_mult = 1;
  lev_.guidance_raise_rate = p_.guidance_raise_rate;
  lev_.guidance_deploy_rate = p_.guidance_deploy_rate;
  lev_.guidance_leakage = p_.guidance_leakage;
  lev_.guidance_early_share = 0;
  lev_.guidance_crowding_out = p_.guidance_crowding_out;
  lev_.venture_mult = 1;
  lev_.talent_recruits = year <= int(p_.talent_end_year) ? p_.talent_recruits_per_year : 0;
  lev_.returnee_premium = p_.returnee_premium;
  lev_.graduate_mult = 1;
  lev_.stay_shift = 0;
  lev_.channel_level.fill(1);
  lev_.channel_level[kIllicit] = 0;
  lev_.tie_formation_level = 1;
  lev_.tie_cut = 0;
  // Export-control batches cut the import, licence, JV and FDI channels of the areas they
  // name (2019 entity listings; October 2022; October 2023). A batch counts from the year
  // after it was announced in October, and from 2019 itself for the May 2019 listings.
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    double cut = 0;
    if (areas_[a].export_control_2019 && year >= 2019) cut = std::max(cut, p_.export_control_cut_2019);
    if (areas_[a].export_control_2022 && year >= 2023) cut = std::max(cut, p_.export_control_cut_2022);
    if (areas_[a].export_control_2023 && year >= 2024) cut = std::max(cut, p_.export_control_cut_2023);
    lev_.access_cut[a] = cut;
    lev_.consortium_share[a] = {0, 0, 0, 0};
    lev_.team_scale[a] = 1;
    lev_.area_pull[a] = 1;
    lev_.area_incentive[a] = 1;
    lev_.area_extra_money[a] = 0;
  }
  lev_.incentive_mult.fill(1);
  lev_.association_share.fill(0);
  lev_.cluster_bonus.fill(0);
  lev_.exit_support = 0;
  lev_.centralisation = p_.central_share;
}

void Simulation::update_firms(int year) {
  const bool first = year == plan_.start_year && tick_ == 0;
  const double uc = user_cost(p_.cit_rate, lev_.super_deduction);
  const double uc0 = user_cost(p_.cit_rate, p_.super_deduction_2010);
  // Sales: Gibrat-style growth plus the change of the firm's productivity relative to the
  // others', then scaled so that the incumbents' total grows with nominal GDP (firms
  // compete for shares of an exogenous economy). A productivity lead is a lead in market
  // share (a level: share ~ productivity^eta, as with CES demand, Melitz 2003), not a
  // lead in growth for ever, which would compound without bound and concentrate each
  // area in its luckiest draw, more so the fewer firms a scale makes. Entrants add their
  // sales: the R&D-performing sector widens.
  if (!first) {
    double change_mean = 0, sales_total = 0, sales_before = 0, n = 0;
    for (std::size_t e = 0; e < emp_.size(); ++e)
      if (is_firm(EmployerKind(emp_.kind[e]))) {
        change_mean += emp_.prod_change[e] * emp_.weight[e];
        sales_before += emp_.sales[e];
        n += emp_.weight[e];
      }
    change_mean /= std::max(1e-12, n);
    for (std::size_t e = 0; e < emp_.size(); ++e) {
      if (!is_firm(EmployerKind(emp_.kind[e]))) continue;
      CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeFirmGrowth, emp_.ids.serial_at(std::uint32_t(e)),
                             std::uint32_t(tick_)});
      const double g = p_.firm_productivity_weight * (emp_.prod_change[e] - change_mean) +
                       dist::normal(r, 0, p_.firm_growth_sigma);
      emp_.sales[e] *= std::exp(g);
      sales_total += emp_.sales[e];
    }
    const double target = sales_before * gdp(year) / gdp(year - 1);
    if (sales_total > 0)
      for (std::size_t e = 0; e < emp_.size(); ++e)
        if (is_firm(EmployerKind(emp_.kind[e]))) emp_.sales[e] *= target / sales_total;
  }
  // Desired R&D intensity: the type's 2010 level, moved by the user cost of R&D (tax
  // incentives), by how close the area is to the frontier (near the frontier firms must
  // invent rather than imitate), by cut-off foreign supply (substitution), and for SOEs
  // by the R&D success indicator. Firms adjust part of the way each year.
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    const auto kind = EmployerKind(emp_.kind[e]);
    if (!is_firm(kind)) continue;
    const double base = kind == EmployerKind::Soe           ? p_.nu_soe
                        : kind == EmployerKind::LittleGiant ? p_.nu_little_giant
                        : kind == EmployerKind::Architect   ? p_.nu_architect
                        : kind == EmployerKind::Foreign     ? p_.nu_foreign
                                                            : p_.nu_private;
    const int a = emp_.area[e];
    double desired = base * std::pow(uc0 / uc, p_.rd_user_cost_elasticity) *
                     (1 + p_.frontier_pull * cap_[a]) / (1 + p_.frontier_pull * cap0_[a]) *
                     (1 + p_.substitution_push * lev_.access_cut[a] * areas_[a].foreign_dependence);
    if (kind == EmployerKind::Soe) desired *= 1 + lev_.soe_boost;
    // A firm cannot spend more than its sales on R&D: the bound binds only when the user
    // cost is near zero (large deductions at a high tax rate), where the demand rule
    // alone would ask for an unbounded budget.
    desired = std::min(desired, 1.0);
    emp_.nu[e] = first || emp_.nu[e] == 0 ? desired : emp_.nu[e] + p_.firm_nu_adjust * (desired - emp_.nu[e]);
  }
}

void Simulation::firm_entry_exit(int year) {
  // Exit: a yearly hazard, higher for firms whose productivity is below the mean. Counts
  // and means are weighted by Employers::weight (real firms per agent, times scale).
  double mean_prod = 0, n_firms = 0;
  for (std::size_t e = 0; e < emp_.size(); ++e)
    if (is_firm(EmployerKind(emp_.kind[e]))) {
      mean_prod += emp_.productivity[e] * emp_.weight[e];
      n_firms += emp_.weight[e];
    }
  mean_prod /= std::max(1e-12, n_firms);
  std::vector<std::uint32_t> exits;
  double exited = 0;
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    if (!is_firm(EmployerKind(emp_.kind[e]))) continue;
    CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeFirmExit, emp_.ids.serial_at(e), std::uint32_t(tick_)});
    // Soft budget constraints keep state-owned firms alive (brief 003).
    const double soft = EmployerKind(emp_.kind[e]) == EmployerKind::Soe ? p_.soe_exit_mult : 1.0;
    const double hazard = std::min(0.9, soft * p_.firm_exit_rate * 2.0 / (1.0 + emp_.productivity[e] / mean_prod));
    if (r.uniform() < hazard) {
      // Protection (industrial_base_protection) keeps a share of the firms the market
      // would shed: they stay, marked, and are subsidised from then on (9.5). The second
      // draw is made only under protection, so that without it the stream is unchanged.
      if (lev_.exit_support > 0 && r.uniform() < lev_.exit_support) {
        emp_.kept[e] = 1;
        continue;
      }
      exits.push_back(e);
      exited += emp_.weight[e];
    }
  }
  remove_employers(exits);
  n_firms -= exited;
  // Entry: new firms, mostly private, small, at slightly below-average productivity.
  CounterRng r(StreamKey{plan_.seed, kPopSystem, kPurposeFirmEntry, 0, std::uint32_t(tick_)});
  // Entrants come from the enterprises not yet doing R&D: entry slows as the number of
  // R&D-performing firms approaches all enterprises (a logistic bound; it binds only in
  // long projections or at high entry rates, where the count would otherwise grow
  // without limit).
  const double pool = std::max(0.0, 1.0 - n_firms / (p_.enterprises_total * plan_.scale));
  const double room_left = std::max(0.0, std::floor(p_.enterprises_total * plan_.scale - n_firms));
  const double expected = std::min(p_.firm_entry_rate * lev_.entry_mult * n_firms * pool, room_left);
  double sales_total = 0;
  for (std::size_t e = 0; e < emp_.size(); ++e)
    if (is_firm(EmployerKind(emp_.kind[e]))) sales_total += emp_.sales[e];
  const double mean_sales = sales_total / std::max(1e-12, n_firms);
  // Firms that start doing R&D come from the rest of the economy, which shrinks as the
  // R&D-performing sector grows toward the whole enterprise sector.
  const double room = std::max(0.0, 1.0 - sales_total / (p_.rd_sector_sales_gdp_max * gdp(year) * plan_.scale));
  const auto region_w = region_weights();
  // Entrants by area, in the same strata as the first firms: an area's expected entrants
  // (in real firms times scale) come as agents of that area's weight.
  // Never more entrants (in real firms times scale) than the pool has left.
  double left = room_left;
  for (std::size_t a = 0; a < areas_.size(); ++a) {
    const double w_a = (area_cum_w_[a] - (a ? area_cum_w_[a - 1] : 0.0)) / area_cum_w_.back();
    const double wt = area_firm_weight_[a];
    const auto n_entry = dist::poisson(r, expected * w_a / wt);
    for (std::uint32_t i = 0; i < n_entry && wt <= left; ++i) {
      left -= wt;
      const double uk = r.uniform();
      const auto kind = uk < p_.entry_share_foreign ? EmployerKind::Foreign
                        : uk < p_.entry_share_foreign + p_.entry_share_little_giant ? EmployerKind::LittleGiant
                                                                                    : EmployerKind::Private;
      const int region = int(dist::categorical_weights(r, std::span<const double>(region_w)));
      const double sigma = p_.firm_size_sigma;
      const double w = dist::lognormal(r, -0.5 * sigma * sigma, sigma);
      const auto pos = add_employer(int(kind), region, int(a), w);
      emp_.weight[pos] = wt;
      emp_.sales[pos] = p_.entry_size_ratio * mean_sales * w * wt * room;
      emp_.productivity[pos] = 0.9 * mean_prod * productivity_draw(i, std::uint32_t(tick_) | (std::uint32_t(a) << 12));
    }
  }
}

void Simulation::remove_employers(const std::vector<std::uint32_t>& positions) {
  // Staff of closed employers look for new jobs; the money they held is returned.
  if (positions.empty()) return;
  std::vector<std::uint8_t> gone(emp_.size(), 0);
  for (auto e : positions) gone[e] = 1;
  for (std::uint32_t i = 0; i < res_.size(); ++i)
    if (!res_.abroad[i] && emp_.ids.alive(res_.employer[i]) && gone[emp_.ids.dense(res_.employer[i])])
      res_.employer[i] = engine::AgentId::invalid();
  for (auto e : positions) {
    ledger_.returned += emp_.funds[e];
    y_.returned += emp_.funds[e];
    emp_.funds[e] = emp_.funds_gov[e] = 0;
    emp_.headcount[e] = 0;
    emp_.stage_count[e] = {0, 0, 0};
  }
  engine::erase_positions(emp_.ids, positions, emp_.kind, emp_.region, emp_.area, emp_.size_weight,
                          emp_.sales, emp_.productivity, emp_.nu, emp_.funds, emp_.funds_gov,
                          emp_.budget, emp_.cost, emp_.project_weight, emp_.basic_frac,
                          emp_.applied_frac, emp_.headcount, emp_.stage_count, emp_.outputs, emp_.hc_outputs,
                          emp_.cycle_output, emp_.gov_project, emp_.rate_mult,
                          emp_.spend_ratio, emp_.weight, emp_.in_cluster, emp_.in_association,
                          emp_.hold_first, emp_.log_stock, emp_.prod_change, emp_.kept);
}

std::size_t Simulation::convert_employers(EmployerKind from, EmployerKind to, double fraction,
                                          std::uint32_t salt, const std::vector<std::size_t>& areas) {
  if (is_firm(from) != is_firm(to))
    throw std::logic_error("convert_employers: cannot turn a firm into a knowledge organisation or back");
  std::vector<std::uint8_t> in_area(areas_.size(), areas.empty() ? 1 : 0);
  for (auto a : areas) in_area[a] = 1;
  std::size_t n = 0;
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    if (EmployerKind(emp_.kind[e]) != from || !in_area[emp_.area[e]]) continue;
    CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeConvert, emp_.ids.serial_at(e),
                           std::uint32_t(tick_) ^ (salt << 16)});
    if (r.uniform() < fraction) {
      emp_.kind[e] = std::uint8_t(to);
      ++n;
    }
  }
  return n;
}

std::size_t Simulation::close_employers(EmployerKind kind, double fraction, std::uint32_t salt) {
  std::vector<std::uint32_t> closing;
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    if (EmployerKind(emp_.kind[e]) != kind) continue;
    CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeConvert, emp_.ids.serial_at(e),
                           std::uint32_t(tick_) ^ (salt << 16) ^ 0x8000u});
    if (r.uniform() < fraction) closing.push_back(e);
  }
  remove_employers(closing);
  return closing.size();
}

void Simulation::new_labs(int year) {
  // State Key Labs: new labs approved each year (brief 000: 27 a year 2014-2018).
  // New labs come as agents of their kind's weight, like the first ones.
  const double wt = kind_weight_[int(EmployerKind::StateKeyLab)] > 0 ? kind_weight_[int(EmployerKind::StateKeyLab)] : 1.0;
  const double expected = p_.state_key_lab_growth * plan_.scale / wt;
  CounterRng r(StreamKey{plan_.seed, kPopSystem, kPurposeNewLab, 0, std::uint32_t(tick_)});
  const std::uint32_t n = dist::poisson(r, expected);
  const auto region_w = region_weights();
  for (std::uint32_t i = 0; i < n; ++i) {
    const int area = int(dist::categorical(r, std::span<const double>(area_cum_w_)));
    const int region = int(dist::categorical_weights(r, std::span<const double>(region_w)));
    const auto pos = add_employer(int(EmployerKind::StateKeyLab), region, area, dist::lognormal(r, -0.125, 0.5));
    emp_.weight[pos] = wt;
    emp_.cost[pos] = cost_per_fte(year) * kind_cost_mult(emp_.kind[pos]);
  }
}

void Simulation::allocate_budgets(int year) {
  const double s = plan_.scale;
  const double cost = cost_per_fte(year);
  std::vector<double> alloc(emp_.size(), 0), alloc_gov(emp_.size(), 0);
  for (std::size_t e = 0; e < emp_.size(); ++e) emp_.cost[e] = cost * kind_cost_mult(emp_.kind[e]);

  // Firms: own R&D money from last year's sales; part is contracted out to universities
  // and institutes.
  double contracts = 0, firm_rd_total = 0, firm_sales_total = 0, private_sales = 0, mean_prod = 0, nf = 0;
  for (std::size_t e = 0; e < emp_.size(); ++e)
    if (is_firm(EmployerKind(emp_.kind[e]))) {
      mean_prod += emp_.productivity[e] * emp_.weight[e];
      nf += emp_.weight[e];
    }
  mean_prod /= std::max(1e-12, nf);
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    if (!is_firm(EmployerKind(emp_.kind[e]))) continue;
    const double own = emp_.nu[e] * emp_.sales[e];
    const double out = own * p_.university_firm_contract_share;
    // Matching funds per yuan of own R&D, by firm kind; export discipline rewards the
    // firms that do best (relative productivity stands in for export success).
    const double rel = emp_.productivity[e] / mean_prod;
    const double state = (own - out) * (lev_.matching[emp_.kind[e]] + lev_.export_support * rel * rel);
    alloc[e] += (own - out) + state;
    alloc_gov[e] += state;
    contracts += out;
    firm_rd_total += own;
    firm_sales_total += emp_.sales[e];
    const auto k = EmployerKind(emp_.kind[e]);
    if (k == EmployerKind::Private || k == EmployerKind::LittleGiant) private_sales += emp_.sales[e];
  }

  // Guidance funds: plan, raise less than planned, deploy part of what was raised, waste
  // part of what was deployed; the productive part partly funds the investees' R&D.
  // Later-stage preference: money follows sales (mature firms).
  const int growth_years = std::min(year, int(p_.guidance_fund_growth_end_year)) - 2010;
  const double planned = p_.guidance_fund_target_2010_cny_bn * std::pow(1 + p_.guidance_fund_target_growth, growth_years) *
                         s * lev_.guidance_target_mult;
  const double raised = planned * lev_.guidance_raise_rate;
  guidance_stock_ += raised;
  const double invested = guidance_stock_ * lev_.guidance_deploy_rate;
  guidance_stock_ -= invested;
  const double wasted = invested * lev_.guidance_leakage;
  const double guidance_rd = (invested - wasted) * p_.guidance_rd_share;
  const double venture = std::max(0.0, p_.venture_capital_2010_cny_bn * std::pow(1 + p_.venture_growth, year - 2010) * s *
                                               lev_.venture_mult -
                                           lev_.guidance_crowding_out * invested);
  const double venture_rd = venture * p_.venture_rd_share;
  y_.guidance_planned = planned;
  y_.guidance_raised = raised;
  y_.guidance_invested = invested;
  y_.guidance_wasted = wasted;
  y_.venture_invested = venture;

  // Government research money.
  const double G = lev_.gov_research_gdp_share * gdp(year) * s;
  const double g_firms = G * p_.gov_to_firms;
  // Targeted money (megaprojects, targeted indigenous development) goes to the firms of
  // the target areas in proportion to their sales.
  std::vector<double> area_sales(areas_.size(), 0);
  for (std::size_t e = 0; e < emp_.size(); ++e)
    if (is_firm(EmployerKind(emp_.kind[e]))) area_sales[emp_.area[e]] += emp_.sales[e];
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    if (!is_firm(EmployerKind(emp_.kind[e]))) continue;
    const double own = emp_.nu[e] * emp_.sales[e];
    const double share_rd = firm_rd_total > 0 ? own / firm_rd_total : 0;
    const double share_sales = firm_sales_total > 0 ? emp_.sales[e] / firm_sales_total : 0;
    // Guidance funds prefer later stages (money follows sales); the early-stage part is
    // spread evenly over firms, so small and young firms get far more per yuan of sales.
    const double share_guidance =
        (1 - lev_.guidance_early_share) * share_sales + lev_.guidance_early_share * emp_.weight[e] / nf;
    const int a = emp_.area[e];
    const double targeted = area_sales[a] > 0 ? lev_.area_extra_money[a] * s * emp_.sales[e] / area_sales[a] : 0;
    const auto k = EmployerKind(emp_.kind[e]);
    const bool pv = k == EmployerKind::Private || k == EmployerKind::LittleGiant;
    const double gov = g_firms * share_rd + guidance_rd * share_guidance + targeted;
    alloc[e] += gov + (pv && private_sales > 0 ? venture_rd * emp_.sales[e] / private_sales : 0);
    alloc_gov[e] += gov;
  }
  y_.gov_to_firms = g_firms;

  // Knowledge organisations: groups get fixed shares of government money. The centre's
  // part is spent nationally: stable money follows headcount (size at start) and project
  // money follows the project weights won in the last cycle's competition. Local
  // governments spend the rest on their own region's organisations, whatever their
  // output (duplication and local protectionism; MODEL.md section 2).
  struct Group { double money; double contract; std::vector<std::uint32_t> members; };
  Group groups[3] = {{G * p_.gov_to_universities, contracts * 0.6, {}},
                     {G * p_.gov_to_labs, 0.0, {}},
                     {G * (1 - p_.gov_to_universities - p_.gov_to_labs - p_.gov_to_firms), contracts * 0.4, {}}};
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    const auto k = EmployerKind(emp_.kind[e]);
    if (is_firm(k)) continue;
    const int g = k == EmployerKind::University ? 0 : (k == EmployerKind::StateKeyLab || k == EmployerKind::NationalLab) ? 1 : 2;
    groups[g].members.push_back(e);
  }
  const bool new_cycle = (year - plan_.start_year) % std::max(1, int(std::lround(lev_.cycle_years))) == 0;
  const double central = std::clamp(lev_.centralisation, 0.0, 1.0);
  const auto region_w = region_weights();
  const double basic_mult = lev_.gov_basic_share / p_.gov_basic_share_2010;
  for (auto& g : groups) {
    if (g.members.empty()) {
      // No member to receive the group's money (possible at tiny scales): it stays unallocated.
      continue;
    }
    // Size is headcount (stable money by headcount, MECHANICS.md 1). An organisation
    // without staff yet (the first year, a new lab) counts as its size draw times the
    // group's mean headcount. Size never multiplies headcount: that would compound every
    // year and concentrate the group in its largest draws, more so the more draws a
    // scale makes.
    double hc_sum = 0, hc_n = 0;
    for (auto e : g.members)
      if (emp_.headcount[e] > 0) {
        hc_sum += emp_.headcount[e];
        hc_n += 1;
      }
    const double mean_hc = hc_n > 0 ? hc_sum / hc_n : 1.0;
    auto size_of = [&](std::uint32_t e) {
      return emp_.headcount[e] > 0 ? double(emp_.headcount[e]) : emp_.size_weight[e] * mean_hc;
    };
    double hsum = 0, osum = 0;
    for (auto e : g.members) {
      hsum += size_of(e);
      osum += emp_.cycle_output[e];
    }
    // Project weights are re-competed at the start of each cycle: half by size, half by
    // the share of the group's output in the last cycle (highly valuable outputs count 5x).
    if (new_cycle || year == plan_.start_year) {
      for (auto e : g.members) {
        const double w = size_of(e);
        emp_.project_weight[e] = osum > 0 ? 0.5 * w / hsum + 0.5 * emp_.cycle_output[e] / osum : w / hsum;
        emp_.cycle_output[e] = 0;
      }
    }
    double pw = 0, region_h[kRegions] = {0, 0, 0, 0}, present = 0;
    for (auto e : g.members) {
      pw += emp_.project_weight[e];
      region_h[emp_.region[e]] += size_of(e);
    }
    for (int r = 0; r < kRegions; ++r) present += region_h[r] > 0 ? region_w[r] : 0;
    for (auto e : g.members) {
      const double size = size_of(e);
      const double w = size / hsum;
      const double national = g.money * central;
      const double local = g.money * (1 - central) * region_w[emp_.region[e]] / present * size / region_h[emp_.region[e]];
      const double stable = national * (1 - lev_.project_share) * w + local * (1 - lev_.project_share);
      const double project = national * lev_.project_share * (pw > 0 ? emp_.project_weight[e] / pw : w) +
                             local * lev_.project_share;
      alloc[e] += stable + project + g.contract * w;
      alloc_gov[e] += stable + project;
      emp_.gov_project[e] = project;
      y_.gov_project += project;
      y_.gov_stable += stable;
    }
  }
  // Stage targets: the basic share of government money moves the basic share of the
  // money each organisation gets from government.
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    const auto k = EmployerKind(emp_.kind[e]);
    double b, ap;
    switch (performer_of(k)) {
      case Performer::University:
        b = k == EmployerKind::StateKeyLab ? p_.basic_frac_lab : p_.basic_frac_university;
        ap = k == EmployerKind::StateKeyLab ? p_.applied_frac_lab : p_.applied_frac_university;
        break;
      case Performer::Institute:
        b = k == EmployerKind::NationalLab ? p_.basic_frac_lab : p_.basic_frac_institute;
        ap = k == EmployerKind::NationalLab ? p_.applied_frac_lab : p_.applied_frac_institute;
        break;
      default:
        b = p_.basic_frac_firm * lev_.firm_basic_mult;
        ap = p_.applied_frac_firm;
    }
    const double gov_frac = alloc[e] > 0 ? alloc_gov[e] / alloc[e] : 0;
    if (!is_firm(k)) b *= gov_frac * basic_mult + (1 - gov_frac);
    b = std::min(b, 0.95);
    emp_.basic_frac[e] = b;
    emp_.applied_frac[e] = std::min(ap, 1 - b);
  }
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    emp_.funds[e] += alloc[e];
    emp_.funds_gov[e] += alloc_gov[e];
    emp_.budget[e] = emp_.funds[e];
    ledger_.allocated += alloc[e];
  }
}

}  // namespace nisim::model
