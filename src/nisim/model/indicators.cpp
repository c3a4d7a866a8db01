// Yearly indicators at national size (MODEL.md section 6). Names follow
// ../shared/data/china_calibration.csv where a series exists there.
#include <cmath>
#include <numeric>

#include <nisim/model/simulation.hpp>

namespace nisim::model {

void Simulation::record_indicators(int year) {
  const double s = plan_.scale;
  const std::size_t A = areas_.size();
  auto put = [&](const std::string& name, double v) { rows_.push_back({year, name, v}); };
  auto pct = [](double num, double den) { return den > 0 ? 100.0 * num / den : 0.0; };

  // Money.
  double gerd = 0, by_stage[kStages] = {0, 0, 0}, by_perf[kPerformers] = {0, 0, 0};
  for (int pf = 0; pf < kPerformers; ++pf)
    for (int st = 0; st < kStages; ++st) {
      const double v = y_.spend[std::size_t(pf)][std::size_t(st)] / s;
      gerd += v;
      by_stage[st] += v;
      by_perf[pf] += v;
    }
  const double g = gdp(year);
  put("gdp_cny_bn", g);
  put("gerd_cny_bn", gerd);
  put("rd_intensity_pct", pct(gerd, g));
  const char* stage_names[kStages] = {"basic", "applied", "development"};
  for (int st = 0; st < kStages; ++st) {
    put(std::string(stage_names[st]) + "_cny_bn", by_stage[st]);
    put(std::string(stage_names[st]) + "_share_pct", pct(by_stage[st], gerd));
  }
  const char* perf_names[kPerformers] = {"enterprise", "institute", "university"};
  for (int pf = 0; pf < kPerformers; ++pf) {
    put(std::string("gerd_") + perf_names[pf] + "_perf_cny_bn", by_perf[pf]);
    put(std::string("gerd_") + perf_names[pf] + "_perf_share_pct", pct(by_perf[pf], gerd));
  }
  put("gerd_gov_source_share_pct", pct(y_.spend_gov_source / s, gerd));
  put("gerd_enterprise_source_share_pct", 100 - pct(y_.spend_gov_source / s, gerd));
  put("foreign_rd_share_of_gerd_pct", pct(y_.spend_foreign_firms / s, gerd));
  put("foreign_funded_enterprise_rd_cny_bn", y_.spend_foreign_firms / s);
  put("soe_rd_intensity_pct", pct(y_.spend_soe, y_.sales_soe));
  put("gov_project_funding_cny_bn", y_.gov_project / s);
  put("gov_stable_funding_cny_bn", y_.gov_stable / s);
  put("gov_project_share_pct", pct(y_.gov_project, y_.gov_project + y_.gov_stable));
  put("gov_funding_to_firms_cny_bn", y_.gov_to_firms / s);
  put("guidance_fund_planned_cny_bn", y_.guidance_planned / s);
  put("guidance_fund_raised_cny_bn", y_.guidance_raised / s);
  put("guidance_fund_invested_cny_bn", y_.guidance_invested / s);
  put("guidance_fund_wasted_cny_bn", y_.guidance_wasted / s);
  put("venture_capital_invested_cny_bn", y_.venture_invested / s);
  put("firm_rd_returned_cny_bn", y_.returned / s);

  // People.
  const double fte = y_.fte_months / 12.0 / s;
  put("rd_personnel_fte_10k", fte / 1e4);
  put("rd_exp_per_fte_10k_cny", fte > 0 ? gerd * 1e5 / fte : 0);
  put("graduates_bachelor", y_.graduates_b);
  put("graduates_master", y_.graduates_m);
  put("graduates_doctoral", y_.graduates_d);
  put("students_abroad_outflow", y_.students_out);
  put("returnees", y_.students_back);
  put("students_abroad_stock", students_abroad_);
  double abroad = 0, returnee_home = 0, home = 0;
  for (std::size_t i = 0; i < res_.size(); ++i) {
    abroad += res_.abroad[i];
    if (!res_.abroad[i]) {
      home += 1;
      returnee_home += res_.returnee[i];
    }
  }
  put("researchers_abroad", abroad / s);
  put("returnee_researcher_share_pct", pct(returnee_home, home));
  put("researchers_went_abroad", y_.went_abroad / s);
  put("researchers_returned", y_.returned_home / s);
  put("talent_recruits", y_.hires_recruits / s);
  put("hires_graduates", y_.hires_graduates / s);
  put("hires_returnees", y_.hires_returnees / s);
  put("vacancies_unfilled", y_.unfilled / s);
  put("doctoral_stay_rate_pct",
      100 * std::clamp(1 - (1 - p_.stay_rate_2010) * pull(year) + lev_.stay_shift, 0.0, 1.0));

  // Output.
  put("papers", y_.papers / s);
  put("highly_cited_papers", y_.hc_papers / s);
  put("highly_cited_share_pct", pct(y_.hc_papers, y_.papers));
  put("intl_coauthored_share_pct", pct(y_.papers_coauthored, y_.papers));
  put("invention_patent_grants_domestic", y_.patents / s);
  put("pct_applications", y_.pct / s);
  double g1i = 0, g1o = 0, g2i = 0, g2o = 0, products = 0;
  for (std::size_t a = 0; a < A; ++a) {
    g1i += y_.gap1_in[a];
    g1o += y_.gap1_out[a];
    g2i += y_.gap2_in[a];
    g2o += y_.gap2_out[a];
    products += y_.count[a * kStages + 2] + y_.gap2_out[a];
  }
  put("discoveries", g1i / s);
  put("engineering_achievements", g2i / s);
  put("products", products / s);
  put("gap1_conversion_rate", g1i > 0 ? g1o / g1i : 0);
  put("gap2_conversion_rate", g2i > 0 ? g2o / g2i : 0);

  // Capability, self-reliance, dependence.
  double strangle = 0, reliant = 0, chip_num = 0, chip_den = 0, dep_num = 0, dep_den = 0, dep0 = 0,
         cap_mean = 0, access_dep = 0;
  for (std::size_t a = 0; a < A; ++a) {
    const auto& ar = areas_[a];
    const double dom0 = 1 - ar.foreign_dependence;
    const double dom = std::min(1.0, dom0 * std::pow(cap_[a] / cap0_[a], p_.domestic_supply_elasticity));
    if (ar.stranglehold) {
      strangle += 1;
      reliant += cap_[a] >= p_.self_reliance_threshold ? 1 : 0;
    }
    if (ar.sector == "semiconductors") {
      chip_num += ar.demand_weight * dom;
      chip_den += ar.demand_weight;
    }
    dep_num += ar.demand_weight * (1 - dom);
    dep0 += ar.demand_weight * ar.foreign_dependence;
    dep_den += ar.demand_weight;
    // With every access channel weighted 0 there is no foreign access to lose or gain:
    // the ratio is 1 (and 0/0 would be NaN).
    access_dep += ar.demand_weight * (1 - dom) * (access0_[a] > 0 ? access_[a] / access0_[a] : 1.0);
    cap_mean += cap_[a] / double(A);
    put("capability_ratio." + ar.id, cap_[a]);
    put("gap1_conversion." + ar.id, y_.gap1_in[a] > 0 ? y_.gap1_out[a] / y_.gap1_in[a] : 0);
    put("gap2_conversion." + ar.id, y_.gap2_in[a] > 0 ? y_.gap2_out[a] / y_.gap2_in[a] : 0);
  }
  put("capability_mean", cap_mean);
  put("self_reliance_index", strangle > 0 ? reliant / strangle : 0);
  put("chip_domestic_share_pct", chip_den > 0 ? 100 * chip_num / chip_den : 0);
  put("import_dependence_pct", dep_den > 0 ? 100 * dep_num / dep_den : 0);
  // IP flows: payments follow the economy, the dependence on foreign technology and the
  // licence channel; receipts follow PCT filings.
  const double pct_now = y_.pct / s;
  if (year == plan_.start_year) pct_ref_ = pct_now;
  double lic = 0;
  for (std::size_t a = 0; a < A; ++a) lic += areas_[a].demand_weight * (1 - lev_.access_cut[a]);
  lic = (dep_den > 0 ? lic / dep_den : 0.0) * lev_.channel_level[kLicences];
  put("ip_payments_usd_bn", p_.ip_payments_2010_usd_bn * (g / gdp2010_) * (dep0 > 0 ? dep_num / dep0 : 1) * lic);
  put("ip_receipts_usd_bn",
      pct_ref_ > 0 ? p_.ip_receipts_2010_usd_bn * std::pow(pct_now / pct_ref_, p_.ip_receipts_pct_elasticity) : 0);

  // Economy.
  put("tfp_growth_pct", 100 * (std::exp(y_.tfp_log_change) - 1));
  put("tfp_index", tfp_index_);
  put("aggregate_productivity_index", aggregate_productivity_);
  put("manufacturing_share_pct", 100 * manufacturing_share_);
  put("protection_cost_pct_gdp", 100 * protection_cost_);
  double firms = 0, skl = 0;
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    firms += is_firm(EmployerKind(emp_.kind[e])) ? emp_.weight[e] : 0.0;
    skl += EmployerKind(emp_.kind[e]) == EmployerKind::StateKeyLab ? emp_.weight[e] : 0.0;
  }
  put("rd_performing_firms", firms / s);
  put("state_key_labs", skl / s);

  // Innovation power (SCSP definitions), 100 = the us-like preset in 2010.
  put("adapt_score", 100 * y_.adapt_outputs / s / p_.adapt_ref);
  put("adopt_score", 100 * (g2o + g2o * (dep_den > 0 ? access_dep / dep_den : 0)) / s / p_.adopt_ref);
  put("invent_score", 100 * y_.invent_value / s / p_.invent_ref);
}

std::vector<std::string> Simulation::indicator_names() {
  // record_indicators only appends rows and, in the first year, sets the PCT reference:
  // both are restored, so this leaves the simulation as it was.
  const std::size_t before = rows_.size();
  const double pct_ref = pct_ref_;
  record_indicators(plan_.start_year);
  std::vector<std::string> names;
  for (std::size_t i = before; i < rows_.size(); ++i) names.push_back(rows_[i].indicator);
  rows_.resize(before);
  pct_ref_ = pct_ref;
  return names;
}

}  // namespace nisim::model
