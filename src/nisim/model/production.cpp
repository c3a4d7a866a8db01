// Monthly rules: spending (the money ledger) and knowledge production per researcher
// (MECHANICS.md section 3); the yearly close of firms' accounts and productivity. The
// gaps are in chain.cpp, knowledge stocks and capability in knowledge.cpp. Gather passes
// first, then the vectorisable update.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

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
  std::size_t A, cells, count, value, hc, misc, width;
  explicit Layout(std::size_t areas) : A(areas) {
    cells = A * kStages;
    count = 0;
    value = count + cells;
    hc = value + cells;
    misc = hc + cells;
    width = misc + kMisc;
  }
  enum Misc : std::size_t { kPapers = 0, kCoauth, kHcPapers, kInventValue, kFirmDev, kFirmApplied, kMisc };
};
}  // namespace

void Simulation::monthly_spend_and_produce() {
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
    // Output multiplier: diminishing returns to funding per head. What the money is for
    // (safe or risky lines) is the teams' choice (teams.cpp). Staff whose wages could not
    // be paid this month (the employer ran out of money) produce in proportion to the
    // share that was paid.
    const double per_head = emp_.budget[e] / (std::max(1.0, heads) * emp_.cost[e]);
    const double f = std::clamp(std::pow(std::max(per_head, 1e-9), p_.funding_phi), 0.5, 2.0);
    emp_.rate_mult[e] = f * emp_.spend_ratio[e];
  }
  ledger_.spent += spent_emp;

  // --- per area: knowledge within reach (own capability widened by foreign access),
  // relative to the start; and the scale of output values relative to the frontier.
  std::vector<double> xm(A);
  for (std::size_t a = 0; a < A; ++a) {
    const double k = cap_[a] * (1 + access_[a]);
    const double k0 = cap0_[a] * (1 + access0_[a]);
    access_g_[a] = std::pow(k / k0, p_.access_beta);
    xm[a] = value_scale_[a] = std::pow(cap_[a], p_.value_scale_capability);
  }
  const double world_threshold = std::pow(10.0, 1.0 / p_.world_tail_alpha);
  // A paper has a co-author abroad with a probability that rises with its author's foreign
  // ties (docs/model.md 6.5); co-authored outputs are worth more (collab_value_premium).
  // Both enter as expectations (no draw per output): the co-authored count is the expected
  // number and the value carries the expected premium, which keeps the seed noise of
  // values, stocks and capability what it is without collaboration.
  const double co_untied = p_.coauthor_untied, co_span = p_.coauthor_tied - p_.coauthor_untied;
  const double premium_co = p_.collab_value_premium;
  const double rate_stage[kStages] = {p_.rate_basic / 12, p_.rate_applied / 12, p_.rate_development / 12};
  const double career_mult[3] = {p_.career_mult_doctoral, 1.0, p_.career_mult_senior};
  const double premium = lev_.returnee_premium;

  const std::size_t n = res_.size();
  // Gather pass: expected outputs this month. The random reads of employer columns
  // happen here, in their own pass, not in the update loop below.
  engine::parallel_blocks(n, engine::kDefaultBlock, [&](std::size_t b, std::size_t e, std::size_t) {
    const auto* __restrict__ emp = res_.emp.data();
    const auto* __restrict__ mult = emp_.rate_mult.data();
    const auto* __restrict__ line = team_.count_mult.data();
    for (std::size_t i = b; i < e; ++i) {
      if (res_.abroad[i]) { res_.rate[i] = 0; continue; }
      res_.rate[i] = float(rate_stage[res_.stage[i]] * res_.q[i] * career_mult[res_.career[i]] *
                           (1 + premium * res_.returnee[i]) * mult[emp[i]] * line[res_.team[i]] *
                           access_g_[res_.area[i]]);
    }
  });

  const auto tick = std::uint32_t(tick_);
  const std::uint64_t seed = plan_.seed;
  std::vector<double> acc(L.width);
  // Discoveries and engineering achievements wait in per-block lists (in block order, so
  // the lists do not depend on the thread count) to be offered across the gaps.
  const std::size_t blocks = engine::block_count(n, engine::kDefaultBlock);
  cand_basic_.resize(blocks);
  cand_applied_.resize(blocks);
  for (auto& v : cand_basic_) v.clear();
  for (auto& v : cand_applied_) v.clear();
  const double vcap = p_.knowledge_value_cap;
  const double alpha_risky = p_.tail_alpha_risky, alpha_safe = p_.tail_alpha_safe;
  engine::deterministic_sum(n, engine::kDefaultBlock, L.width, [&](std::size_t b, std::size_t e, double* out) {
    auto& basic = cand_basic_[b / engine::kDefaultBlock];
    auto& applied = cand_applied_[b / engine::kDefaultBlock];
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
      const std::uint32_t h = res_.hold[i];
      CounterRng vr(StreamKey{seed, kPopResearchers, kPurposeValue, res_.ids.serial_at(std::uint32_t(i)), tick});
      const bool firm = res_.cls[i] == std::uint8_t(ProducerClass::Firm);
      const double paper = stage == 0 ? 1.0 : (stage == 1 && !firm) ? p_.applied_paper_share : 0.0;
      const double co = paper > 0 ? std::clamp(co_untied + co_span * double(res_.ties[i]), 0.0, 1.0) : 0.0;
      const double co_premium = 1 + (premium_co - 1) * co;
      const std::uint32_t tm = res_.team[i];
      const double pick = team_.risky_pick[tm];
      std::uint32_t hc = 0;
      double learned = 0;
      for (std::uint32_t j = 0; j < k; ++j) {
        // Each output comes from one of the team's lines: a risky one with probability
        // `pick` (thick tail), else a safe one.
        const double alpha = vr.uniform() < pick ? alpha_risky : alpha_safe;
        const double v = dist::pareto_from_u(vr.uniform(), xm[a], alpha) * co_premium;
        out[L.value + cell] += v;
        learned += std::min(v / xm[a], vcap);
        if (v > world_threshold) {
          ++hc;
          if (stage < 2) out[L.misc + Layout::kInventValue] += v;
        }
        if (stage == 0) basic.push_back({h, float(v)});
        else if (stage == 1) applied.push_back({h, float(v)});
      }
      // The producer learns from its own discoveries and engineering achievements: each
      // adds its value relative to the area's value scale (what it adds beyond the area's
      // current level), bounded per output, in units of the frontier of the day (work
      // done on today's technology embodies today's state of the art). Development outputs are adaptations of products
      // already made (SCSP's "adapting"): they add no new knowledge; products enter stocks
      // when an engineering achievement is taken up across gap 2 (chain.cpp).
      // In a novel area the line's best result is what counts: the results wait in the
      // team's monthly sum for team_knowledge() (teams.cpp).
      if (stage < 2) {
        if (novel_[a]) {
          std::atomic_ref<std::uint64_t>(team_.month_value[tm]).fetch_add(value_to_inflow(learned), std::memory_order_relaxed);
          std::atomic_ref<std::uint32_t>(team_.month_count[tm]).fetch_add(k, std::memory_order_relaxed);
        } else {
          std::atomic_ref<std::uint64_t>(hold_.inflow[h][std::size_t(stage)])
              .fetch_add(value_to_inflow(learned * frontier_[a]), std::memory_order_relaxed);
        }
      }
      out[L.count + cell] += k;
      out[L.hc + cell] += hc;
      if (firm) out[L.misc + (stage == 2 ? Layout::kFirmDev : Layout::kFirmApplied)] += double(stage > 0) * k;
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
  // Patents: engineering achievements (applied outputs here, discoveries taken up in
  // chain.cpp) and firms' development outputs; PCT filings: firms' applied and
  // development outputs.
  double applied_all = 0, dev_all = 0;
  for (std::size_t a = 0; a < A; ++a) {
    applied_all += acc[L.count + a * kStages + 1];
    dev_all += acc[L.count + a * kStages + 2];
  }
  y_.patents += patent_rate() * (applied_all + acc[L.misc + Layout::kFirmDev]);
  y_.pct += pct_rate() * (acc[L.misc + Layout::kFirmApplied] + acc[L.misc + Layout::kFirmDev]);
  y_.adapt_outputs += dev_all;
  y_.papers += acc[L.misc + Layout::kPapers];
  y_.papers_coauthored += acc[L.misc + Layout::kCoauth];
  y_.hc_papers += acc[L.misc + Layout::kHcPapers];
  y_.invent_value += acc[L.misc + Layout::kInventValue];
  team_knowledge();
}

double Simulation::patent_rate() const {
  // Patenting propensities rose with the IP strategy, subsidies and internationalisation.
  const int years = std::min(current_year(), int(p_.propensity_growth_end_year)) - 2010;
  return p_.patent_grants_per_output * std::pow(1 + p_.patent_propensity_growth, years);
}

double Simulation::pct_rate() const {
  const int years = std::min(current_year(), int(p_.propensity_growth_end_year)) - 2010;
  return p_.pct_per_firm_output * std::pow(1 + p_.pct_propensity_growth, years);
}

void Simulation::year_end() {
  // Firms' unspent R&D money goes back to the firm; knowledge organisations carry over.
  // TFP growth is the sales-weighted mean of firms' own productivity changes; aggregate
  // productivity is the sales-weighted mean log productivity after them (9.4).
  double prod_log_change = 0, log_p_after = 0, sales_w = 0, kept_sales = 0;
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    if (!is_firm(EmployerKind(emp_.kind[e]))) {
      emp_.cycle_output[e] += emp_.outputs[e] + 4.0 * emp_.hc_outputs[e];
    } else {
      ledger_.returned += emp_.funds[e];
      y_.returned += emp_.funds[e];
      emp_.funds[e] = emp_.funds_gov[e] = 0;
      // Productivity follows the firm's knowledge stock in its area (an R&D-capital
      // production function, Griliches 1979): its own outputs and what it took up across
      // the gaps and from abroad, net of depreciation; plus a persistent shock. The stock
      // is offset by one average researcher's knowledge, so that a firm with (almost)
      // nothing yet does not jump at its first hire.
      const auto h = emp_.hold_first[e];
      const std::size_t a = emp_.area[e];
      double dlog = 0;
      if (h != kNoHolding) {
        const auto& st = hold_.stock[h];
        const double k = st[0] + st[1] + st[2] + area_k_per_head_[a];
        const double log_k = k > 0 ? std::log(k) : std::numeric_limits<double>::quiet_NaN();
        if (std::isfinite(emp_.log_stock[e]) && std::isfinite(log_k))
          dlog = p_.rd_capital_elasticity * (log_k - emp_.log_stock[e]);
        emp_.log_stock[e] = log_k;
      }
      CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeProductivityShock, emp_.ids.serial_at(e), std::uint32_t(tick_)});
      dlog += dist::normal(r, 0, 0.02);
      emp_.productivity[e] *= std::exp(dlog);
      emp_.prod_change[e] = dlog;
      prod_log_change += dlog * emp_.sales[e];
      log_p_after += emp_.sales[e] * std::log(emp_.productivity[e]);
      sales_w += emp_.sales[e];
      if (emp_.kept[e]) kept_sales += emp_.sales[e];
      if (EmployerKind(emp_.kind[e]) == EmployerKind::Soe) y_.sales_soe += emp_.sales[e];
    }
    emp_.outputs[e] = 0;
    emp_.hc_outputs[e] = 0;
  }
  y_.tfp_log_change = sales_w > 0 ? prod_log_change / sales_w : 0;
  tfp_index_ *= std::exp(y_.tfp_log_change);
  // Aggregate productivity also moves with market shares shifting between firms and with
  // entry and exit (Olley and Pakes 1996): where firms differ in productivity
  // (firm_productivity_sigma > 0), those that protection keeps alive hold sales at low
  // productivity and lower it. Relative to the first December.
  if (sales_w > 0) {
    if (!std::isfinite(log_p_first_)) log_p_first_ = log_p_after / sales_w;
    aggregate_productivity_ = std::exp(log_p_after / sales_w - log_p_first_);
  }
  // Manufacturing share: a market path plus the value added of the firms protection keeps,
  // which the market path has shed; their subsidy is the cost in money (9.5).
  const int year = current_year();
  const double gdp_agents = gdp(year) * plan_.scale;
  manufacturing_share_ = std::clamp(p_.manufacturing_share_2010 + p_.manufacturing_drift * (year - 2010) +
                                        p_.manufacturing_va_per_sales * kept_sales / gdp_agents,
                                    0.0, 1.0);
  protection_cost_ = p_.protection_subsidy_share * kept_sales / gdp_agents;
}

}  // namespace nisim::model
