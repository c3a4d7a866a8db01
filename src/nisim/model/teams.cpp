// Research teams as independent lines of exploration (MECHANICS.md section 3; docs/model.md
// "Teams and lines"): how the researchers of a holding are grouped, which line each team
// takes at the start of a cycle, and what a line adds to its holder's knowledge in a novel
// area (the best result of each line, so the number of independent lines matters).
#include <algorithm>
#include <atomic>
#include <cmath>

#include <nisim/engine/distributions.hpp>
#include <nisim/engine/parallel.hpp>
#include <nisim/engine/rng.hpp>
#include <nisim/model/simulation.hpp>

namespace nisim::model {

using engine::CounterRng;
using engine::StreamKey;
namespace dist = engine::dist;

namespace {
constexpr std::size_t kTeamBlock = 8192;

// Expected best of n independent results on one line, relative to one result: n^(1/alpha)
// for Pareto values with tail index alpha (the maximum of n draws grows like n^(1/alpha)),
// and linear below one result (a fraction of a result adds its fraction).
double record(double n, double inv_alpha) { return n <= 1 ? n : std::pow(n, inv_alpha); }

// One 32-bit stream field from the tick, area, stage and slot of a team (splitmix64 finaliser).
std::uint32_t team_key(int tick, std::size_t area, int stage, std::uint32_t slot) {
  std::uint64_t z = (std::uint64_t(tick) << 40) ^ (std::uint64_t(area) << 24) ^ (std::uint64_t(stage) << 22) ^ slot;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return std::uint32_t(z ^ (z >> 31));
}
}  // namespace

double Simulation::team_size_agents(std::size_t area) const {
  return std::max(1e-9, p_.team_size_fte * lev_.team_scale[area] * plan_.scale);
}

void Simulation::rebuild_teams(const Holdings& old, const std::vector<std::uint32_t>& old_index) {
  // Team agents per holding and stage: heads / (team size in agents), at least one and at
  // most one per researcher agent. A researcher joins a slot by a jump consistent hash of
  // its serial, so when the number of teams changes only the researchers of the added or
  // removed slots move; the state of slot j (its line, its cycle) is carried over.
  Teams prev = std::move(team_);
  team_ = Teams{};
  const std::size_t H = hold_.size();
  hold_.team_first.assign(H, {0, 0, 0});
  hold_.team_n.assign(H, {0, 0, 0});
  const int year = current_year();
  for (std::size_t h = 0; h < H; ++h) {
    const std::size_t a = hold_.area[h];
    const double size = team_size_agents(a);
    for (int s = 0; s < kStages; ++s) {
      const std::uint32_t heads = hold_.heads[h][s];
      hold_.team_first[h][s] = std::uint32_t(team_.size());
      if (heads == 0) continue;
      const auto n = std::uint32_t(std::clamp<double>(std::lround(double(heads) / size), 1.0, double(heads)));
      hold_.team_n[h][s] = n;
      const std::uint32_t oh = old_index[h];
      const std::uint32_t old_n = oh == kNoHolding || old.team_n.empty() ? 0 : old.team_n[oh][s];
      for (std::uint32_t j = 0; j < n; ++j) {
        team_.hold.push_back(std::uint32_t(h));
        team_.stage.push_back(std::uint8_t(s));
        team_.heads.push_back(0);
        team_.lines.push_back(1);
        team_.month_value.push_back(0);
        team_.month_count.push_back(0);
        if (j < old_n) {
          const std::uint32_t o = old.team_first[oh][s] + j;
          team_.source.push_back(prev.source[o]);
          team_.risky_share.push_back(prev.risky_share[o]);
          team_.risky_pick.push_back(prev.risky_pick[o]);
          team_.cycle_end.push_back(prev.cycle_end[o]);
          team_.line_outputs.push_back(prev.line_outputs[o]);
          team_.count_mult.push_back(prev.count_mult[o]);
          team_.inv_alpha.push_back(prev.inv_alpha[o]);
        } else {
          team_.source.push_back(0);
          team_.risky_share.push_back(0);
          team_.risky_pick.push_back(0);
          team_.cycle_end.push_back(year - 1);  // starts a line below
          team_.line_outputs.push_back(0);
          team_.count_mult.push_back(1);
          team_.inv_alpha.push_back(float(1 / p_.tail_alpha_safe));
        }
      }
    }
  }
  for (std::size_t i = 0; i < res_.size(); ++i) {
    const std::uint32_t h = res_.hold[i];
    if (h == kNoHolding) {
      res_.team[i] = kNoTeam;
      continue;
    }
    const int s = res_.stage[i];
    const std::uint64_t key = (plan_.seed << 32) ^ res_.ids.serial_at(std::uint32_t(i)) ^ (std::uint64_t(s) << 60);
    const std::uint32_t t = hold_.team_first[h][s] + engine::jump_hash(key, hold_.team_n[h][s]);
    res_.team[i] = t;
    team_.heads[t]++;
  }
  for (std::size_t t = 0; t < team_.size(); ++t) {
    const std::size_t a = hold_.area[team_.hold[t]];
    team_.lines[t] = std::max(1.0, double(team_.heads[t]) / team_size_agents(a));
    if (team_.cycle_end[t] < year) start_line(std::uint32_t(t), year);
  }
}

void Simulation::start_line(std::uint32_t t, int year) {
  // Who pays: a knowledge organisation's team works on project money with the
  // organisation's project share of its budget, otherwise on stable money; a firm's team
  // on the firm's budget. The horizon is what the money allows before the team is judged:
  // one project cycle, the stable horizon, or the firm's. A risky line needs a gestation
  // (exponential, mean risky_gestation_years) before it shows countable results; a team
  // takes one only if it would show them before its horizon ends (Azoulay, Graff Zivin
  // and Manso 2011: investigators with long, failure-tolerant appointments take more risk).
  const std::uint32_t h = team_.hold[t];
  const std::uint32_t e = hold_.emp[h];
  const int s = team_.stage[t];
  const auto kind = EmployerKind(emp_.kind[e]);
  CounterRng r(StreamKey{plan_.seed, kPopTeams, kPurposeLine, emp_.ids.serial_at(e),
                         team_key(tick_, hold_.area[h], s, t - hold_.team_first[h][s])});
  LineSource src = LineSource::Firm;
  if (!is_firm(kind)) {
    const double proj = emp_.budget[e] > 0 ? std::min(1.0, emp_.gov_project[e] / emp_.budget[e]) : 0.0;
    src = r.uniform() < proj ? LineSource::Project : LineSource::Stable;
  } else {
    r.uniform();  // keep the stream layout the same for every kind
  }
  const double horizon = src == LineSource::Project ? lev_.cycle_years
                         : src == LineSource::Stable ? p_.stable_horizon_years
                                                     : p_.firm_horizon_years;
  // A team agent standing for several real teams draws how many of them take a risky line
  // (binomial): the mix, not one coin for all of them, so small scales keep the average.
  const double p_risky = 1 - std::exp(-horizon / p_.risky_gestation_years);
  const auto n_lines = std::uint32_t(std::max(1.0, std::round(team_.lines[t])));
  const double share = double(dist::binomial(r, n_lines, p_risky)) / n_lines;
  const int cycle = std::max(1, int(std::lround(horizon)));
  const double count = 1 - share * (1 - p_.risky_count_share);
  const double pick = share * p_.risky_count_share / count;
  team_.source[t] = std::uint8_t(src);
  team_.risky_share[t] = float(share);
  team_.risky_pick[t] = float(pick);
  team_.count_mult[t] = float(count);
  team_.inv_alpha[t] = float(pick / p_.tail_alpha_risky + (1 - pick) / p_.tail_alpha_safe);
  team_.cycle_end[t] = year + cycle - 1;
  team_.line_outputs[t] = 0;
  if (tick_ == 0) {
    // The first lines are at staggered points of their cycles, with the results a line
    // has had by then (so the first year is not a year of fresh lines everywhere).
    const int elapsed = std::min(cycle - 1, int(r.uniform() * cycle));
    team_.cycle_end[t] -= elapsed;
    const double rate[kStages] = {p_.rate_basic, p_.rate_applied, p_.rate_development};
    const double per_line_fte = double(team_.heads[t]) / (plan_.scale * team_.lines[t]);
    team_.line_outputs[t] = elapsed * per_line_fte * rate[s] * team_.count_mult[t];
  }
}

void Simulation::team_knowledge() {
  // Novel areas: what a line teaches its holder is its best result so far, not the sum of
  // its results: the k-th result on one line mostly repeats the earlier ones. The expected
  // best of n results grows like n^(1/alpha), so a team agent standing for L lines with
  // n real results per line this cycle adds L x (mean capped value) x (record(n + dn) -
  // record(n)), in agent units. Emulation areas add every result in full (production.cpp):
  // the target is known and codified, and each result covers a further part of it.
  const double inv_scale = 1.0 / plan_.scale;
  engine::parallel_blocks(team_.size(), kTeamBlock, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t t = b; t < e; ++t) {
      const std::uint32_t k = team_.month_count[t];
      if (k == 0) continue;
      const double sum = inflow_to_value(team_.month_value[t]);
      team_.month_value[t] = 0;
      team_.month_count[t] = 0;
      const double lines = team_.lines[t];
      const double n = team_.line_outputs[t];
      const double dn = double(k) * inv_scale / lines;
      const double inv_alpha = team_.inv_alpha[t];
      const double real = lines * (sum / double(k)) * (record(n + dn, inv_alpha) - record(n, inv_alpha));
      team_.line_outputs[t] = n + dn;
      const std::uint32_t h = team_.hold[t];
      const double add = real * plan_.scale * frontier_[hold_.area[h]];
      std::atomic_ref<std::uint64_t>(hold_.inflow[h][team_.stage[t]])
          .fetch_add(value_to_inflow(add), std::memory_order_relaxed);
    }
  });
}

}  // namespace nisim::model
