// Knowledge held by organisations (MECHANICS.md sections 3-5, docs/model.md "Knowledge
// stocks"): one holding per employer and area, its stocks by stage, memberships that set
// the distance between organisations, absorptive capacity, and the area's capability as
// the stock of its firms and institutes against the frontier.
//
//   K_h,s(t+1) = K_h,s (1 - delta_K / 12) + I_h,s (1 - C_a)
//   C_a        = sum over firms and institutes of (K_applied + K_development) / (Q_a F_a)
//
// I is what the holder added this month, in units of the frontier of the day: the capped
// value of its own outputs, what it took up across the gaps, and (firms and institutes)
// its part of the foreign-access flow. Constant effort therefore keeps a constant
// distance to an advancing frontier, as in MECHANICS.md section 5. The
// factor (1 - C_a) is the advantage of backwardness: near the frontier an output adds less
// that is new. Q_a is set once, at the end of the first year, so that the first year is a
// steady state (perpetual-inventory start, K0 = flow / (g + delta); Griliches 1979).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include <nisim/engine/parallel.hpp>
#include <nisim/engine/rng.hpp>
#include <nisim/model/simulation.hpp>

namespace nisim::model {

using engine::CounterRng;
using engine::StreamKey;

namespace {
// Firms and institutes make up an area's capability; universities and their labs hold
// stocks (they absorb and produce) but do not make products.
bool capability_holder(EmployerKind k) { return performer_of(k) != Performer::University; }

// Holdings per block of the parallel passes: a constant, so that the order of the sums,
// and the results, never depend on the number of threads.
constexpr std::size_t kHoldingBlock = 8192;

// A stable draw per (employer, key): memberships keep their members from year to year
// and change only when the share changes.
double stable_uniform(std::uint64_t seed, std::uint32_t serial, std::uint32_t key) {
  CounterRng r(StreamKey{seed, kPopEmployers, kPurposeMembership, serial, key});
  return r.uniform();
}
}  // namespace

void Simulation::rebuild_holdings() {
  const std::size_t A = areas_.size();
  Holdings old = std::move(hold_);
  hold_ = Holdings{};
  std::vector<std::uint8_t> carried;
  std::vector<std::uint32_t> old_index;
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    const bool firm = is_firm(EmployerKind(emp_.kind[e]));
    const std::uint32_t old_first = emp_.hold_first[e];
    emp_.hold_first[e] = std::uint32_t(hold_.size());
    const std::size_t n = firm ? 1 : A;
    for (std::size_t j = 0; j < n; ++j) {
      hold_.emp.push_back(e);
      hold_.area.push_back(std::uint16_t(firm ? emp_.area[e] : j));
      hold_.stock.push_back(old_first == kNoHolding ? std::array<double, kStages>{0, 0, 0}
                                                    : old.stock[old_first + j]);
      carried.push_back(old_first != kNoHolding);
      old_index.push_back(old_first == kNoHolding ? kNoHolding : old_first + std::uint32_t(j));
    }
  }
  const std::size_t H = hold_.size();
  hold_.heads.assign(H, {0, 0, 0});
  hold_.member.assign(H, 0);
  hold_.absorb.assign(H, 0);
  hold_.inflow.assign(H, {0, 0, 0});
  for (std::size_t i = 0; i < res_.size(); ++i) {
    if (res_.abroad[i]) {
      res_.hold[i] = kNoHolding;
      continue;
    }
    const auto e = res_.emp[i];
    const auto h = emp_.hold_first[e] + (is_firm(EmployerKind(emp_.kind[e])) ? 0u : std::uint32_t(res_.area[i]));
    res_.hold[i] = h;
    hold_.heads[h][res_.stage[i]]++;
  }
  // New holders (entrants, new labs) start with part of the know-how per researcher of
  // their area's incumbents; in the first month every holder starts with one unit per
  // researcher, a placeholder replaced at the end of the first year (finish_spin_up).
  std::vector<std::array<double, kStages>> k_sum(A, {0, 0, 0}), h_sum(A, {0, 0, 0});
  for (std::size_t h = 0; h < H; ++h)
    if (carried[h])
      for (int s = 0; s < kStages; ++s) {
        k_sum[hold_.area[h]][s] += hold_.stock[h][s];
        h_sum[hold_.area[h]][s] += hold_.heads[h][s];
      }
  for (std::size_t h = 0; h < H; ++h) {
    if (carried[h]) continue;
    for (int s = 0; s < kStages; ++s) {
      const std::size_t a = hold_.area[h];
      const double per_head = tick_ == 0 ? 1.0 : h_sum[a][s] > 0 ? k_sum[a][s] / h_sum[a][s] : 0.0;
      hold_.stock[h][s] = double(hold_.heads[h][s]) * per_head * (tick_ == 0 ? 1.0 : p_.entrant_knowledge_share);
    }
  }
  if (!spun_up_) spin_hold_.assign(H, {0, 0, 0});
  rebuild_teams(old, old_index);
  set_memberships();
  build_user_pools();
  compute_absorptive_capacity();
}

void Simulation::set_memberships() {
  // Cluster, association and consortium membership: a stable draw per organisation
  // against the share set by the levers (clusters and zones, innovation associations,
  // innovation consortia, supply-chain architects). Raising a share adds members, never
  // replaces them.
  const double cluster[kRegions] = {p_.cluster_share_beijing, p_.cluster_share_yangtze, p_.cluster_share_guangdong,
                                    p_.cluster_share_rest};
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    const auto serial = emp_.ids.serial_at(e);
    const int r = emp_.region[e];
    emp_.in_cluster[e] = stable_uniform(plan_.seed, serial, 0xffff0001u) <
                         std::min(1.0, cluster[r] + lev_.cluster_bonus[std::size_t(r)]);
    emp_.in_association[e] =
        stable_uniform(plan_.seed, serial, 0xffff0002u) < lev_.association_share[std::size_t(r)];
  }
  for (std::size_t h = 0; h < hold_.size(); ++h) {
    const auto e = hold_.emp[h];
    const std::size_t a = hold_.area[h];
    const double share = lev_.consortium_share[a][std::size_t(producer_class(EmployerKind(emp_.kind[e])))];
    hold_.member[h] = share > 0 && stable_uniform(plan_.seed, emp_.ids.serial_at(e), std::uint32_t(a)) < share;
  }
}

void Simulation::compute_absorptive_capacity() {
  // Cohen-Levinthal: a user absorbs in proportion to its own knowledge. Its knowledge per
  // researcher relative to the area's average, times the area's capability ratio, is its
  // own distance to the frontier; capacity is that ratio to the power epsilon.
  const std::size_t A = areas_.size(), H = hold_.size();
  // Per-area sums in a deterministic order (blocks of a fixed size), then the
  // per-holding update in parallel: each holding writes only its own capacity.
  std::vector<double> sums(2 * A);
  engine::deterministic_sum(H, kHoldingBlock, 2 * A, [&](std::size_t b, std::size_t e, double* out) {
    for (std::size_t h = b; h < e; ++h) {
      const auto& st = hold_.stock[h];
      const auto& hd = hold_.heads[h];
      out[hold_.area[h]] += st[0] + st[1] + st[2];
      out[A + hold_.area[h]] += double(hd[0]) + hd[1] + hd[2];
    }
  }, sums.data());
  for (std::size_t a = 0; a < A; ++a) area_k_per_head_[a] = sums[A + a] > 0 ? sums[a] / sums[A + a] : 0;
  const double eps = p_.absorptive_elasticity;
  engine::parallel_blocks(H, kHoldingBlock, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t h = b; h < e; ++h) {
      const auto& st = hold_.stock[h];
      const auto& hd = hold_.heads[h];
      const double heads = double(hd[0]) + hd[1] + hd[2];
      const std::size_t a = hold_.area[h];
      if (heads == 0) {
        hold_.absorb[h] = 0;
        continue;
      }
      const double rel = area_k_per_head_[a] > 0 ? (st[0] + st[1] + st[2]) / heads / area_k_per_head_[a] : 1.0;
      hold_.absorb[h] = std::pow(std::min(1.0, cap_[a] * rel), eps);
    }
  });
}

void Simulation::update_knowledge() {
  const std::size_t A = areas_.size();
  const double w[kChannels] = {p_.access_imports, p_.access_licences, p_.access_joint_ventures, p_.access_fdi,
                               p_.access_collaboration, p_.access_returnees, p_.access_illicit};
  for (std::size_t a = 0; a < A; ++a) {
    double acc = 0;
    for (int c = 0; c < kChannels; ++c)
      acc += w[c] * lev_.channel_level[c] * (c < kCollaboration ? 1 - lev_.access_cut[a] : 1.0) *
             (c == kCollaboration ? ties_rel_ : 1.0);
    access_[a] = acc;
  }
  // Foreign access lands in the firms and institutes of the area that can absorb it, in
  // proportion to their applied and development staff times their absorptive capacity.
  const std::size_t H = hold_.size();
  std::vector<double> absorb_sum(A);
  engine::deterministic_sum(H, kHoldingBlock, A, [&](std::size_t b, std::size_t e, double* out) {
    for (std::size_t h = b; h < e; ++h)
      if (capability_holder(EmployerKind(emp_.kind[hold_.emp[h]])))
        out[hold_.area[h]] += (double(hold_.heads[h][1]) + hold_.heads[h][2]) * hold_.absorb[h];
  }, absorb_sum.data());

  const bool spinning = !spun_up_;
  if (spinning) {
    // First year: capability stays at its starting ratio while the flows are measured.
    for (std::size_t h = 0; h < hold_.size(); ++h)
      if (capability_holder(EmployerKind(emp_.kind[hold_.emp[h]])))
        for (int s = 1; s < kStages; ++s) spin_flow_[hold_.area[h]] += inflow_to_value(hold_.inflow[h][s]);
    for (std::size_t h = 0; h < hold_.size(); ++h)
      for (int s = 0; s < kStages; ++s) spin_hold_[h][s] += inflow_to_value(hold_.inflow[h][s]);
    if (tick_ % 12 == 11) finish_spin_up(absorb_sum);
  } else {
    const double keep = 1 - p_.knowledge_depreciation / 12;
    // Each holding updates only its own stocks: in parallel.
    engine::parallel_blocks(H, kHoldingBlock, [&](std::size_t b, std::size_t e, std::size_t) {
      for (std::size_t h = b; h < e; ++h) {
        const std::size_t a = hold_.area[h];
        const double room = 1 - cap_[a];
        auto& st = hold_.stock[h];
        double add[kStages];
        for (int s = 0; s < kStages; ++s) add[s] = inflow_to_value(hold_.inflow[h][s]);
        if (absorb_sum[a] > 0 && capability_holder(EmployerKind(emp_.kind[hold_.emp[h]]))) {
          const double share = (double(hold_.heads[h][1]) + hold_.heads[h][2]) * hold_.absorb[h] / absorb_sum[a];
          const double foreign = kappa_flow_[a] * access_[a] * frontier_[a] * share;
          const double staff = double(hold_.heads[h][1]) + hold_.heads[h][2];
          if (staff > 0) {
            add[1] += foreign * hold_.heads[h][1] / staff;
            add[2] += foreign * hold_.heads[h][2] / staff;
          }
        }
        for (int s = 0; s < kStages; ++s) st[s] = st[s] * keep + add[s] * room;
        hold_.inflow[h] = {0, 0, 0};
      }
    });
  }
  if (spinning)
    for (auto& f : hold_.inflow) f = {0, 0, 0};  // after the update the loop above clears them

  sum_capability_stocks();
  for (std::size_t a = 0; a < A; ++a) {
    frontier_[a] *= std::pow(1 + areas_[a].frontier_growth, 1.0 / 12.0);
    // An area that had no firm or institute stock at the end of the first year (possible
    // only at tiny scales) has no normalisation and keeps its starting capability.
    if (spun_up_ && cap_norm_[a] > 0) cap_[a] = std::clamp(cap_stock_[a] / (cap_norm_[a] * frontier_[a]), 0.0, 1.0);
  }
  compute_absorptive_capacity();
}

void Simulation::sum_capability_stocks() {
  engine::deterministic_sum(hold_.size(), kHoldingBlock, areas_.size(), [&](std::size_t b, std::size_t e, double* out) {
    for (std::size_t h = b; h < e; ++h)
      if (capability_holder(EmployerKind(emp_.kind[hold_.emp[h]])))
        out[hold_.area[h]] += hold_.stock[h][1] + hold_.stock[h][2];
  }, cap_stock_.data());
}

void Simulation::finish_spin_up(const std::vector<double>& absorb_sum) {
  // Perpetual-inventory start: each holder's stock is the steady state of its first-year
  // inflow (own outputs and uptake, with the advantage-of-backwardness factor), plus its
  // part of the foreign-access flow; the access flow is sized so that it makes up the
  // documented share of capability growth (access_share_emulation / access_share_novel).
  const std::size_t A = areas_.size();
  std::vector<double> foreign_year(A, 0);
  for (std::size_t a = 0; a < A; ++a) {
    const double share = areas_[a].novel ? p_.access_share_novel : p_.access_share_emulation;
    foreign_year[a] = share < 1 ? spin_flow_[a] * share / (1 - share) : 0;
    kappa_flow_[a] = access_[a] > 0 ? foreign_year[a] / 12.0 / access_[a] : 0;
  }
  for (std::size_t h = 0; h < hold_.size(); ++h) {
    const std::size_t a = hold_.area[h];
    const double r0 = cap_[a];
    const double denom = p_.knowledge_depreciation + areas_[a].frontier_growth;
    double flow[kStages] = {spin_hold_[h][0], spin_hold_[h][1], spin_hold_[h][2]};
    const double staff = double(hold_.heads[h][1]) + hold_.heads[h][2];
    if (absorb_sum[a] > 0 && staff > 0 && capability_holder(EmployerKind(emp_.kind[hold_.emp[h]]))) {
      const double f = foreign_year[a] * staff * hold_.absorb[h] / absorb_sum[a];
      flow[1] += f * hold_.heads[h][1] / staff;
      flow[2] += f * hold_.heads[h][2] / staff;
    }
    for (int s = 0; s < kStages; ++s) hold_.stock[h][s] = flow[s] * (1 - r0) / denom;
  }
  sum_capability_stocks();
  for (std::size_t a = 0; a < A; ++a) {
    // frontier_ has already grown for the twelfth month when this runs.
    const double f_next = frontier_[a] * std::pow(1 + areas_[a].frontier_growth, 1.0 / 12.0);
    cap_norm_[a] = cap_[a] > 0 ? cap_stock_[a] / (cap_[a] * f_next) : 0;
  }
  spin_hold_.clear();
  spun_up_ = true;
}

}  // namespace nisim::model
