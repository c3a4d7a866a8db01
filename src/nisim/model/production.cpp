// Monthly rules: spending (the money ledger), knowledge production per researcher
// (MECHANICS.md section 3), crossings of the two gaps (section 4) and capability against
// the frontier (section 5). Gather passes first, then the vectorisable update.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include <nisim/engine/distributions.hpp>
#include <nisim/engine/invariants.hpp>
#include <nisim/engine/parallel.hpp>
#include <nisim/engine/rng.hpp>
#include <nisim/model/simulation.hpp>

namespace nisim::model {

using engine::CounterRng;
using engine::StreamKey;
namespace dist = engine::dist;

namespace {
// Layout of the per-block accumulator of the production pass.
struct Layout {
  std::size_t A, cells, count, value, hc, chain, misc, width;
  explicit Layout(std::size_t areas) : A(areas) {
    cells = A * kStages;
    count = 0;
    value = count + cells;
    hc = value + cells;
    chain = hc + cells;
    misc = chain + std::size_t(kProducerClasses) * kRegions * cells;
    width = misc + kMisc;
  }
  enum Misc : std::size_t { kPapers = 0, kCoauth, kHcPapers, kInventValue, kMisc };
};
}  // namespace

void Simulation::monthly_spend_and_produce() {
  const int year = current_year();
  const std::size_t A = areas_.size();
  const Layout L(A);

  // --- employers: this month's wage bill, limited by the money they hold. Spending by
  // stage follows each employer's staff by stage (counted every January).
  double spent_emp = 0;
  for (std::size_t e = 0; e < emp_.size(); ++e) {
    const double heads = double(emp_.headcount[e]);
    const double wage = heads * emp_.cost[e] / 12.0;
    const double spend = std::min(emp_.funds[e], wage);
    emp_.spend_ratio[e] = wage > 0 ? spend / wage : 0;
    const double gov_share = emp_.funds[e] > 0 ? emp_.funds_gov[e] / emp_.funds[e] : 0;
    emp_.funds_gov[e] -= spend * gov_share;
    emp_.funds[e] -= spend;
    if (emp_.funds[e] < 0) emp_.funds[e] = 0;  // rounding of min() at exactly zero
    spent_emp += spend;
    const auto kind = EmployerKind(emp_.kind[e]);
    if (heads > 0) {
      auto& row = y_.spend[std::size_t(performer_of(kind))];
      for (std::size_t s = 0; s < kStages; ++s) row[s] += spend * double(emp_.stage_count[e][s]) / heads;
    }
    y_.fte_months += heads;
    y_.spend_gov_source += spend * gov_share;
    if (kind == EmployerKind::Foreign) y_.spend_foreign_firms += spend;
    if (kind == EmployerKind::Soe) y_.spend_soe += spend;
    // Output multipliers: diminishing returns to funding per head; project money raises
    // counts and thins the tail (less risk-taking), stable money the reverse.
    const double per_head = emp_.budget[e] / (std::max(1.0, heads) * emp_.cost[e]);
    const double f = std::clamp(std::pow(std::max(per_head, 1e-9), p_.funding_phi), 0.5, 2.0);
    const bool firm = is_firm(kind);
    const double proj = firm ? 0.5 : (emp_.budget[e] > 0 ? std::min(1.0, emp_.gov_project[e] / emp_.budget[e]) : 0);
    // Staff whose wages could not be paid this month (the employer ran out of money)
    // produce in proportion to the share that was paid.
    emp_.rate_mult[e] = f * (1 + p_.project_count_boost * proj) * emp_.spend_ratio[e];
    emp_.tail_alpha[e] = p_.tail_alpha_stable + (p_.tail_alpha_project - p_.tail_alpha_stable) * proj +
                         (firm ? 0.0 : lev_.tail_alpha_shift);
  }
  ledger_.spent += spent_emp;

  // --- per area: knowledge within reach (own capability widened by foreign access),
  // relative to the start; and the scale of output values relative to the frontier.
  std::vector<double> xm(A);
  for (std::size_t a = 0; a < A; ++a) {
    const double k = cap_[a] * (1 + access_[a]);
    const double k0 = cap0_[a] * (1 + access0_[a]);
    access_g_[a] = std::pow(k / k0, p_.access_beta) * lev_.concentration[a];
    xm[a] = std::pow(cap_[a], p_.value_scale_capability);
  }
  const double world_threshold = std::pow(10.0, 1.0 / p_.world_tail_alpha);
  const double p_co = std::min(0.95, p_.coauthor_base * (1 + p_.coauthor_trend * (year - 2010)) * lev_.coauthor_level);
  const double rate_stage[kStages] = {p_.rate_basic / 12, p_.rate_applied / 12, p_.rate_development / 12};
  const double career_mult[3] = {p_.career_mult_doctoral, 1.0, p_.career_mult_senior};
  const double premium = lev_.returnee_premium;

  const std::size_t n = res_.size();
  // Gather pass: expected outputs this month. The random reads of employer columns
  // happen here, in their own pass, not in the update loop below.
  engine::parallel_blocks(n, engine::kDefaultBlock, [&](std::size_t b, std::size_t e, std::size_t) {
    const auto* __restrict__ emp = res_.emp.data();
    const auto* __restrict__ mult = emp_.rate_mult.data();
    for (std::size_t i = b; i < e; ++i) {
      if (res_.abroad[i]) { res_.rate[i] = 0; continue; }
      res_.rate[i] = float(rate_stage[res_.stage[i]] * res_.q[i] * career_mult[res_.career[i]] *
                           (1 + premium * res_.returnee[i]) * mult[emp[i]] * access_g_[res_.area[i]]);
    }
  });

  const auto tick = std::uint32_t(tick_);
  const std::uint64_t seed = plan_.seed;
  std::vector<double> acc(L.width);
  engine::deterministic_sum(n, engine::kDefaultBlock, L.width, [&](std::size_t b, std::size_t e, double* out) {
    double u[engine::kDefaultBlock];
    engine::fill_uniform(seed, kPopResearchers, kPurposeProduce, tick, res_.ids.serials().data() + b, e - b, u);
    const float* __restrict__ rate = res_.rate.data();
    for (std::size_t i = b; i < e; ++i) {
      const std::uint32_t k = dist::poisson_from_u(u[i - b], rate[i]);
      if (k == 0) continue;  // the common case: nothing this month
      const std::uint32_t em = res_.emp[i];
      const int stage = res_.stage[i];
      const std::size_t a = res_.area[i];
      const std::size_t cell = a * kStages + std::size_t(stage);
      const std::size_t chain_cell =
          ((std::size_t(res_.cls[i]) * kRegions + res_.region[i]) * A + a) * kStages + std::size_t(stage);
      CounterRng vr(StreamKey{seed, kPopResearchers, kPurposeValue, res_.ids.serial_at(std::uint32_t(i)), tick});
      const bool firm = res_.cls[i] == std::uint8_t(ProducerClass::Firm);
      const double paper = stage == 0 ? 1.0 : (stage == 1 && !firm) ? p_.applied_paper_share : 0.0;
      const double co = std::min(1.0, p_co * (res_.returnee[i] ? p_.coauthor_returnee_mult : 1.0));
      const double alpha = emp_.tail_alpha[em];
      std::uint32_t hc = 0;
      for (std::uint32_t j = 0; j < k; ++j) {
        const double v = dist::pareto_from_u(vr.uniform(), xm[a], alpha);
        out[L.value + cell] += v;
        if (v > world_threshold) {
          ++hc;
          if (stage < 2) out[L.misc + Layout::kInventValue] += v;
        }
      }
      out[L.count + cell] += k;
      out[L.hc + cell] += hc;
      out[L.chain + chain_cell] += k;
      out[L.misc + Layout::kPapers] += paper * k;
      out[L.misc + Layout::kCoauth] += paper * k * co;
      out[L.misc + Layout::kHcPapers] += paper * hc;
      // Integer counters: concurrent increments commute, so the totals are exact and
      // independent of the thread count.
      std::atomic_ref<std::uint32_t>(emp_.outputs[em]).fetch_add(k, std::memory_order_relaxed);
      if (hc) std::atomic_ref<std::uint32_t>(emp_.hc_outputs[em]).fetch_add(hc, std::memory_order_relaxed);
    }
  }, acc.data());
  agent_ticks_ += double(n);

  for (std::size_t c = 0; c < L.cells; ++c) {
    y_.count[c] += acc[L.count + c];
    y_.value[c] += acc[L.value + c];
    y_.hc[c] += acc[L.hc + c];
  }
  std::copy(acc.begin() + long(L.chain), acc.begin() + long(L.misc), chain_count_.begin());
  y_.papers += acc[L.misc + Layout::kPapers];
  y_.papers_coauthored += acc[L.misc + Layout::kCoauth];
  y_.hc_papers += acc[L.misc + Layout::kHcPapers];
  y_.invent_value += acc[L.misc + Layout::kInventValue];
}

void Simulation::gap_crossings() {
  const std::size_t A = areas_.size();
  const double inhouse[kProducerClasses] = {p_.inhouse_university, p_.inhouse_institute, p_.inhouse_institute,
                                            p_.inhouse_firm};
  const double incentive[kProducerClasses] = {p_.incentive_university, p_.incentive_institute,
                                              p_.incentive_new_style, p_.incentive_firm};
  const double cluster[kRegions] = {p_.cluster_share_beijing, p_.cluster_share_yangtze, p_.cluster_share_guangdong,
                                    p_.cluster_share_rest};
  const double delta = p_.distance_decay;
  std::fill(effort_now_.begin(), effort_now_.end(), 0.0);
  const auto tick = std::uint32_t(tick_);
  // Patenting propensities rose with the IP strategy, subsidies and internationalisation.
  const int prop_years = std::min(current_year(), int(p_.propensity_growth_end_year)) - 2010;
  const double patent_rate = p_.patent_grants_per_output * std::pow(1 + p_.patent_propensity_growth, prop_years);
  const double pct_rate = p_.pct_per_firm_output * std::pow(1 + p_.pct_propensity_growth, prop_years);
  for (int c = 0; c < kProducerClasses; ++c)
    for (int r = 0; r < kRegions; ++r)
      for (std::size_t a = 0; a < A; ++a) {
        const std::size_t base = ((std::size_t(c) * kRegions + std::size_t(r)) * A + a) * kStages;
        const double basic = chain_count_[base + 0], applied = chain_count_[base + 1], dev = chain_count_[base + 2];
        // Where the first user sits: same organisation (d=0), same consortium (1), same
        // cluster (2), same region (3), elsewhere in the country (4), abroad (5).
        // Expected exp(-delta d) over where the first user sits: same organisation (d=0),
        // same consortium (1), same cluster (2), same region (3), elsewhere in the
        // country (4), abroad (5). Consortia, associations and clusters work by moving
        // users closer.
        auto reach = [&](double consortium) {
          const double p0 = std::min(1.0, inhouse[c] + lev_.inhouse_bonus[std::size_t(r)]);
          const double rest = 1 - p0;
          const double p5 = rest * p_.abroad_user_share;
          const double p1 = (rest - p5) * std::clamp(consortium, 0.0, 1.0);
          const double m = rest - p5 - p1;
          const double cl = std::min(1.0, cluster[r] + lev_.cluster_bonus[std::size_t(r)]);
          const double p2 = m * cl, p3 = m * (1 - cl) * p_.same_region_share, p4 = m * (1 - cl) * (1 - p_.same_region_share);
          return p0 + p1 * std::exp(-delta) + p2 * std::exp(-2 * delta) + p3 * std::exp(-3 * delta) +
                 p4 * std::exp(-4 * delta) + p5 * std::exp(-5 * delta);
        };
        // Absorptive capacity of users: their capability relative to the frontier.
        const double absorb = std::sqrt(cap_[a]);
        const double m_inc = incentive[c] * lev_.incentive_mult[std::size_t(c)] * lev_.area_incentive[a];
        const double q1 = std::min(1.0, p_.p0_gap1 * absorb * reach(lev_.consortium_gap1[a]) * m_inc);
        const double q2 = std::min(1.0, p_.p0_gap2 * absorb * reach(lev_.consortium_gap2[a]) * m_inc);
        CounterRng rng(StreamKey{plan_.seed, kPopChain, kPurposeGap, std::uint32_t(base), tick});
        const double x1 = basic > 0 ? dist::binomial(rng, std::uint32_t(basic), q1) : 0;
        const double eng = applied + x1;
        const double x2 = eng > 0 ? dist::binomial(rng, std::uint32_t(eng), q2) : 0;
        y_.gap1_in[a] += basic;
        y_.gap1_out[a] += x1;
        y_.gap2_in[a] += eng;
        y_.gap2_out[a] += x2;
        effort_now_[a] += eng + dev + x2;
        y_.patents += patent_rate * (eng + (c == int(ProducerClass::Firm) ? dev : 0));
        if (c == int(ProducerClass::Firm)) y_.pct += pct_rate * (applied + dev);
        y_.adapt_outputs += dev;
      }
}

void Simulation::update_capability() {
  const std::size_t A = areas_.size();
  const bool first_year = tick_ < 12;
  if (first_year) effort_ticks_ += 1;
  const double w[kChannels] = {p_.access_imports, p_.access_licences, p_.access_joint_ventures, p_.access_fdi,
                               p_.access_collaboration, p_.access_returnees, p_.access_illicit};
  for (std::size_t a = 0; a < A; ++a) {
    if (first_year) effort_ref_[a] += effort_now_[a];
    const double ref = effort_ref_[a] / std::max(1.0, effort_ticks_);
    const double e_norm = ref > 0 ? effort_now_[a] / ref : 1.0;
    double acc = 0;
    for (int c = 0; c < kChannels; ++c) acc += w[c] * lev_.channel_level[c] * (c < kCollaboration ? 1 - lev_.access_cut[a] : 1.0);
    access_[a] = acc;
    const double g = areas_[a].frontier_growth;
    const double r = cap_[a];
    // Concentrated resources speed engineering catch-up in areas that can be emulated;
    // novel areas get only part of the effect (brief 001).
    const double conc = 1 + (lev_.concentration[a] - 1) * (areas_[a].novel ? p_.novel_concentration_response : 1.0);
    const double dr = (eta_[a] * std::pow(e_norm * conc, p_.effort_elasticity) * (1 - r) + kappa_[a] * acc * (1 - r) -
                       (p_.capability_decay + g) * r) / 12.0;
    cap_[a] = std::clamp(r + dr, 0.0, 1.0);
    frontier_[a] *= std::pow(1 + g, 1.0 / 12.0);
  }
}

void Simulation::year_end() {
  // Firms' unspent R&D money goes back to the firm; knowledge organisations carry over.
  double prod_log_change = 0, sales_w = 0;
  const std::size_t A = areas_.size();
  std::vector<double> firm_staff_area(A, 0);
  for (std::size_t e = 0; e < emp_.size(); ++e)
    if (is_firm(EmployerKind(emp_.kind[e]))) firm_staff_area[emp_.area[e]] += emp_.headcount[e];
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    if (!is_firm(EmployerKind(emp_.kind[e]))) {
      emp_.cycle_output[e] += emp_.outputs[e] + 4.0 * emp_.hc_outputs[e];
    } else {
      ledger_.returned += emp_.funds[e];
      y_.returned += emp_.funds[e];
      emp_.funds[e] = emp_.funds_gov[e] = 0;
      // Productivity rises with the firm's own outputs and with the products of its area
      // it adopts (gap-2 crossings, shared by R&D staff); plus a persistent shock.
      const int a = emp_.area[e];
      const double adopted = firm_staff_area[a] > 0 ? y_.gap2_out[a] * emp_.headcount[e] / firm_staff_area[a] : 0;
      CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeProductivityShock, emp_.ids.serial_at(e), std::uint32_t(tick_)});
      const double per_sales = (emp_.outputs[e] + adopted) / std::max(1e-9, emp_.sales[e] * 1e3);
      const double dlog = p_.productivity_gain * std::min(per_sales, 10.0) + dist::normal(r, 0, 0.02);
      emp_.productivity[e] *= std::exp(dlog);
      prod_log_change += dlog * emp_.sales[e];
      sales_w += emp_.sales[e];
      if (EmployerKind(emp_.kind[e]) == EmployerKind::Soe) y_.sales_soe += emp_.sales[e];
    }
    emp_.outputs[e] = 0;
    emp_.hc_outputs[e] = 0;
  }
  // Protection keeps manufacturing that the market would shed: the cost in prices and
  // quality is a loss of aggregate productivity (protection_cost_per_point per point kept).
  y_.tfp_log_change = (sales_w > 0 ? prod_log_change / sales_w : 0) -
                      lev_.manufacturing_protection * p_.protection_cost_per_point;
  tfp_index_ *= std::exp(y_.tfp_log_change);
  // Manufacturing share: a market path plus what protection keeps above it.
  const int year = current_year();
  manufacturing_share_ = std::clamp(p_.manufacturing_share_2010 + p_.manufacturing_drift * (year - 2010) +
                                        lev_.manufacturing_protection, 0.0, 1.0);
}

}  // namespace nisim::model
