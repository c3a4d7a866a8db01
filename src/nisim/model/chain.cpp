// The two gaps as uptake by real users (MECHANICS.md section 4, docs/model.md "The two
// gaps"). Every discovery may be taken up by an organisation with applied staff in its
// area (gap 1); every engineering achievement (an applied output, or a discovery just
// taken up) by a firm with development staff there (gap 2). Potential users are real
// organisations at a distance d from the producer:
//   0 same organisation, 1 fellow member of the area's consortium or of the region's
//   innovation association, 2 same cluster, 3 same region, 4 same country, 5 abroad.
// The output is a search: each potential user (per FTE of its downstream staff, national
// size) takes it up at the rate
//   mu_u = p0_gap * A_u * exp(-delta d) * m_incentive * (v / x_m)^psi / E[(v / x_m)^psi]
// with A_u the user's absorptive capacity (knowledge.cpp), so the output crosses with
// probability 1 - exp(-sum_u staff_u mu_u), and the first taker is user u with probability
// proportional to staff_u mu_u. More users, closer users and more capable users all raise
// the chance; none displaces another. A crossing adds the output's value to the user's
// stock. Users are pooled per area and cell (region x cluster x consortium x association),
// rebuilt every January, with cumulative weights refreshed every month, so no output
// searches the employers.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include <nisim/engine/distributions.hpp>
#include <nisim/engine/parallel.hpp>
#include <nisim/engine/rng.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/model/user_pools.hpp>

namespace nisim::model {

using engine::CounterRng;
using engine::StreamKey;

namespace {
constexpr int kCells = kUserCells;
// Outputs per block of the uptake passes: a constant (never the thread count), so the
// order of the sums, and the results, do not depend on the number of threads.
constexpr std::size_t kChainBlock = 4096;

int cell_region(int c) { return c >> 3; }
bool cell_cluster(int c) { return (c >> 2) & 1; }
bool cell_member(int c) { return (c >> 1) & 1; }
bool cell_assoc(int c) { return c & 1; }

// Distance level of a user in cell `u` from a producer in cell `p` (other organisations).
int distance(int p, int u) {
  const bool same_region = cell_region(p) == cell_region(u);
  if ((cell_member(p) && cell_member(u)) || (same_region && cell_assoc(p) && cell_assoc(u))) return 1;
  if (same_region && cell_cluster(p) && cell_cluster(u)) return 2;
  return same_region ? 3 : 4;
}

// Downstream staff of a holding for gap g: applied staff for gap 1 (anyone may engineer
// a discovery), development staff of firms for gap 2 (products are made by firms).
double downstream(const Holdings& hd, const Employers& em, std::size_t h, int g) {
  if (g == 0) return hd.heads[h][1];
  return is_firm(EmployerKind(em.kind[hd.emp[h]])) ? double(hd.heads[h][2]) : 0.0;
}
}  // namespace


void Simulation::build_user_pools() {
  if (!pools_) pools_ = std::make_unique<UserPools>();
  auto& P = *pools_;
  const std::size_t A = areas_.size(), H = hold_.size();
  P.cell.resize(H);
  for (std::size_t h = 0; h < H; ++h) {
    const auto e = hold_.emp[h];
    P.cell[h] = std::uint8_t(emp_.region[e] * 8 + emp_.in_cluster[e] * 4 + hold_.member[h] * 2 + emp_.in_association[e]);
  }
  for (int g = 0; g < kGaps; ++g) {
    auto& start = P.start[g];
    start.assign(A * kCells + 1, 0);
    for (std::size_t h = 0; h < H; ++h)
      if (downstream(hold_, emp_, h, g) > 0) start[hold_.area[h] * kCells + P.cell[h] + 1]++;
    for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    P.users[g].assign(start.back(), 0);
    P.pos[g].assign(H, kNoHolding);
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::size_t h = 0; h < H; ++h)
      if (downstream(hold_, emp_, h, g) > 0) {
        const auto k = fill[hold_.area[h] * kCells + P.cell[h]]++;
        P.users[g][k] = std::uint32_t(h);
        P.pos[g][h] = k;
      }
    P.cum_ha[g].assign(P.users[g].size(), 0);
    P.tot_h[g].assign(A * kCells, 0);
    P.tot_ha[g].assign(A * kCells, 0);
    P.w[g].assign(A * kCells * kCells, 0);
    P.wsum[g].assign(A * kCells, 0);
  }
}

void Simulation::gap_crossings() {
  auto& P = *pools_;
  const std::size_t A = areas_.size();
  const double s = plan_.scale;
  const double incentive[kProducerClasses] = {p_.incentive_university, p_.incentive_institute,
                                              p_.incentive_new_style, p_.incentive_firm};
  double decay[6];
  for (int d = 0; d < 6; ++d) decay[d] = std::exp(-p_.distance_decay * d);
  // Refresh the pools' weights: staff (national FTE) and staff x absorptive capacity. Each
  // (area, cell) owns its range of users, each (area, producer cell) its row: in parallel.
  for (int g = 0; g < kGaps; ++g) {
    engine::parallel_blocks(A * kCells, kCells, [&](std::size_t kb, std::size_t ke, std::size_t) {
      for (std::size_t k = kb; k < ke; ++k) {
        double ch = 0, cha = 0;
        for (auto i = P.start[g][k]; i < P.start[g][k + 1]; ++i) {
          const auto h = P.users[g][i];
          const double staff = downstream(hold_, emp_, h, g) / s;
          ch += staff;
          cha += staff * hold_.absorb[h];
          P.cum_ha[g][i] = cha;
        }
        P.tot_h[g][k] = ch;
        P.tot_ha[g][k] = cha;
      }
    });
    engine::parallel_blocks(A, 1, [&](std::size_t ab, std::size_t ae, std::size_t) {
      for (std::size_t a = ab; a < ae; ++a)
        for (int pc = 0; pc < kCells; ++pc) {
          double sum = 0;
          for (int uc = 0; uc < kCells; ++uc) {
            const double v = P.tot_ha[g][a * kCells + uc] * decay[distance(pc, uc)];
            P.w[g][(a * kCells + pc) * kCells + uc] = v;
            sum += v;
          }
          P.wsum[g][a * kCells + pc] = sum;
        }
    });
  }

  // Downstream staff of each area (national FTE), for the mass of users abroad.
  std::vector<double> area_staff[kGaps];
  for (int g = 0; g < kGaps; ++g) {
    area_staff[g].assign(A, 0);
    for (std::size_t a = 0; a < A; ++a)
      for (int c = 0; c < kCells; ++c) area_staff[g][a] += P.tot_h[g][a * kCells + std::size_t(c)];
  }
  const auto tick = std::uint32_t(tick_);
  const double abroad_ratio = p_.abroad_user_share < 1 ? p_.abroad_user_share / (1 - p_.abroad_user_share) : 0;
  const double psi = p_.uptake_value_elasticity;
  const double psi_norm = (p_.world_tail_alpha - psi) / p_.world_tail_alpha;  // 1 / E[(v/x_m)^psi]
  const double p0[kGaps] = {p_.p0_gap1, p_.p0_gap2};
  // The ablation switch acts from the second year: the first year measures the flows that
  // set the steady-state stocks (knowledge.cpp), which must be the model's own.
  const bool off = p_.chain_uptake < 0.5 && spun_up_;

  // One output of holding h with value v offered across gap g. Returns the domestic user
  // that took it up, kNoHolding if none did, or kNoHolding - 1 for a user abroad.
  auto offer = [&](int g, std::uint32_t h, double v, CounterRng& r) -> std::uint32_t {
    if (off) return kNoHolding;
    const std::size_t a = hold_.area[h];
    const auto e = hold_.emp[h];
    const int pc = P.cell[h];
    const std::size_t row = (a * kCells + std::size_t(pc)) * kCells;
    // The producer's own staff count once, as its own organisation (one real organisation
    // of h_own / weight FTE at distance 0), not among the others of its cell.
    const bool own_user = P.pos[g][h] != kNoHolding;
    const double h_own = own_user ? downstream(hold_, emp_, h, g) : 0.0;
    const double own = h_own / emp_.weight[e] * hold_.absorb[h];
    const double own_in_cell = own_user ? h_own / s * hold_.absorb[h] * decay[distance(pc, pc)] : 0.0;
    const double others = std::max(0.0, P.wsum[g][a * kCells + std::size_t(pc)] - own_in_cell);
    // Users abroad: a mass of abroad_user_share of all potential users, at the frontier
    // (capacity 1) and at distance 5.
    const double abroad =
        abroad_ratio * area_staff[g][a] * decay[5];
    const double xm = value_scale_[a];
    const auto cls = std::size_t(producer_class(EmployerKind(emp_.kind[e])));
    const double rate = p0[g] * incentive[cls] * lev_.incentive_mult[cls] * lev_.area_incentive[a] *
                        std::pow(std::max(v, xm) / xm, psi) * psi_norm;
    const double total = own + others + abroad;
    if (!(total > 0) || !(r.uniform() < -std::expm1(-rate * total))) return kNoHolding;
    // The taker, in proportion to its share of the hazard.
    double x = r.uniform() * total;
    if (x < own) return h;
    x -= own;
    if (x >= others) return kNoHolding - 1;
    int cell = -1;
    for (int uc = 0; uc < kCells; ++uc) {
      const double wc = std::max(0.0, P.w[g][row + std::size_t(uc)] - (uc == pc ? own_in_cell : 0.0));
      if (wc > 0) cell = uc;
      if (x < wc) break;
      x -= wc;
    }
    if (cell < 0) return kNoHolding;
    // The user within the cell, in proportion to staff x capacity (the producer itself
    // excluded from its own cell).
    const std::size_t k = a * kCells + std::size_t(cell);
    const auto b = P.start[g][k], end = P.start[g][k + 1];
    const double own_w = cell == pc && own_user ? h_own / s * hold_.absorb[h] : 0.0;
    const double span = P.tot_ha[g][k] - own_w;
    if (!(span > 0) || b == end) return kNoHolding;
    double y = r.uniform() * span;
    if (own_w > 0) {
      const auto ip = P.pos[g][h];
      const double before = ip > b ? P.cum_ha[g][ip - 1] : 0.0;
      if (y >= before) y += own_w;
    }
    auto it = std::upper_bound(P.cum_ha[g].begin() + b, P.cum_ha[g].begin() + end, y);
    if (it == P.cum_ha[g].begin() + end) --it;
    return P.users[g][std::size_t(it - P.cum_ha[g].begin())];
  };

  auto add_inflow = [&](std::uint32_t user, int stage, double v) {
    std::atomic_ref<std::uint64_t>(hold_.inflow[user][std::size_t(stage)])
        .fetch_add(value_to_inflow(std::min(v / value_scale_[hold_.area[user]], p_.knowledge_value_cap) *
                                   frontier_[hold_.area[user]]),
                   std::memory_order_relaxed);
  };

  // Gap 1: discoveries. Crossings become engineering achievements of their user and are
  // offered across gap 2 with the applied outputs.
  std::vector<Candidate> basic, applied;
  for (auto& v : cand_basic_) basic.insert(basic.end(), v.begin(), v.end());
  for (auto& v : cand_applied_) applied.insert(applied.end(), v.begin(), v.end());
  const std::size_t nb = basic.size();
  const std::size_t blocks1 = engine::block_count(nb, kChainBlock);
  std::vector<std::vector<Candidate>> crossed(blocks1);
  std::vector<double> out1(A);
  engine::deterministic_sum(nb, kChainBlock, A, [&](std::size_t b, std::size_t e, double* out) {
    auto& mine = crossed[b / kChainBlock];
    for (std::size_t i = b; i < e; ++i) {
      CounterRng r(StreamKey{plan_.seed, kPopChain, kPurposeGap, std::uint32_t(i), tick});
      const auto u = offer(0, basic[i].hold, basic[i].value, r);
      if (u == kNoHolding) continue;
      out[hold_.area[basic[i].hold]] += 1;
      if (u == kNoHolding - 1) continue;
      add_inflow(u, 1, basic[i].value);
      mine.push_back({u, basic[i].value});
    }
  }, out1.data());
  std::size_t x1_domestic = 0;
  for (auto& v : crossed) {
    applied.insert(applied.end(), v.begin(), v.end());
    x1_domestic += v.size();
  }
  for (std::size_t i = 0; i < nb; ++i) y_.gap1_in[hold_.area[basic[i].hold]] += 1;
  for (std::size_t a = 0; a < A; ++a) y_.gap1_out[a] += out1[a];

  // Gap 2: engineering achievements to products.
  const std::size_t na = applied.size();
  std::vector<double> out2(A);
  engine::deterministic_sum(na, kChainBlock, A, [&](std::size_t b, std::size_t e, double* out) {
    for (std::size_t i = b; i < e; ++i) {
      CounterRng r(StreamKey{plan_.seed, kPopChain, kPurposeGap2, std::uint32_t(i), tick});
      const auto u = offer(1, applied[i].hold, applied[i].value, r);
      if (u == kNoHolding) continue;
      out[hold_.area[applied[i].hold]] += 1;
      if (u != kNoHolding - 1) add_inflow(u, 2, applied[i].value);
    }
  }, out2.data());
  for (std::size_t i = 0; i < na; ++i) y_.gap2_in[hold_.area[applied[i].hold]] += 1;
  for (std::size_t a = 0; a < A; ++a) y_.gap2_out[a] += out2[a];
  // Engineering achievements made from discoveries are patented like applied outputs.
  y_.patents += patent_rate() * double(x1_domestic);
}

}  // namespace nisim::model
