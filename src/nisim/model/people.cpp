// People rules (MECHANICS.md section 2): careers, retirement and exits, going abroad and
// returning, students abroad, talent recruitment, graduate inflows and hiring as budgets
// allow.
#include <fmt/format.h>

#include <algorithm>
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
enum Fate : std::uint8_t { kStay = 0, kRetire, kQuit, kGoAbroad, kSeek, kReturn };

// Whole agents from an expected number: floor plus a Bernoulli draw for the fraction, so
// that small scales keep the right expectation.
long stochastic_round(double x, CounterRng& r) {
  if (!(x > 0)) return 0;
  const double f = std::floor(x);
  return long(f) + (r.uniform() < x - f ? 1 : 0);
}
}  // namespace

void Simulation::erase_researchers(std::vector<std::uint32_t> positions) {
  people_.outflows += double(positions.size());
  engine::erase_positions(res_.ids, std::move(positions), res_.employer, res_.emp, res_.area,
                          res_.stage, res_.career, res_.region, res_.abroad, res_.returnee,
                          res_.q, res_.years, res_.cls, res_.rate, res_.hold, res_.team, res_.ties);
}

void Simulation::people_flows(int year) {
  const double pl = pull(year);
  const double h_return = std::min(0.9, p_.return_hazard_researcher * pl);
  const std::size_t n = res_.size();
  std::vector<std::uint8_t> fate(n, kStay);
  const auto tick = std::uint32_t(tick_);
  const double sigma = p_.productivity_shock_sigma;
  // Foreign ties (docs/model.md 6.5): at home they fade, new ones form with openness, and
  // shocks cut a share of them; abroad a researcher works with foreign colleagues.
  const double keep_ties = std::exp(-p_.tie_fade) * (1 - std::clamp(lev_.tie_cut, 0.0, 1.0));
  const double form_ties = 1 - std::exp(-p_.tie_formation * std::max(0.0, lev_.tie_formation_level));
  // Decisions in parallel (each agent reads only its own columns), applied in order below.
  engine::parallel_blocks(n, engine::kDefaultBlock, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t i = b; i < e; ++i) {
      CounterRng r(StreamKey{plan_.seed, kPopResearchers, kPurposeYearlyFate, res_.ids.serial_at(std::uint32_t(i)), tick});
      const double u = r.uniform();
      if (res_.abroad[i]) {
        res_.ties[i] = 1;
        fate[i] = u < h_return ? kReturn : u < h_return + p_.quit_hazard ? kQuit : kStay;
        continue;
      }
      const double kept = res_.ties[i] * keep_ties;
      res_.ties[i] = float(kept + (1 - kept) * form_ties);
      res_.years[i] += 1;
      auto& c = res_.career[i];
      if (c == std::uint8_t(Career::Doctoral) && res_.years[i] >= p_.doctoral_years) {
        c = std::uint8_t(Career::Early);
        res_.years[i] = 0;
      } else if (c == std::uint8_t(Career::Early) && res_.years[i] >= p_.early_years) {
        c = std::uint8_t(Career::Senior);
        res_.years[i] = 0;
      }
      res_.q[i] = float(res_.q[i] * std::exp(dist::normal(r, -0.5 * sigma * sigma, sigma)));
      double acc = 0;
      if (c == std::uint8_t(Career::Senior) && u < (acc += p_.retire_hazard)) fate[i] = kRetire;
      else if (u < (acc += p_.quit_hazard)) fate[i] = kQuit;
      else if (c == std::uint8_t(Career::Early) && u < (acc += p_.abroad_hazard)) fate[i] = kGoAbroad;
      else if (u < (acc += p_.mobility_hazard)) fate[i] = kSeek;
    }
  });
  std::vector<std::uint32_t> gone;
  for (std::uint32_t i = 0; i < n; ++i) {
    switch (fate[i]) {
      case kRetire: y_.exits_retire += 1; gone.push_back(i); break;
      case kQuit: y_.exits_quit += 1; gone.push_back(i); break;
      case kGoAbroad:
        res_.abroad[i] = 1;
        res_.ties[i] = 1;
        res_.employer[i] = engine::AgentId::invalid();
        y_.went_abroad += 1;
        break;
      case kReturn:
        res_.abroad[i] = 0;
        res_.returnee[i] = 1;
        res_.employer[i] = engine::AgentId::invalid();
        y_.returned_home += 1;
        break;
      case kSeek: res_.employer[i] = engine::AgentId::invalid(); break;
      default: break;
    }
  }
  erase_researchers(std::move(gone));
  student_flows(year);
}

void Simulation::student_flows(int year) {
  // Students abroad (national persons): going out rises with income; returns rise with
  // the pull of the home economy; some settle abroad for good.
  const double gm = lev_.graduate_mult * p_.graduates_mult;
  const double bachelors = exo_.graduates_bachelor.at(year, p_.graduate_growth_after_2023) * gm;
  const double out = p_.study_abroad_rate_2010 * std::pow(gdp(year) / gdp2010_, p_.study_abroad_income_elasticity) * bachelors;
  const double student_pull = std::pow(gdp(year) / gdp2010_, p_.student_return_pull_elasticity);
  const double back = std::min(0.9, p_.student_return_hazard_2010 * student_pull) * students_abroad_;
  const double settle = p_.student_stay_hazard * students_abroad_;
  students_abroad_ += out - back - settle;
  y_.students_out = out;
  y_.students_back = back;
  y_.graduates_d = exo_.graduates_doctoral.at(year, p_.graduate_growth_after_2023) * gm;
  y_.graduates_m = exo_.graduates_master.at(year, p_.graduate_growth_after_2023) * gm;
  y_.graduates_b = bachelors;
}

void Simulation::hire(int year) {
  const double s = plan_.scale;
  // Knowledge organisations hire into areas by their demand weight times the area's pull
  // (centralisation and megaprojects pull people into their target areas).
  hire_cum_w_.resize(areas_.size());
  double cw = 0;
  for (std::size_t a = 0; a < areas_.size(); ++a) hire_cum_w_[a] = cw += areas_[a].demand_weight * lev_.area_pull[a];
  // Current headcounts (after exits and departures).
  std::fill(emp_.headcount.begin(), emp_.headcount.end(), 0u);
  for (std::size_t i = 0; i < res_.size(); ++i)
    if (!res_.abroad[i] && emp_.ids.alive(res_.employer[i])) emp_.headcount[emp_.ids.dense(res_.employer[i])]++;
    else if (!res_.abroad[i]) res_.employer[i] = engine::AgentId::invalid();

  // Vacancies: what the budget pays for, minus current staff. No employer can hire more
  // people this month than could possibly come: everyone already in R&D, plus the
  // largest possible number of recruits, returnees and graduates (each an expected
  // number, stochastically rounded up by at most one). Vacancies beyond that are never
  // filled, so the bound changes nothing but keeps the slot list finite whatever the
  // budgets are.
  const double supply_bound =
      double(res_.size()) + 3 +
      s * (lev_.talent_recruits + y_.students_back * p_.returnee_rd_share + p_.phd_abroad_per_year +
           p_.absorb_doctoral * y_.graduates_d + p_.absorb_master * y_.graduates_m + p_.absorb_bachelor * y_.graduates_b);
  if (!std::isfinite(supply_bound)) fail("people.hiring_supply", fmt::format("value is {} (not finite)", supply_bound));
  std::vector<std::uint32_t> slots_korg, slots;
  for (std::uint32_t e = 0; e < emp_.size(); ++e) {
    CounterRng r(StreamKey{plan_.seed, kPopEmployers, kPurposeMatch, emp_.ids.serial_at(e), std::uint32_t(tick_)});
    const double wanted = emp_.budget[e] / emp_.cost[e];
    if (!(wanted >= 0) || !std::isfinite(wanted))
      fail("employers.headcount_target",
           fmt::format("employer {} (kind {}): budget {} / cost per FTE {} = {}; expected a finite number >= 0", e,
                       int(emp_.kind[e]), emp_.budget[e], emp_.cost[e], wanted));
    const long target = stochastic_round(std::min(wanted, double(emp_.headcount[e]) + supply_bound), r);
    const long v = target - long(emp_.headcount[e]);
    for (long k = 0; k < v; ++k) (is_firm(EmployerKind(emp_.kind[e])) ? slots : slots_korg).push_back(e);
  }
  CounterRng sys(StreamKey{plan_.seed, kPopSystem, kPurposeMatch, 0, std::uint32_t(tick_)});
  // Talent recruits fill knowledge organisations' slots first (they are recruited by
  // universities and labs); then every slot is open to everyone in random order.
  const long recruits = stochastic_round(lev_.talent_recruits * s, sys);
  auto shuffle = [&](std::vector<std::uint32_t>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[std::size_t(sys.uniform() * double(i)) % i]);
  };
  shuffle(slots_korg);
  std::size_t korg_used = 0;
  auto new_agent = [&](std::uint32_t e, int career, bool returnee, double q_mult) {
    CounterRng r(StreamKey{plan_.seed, kPopResearchers, kPurposeHireArea, res_.ids.next_serial(), std::uint32_t(tick_)});
    const bool firm = is_firm(EmployerKind(emp_.kind[e]));
    const int area = firm ? emp_.area[e] : int(dist::categorical(r, std::span<const double>(hire_cum_w_)));
    const double us = r.uniform();
    const int stage = us < emp_.basic_frac[e] ? 0 : us < emp_.basic_frac[e] + emp_.applied_frac[e] ? 1 : 2;
    const double sigma = p_.productivity_sigma;
    const float q = float(q_mult * dist::lognormal(r, -0.5 * sigma * sigma, sigma));
    if (!firm && career == int(Career::Early) && !returnee && r.uniform() < 0.4) career = int(Career::Doctoral);
    add_researcher(e, area, stage, career, returnee, q);
    people_.inflows += 1;
  };
  for (long k = 0; k < recruits && korg_used < slots_korg.size(); ++k) {
    new_agent(slots_korg[korg_used++], int(Career::Senior), true, 1.5);
    y_.hires_recruits += 1;
  }
  slots.insert(slots.end(), slots_korg.begin() + long(korg_used), slots_korg.end());
  std::sort(slots.begin(), slots.end());  // deterministic order before the shuffle
  shuffle(slots);
  std::size_t next = 0;

  // Job seekers already in R&D (movers, returning researchers, staff of closed firms).
  std::vector<std::uint32_t> seekers;
  for (std::uint32_t i = 0; i < res_.size(); ++i)
    if (!res_.abroad[i] && !emp_.ids.alive(res_.employer[i])) seekers.push_back(i);
  shuffle(seekers);
  std::vector<std::uint32_t> unplaced;
  for (auto i : seekers) {
    if (next < slots.size()) {
      const auto e = slots[next++];
      res_.employer[i] = emp_.ids.id_at(e);
      res_.emp[i] = e;
      res_.region[i] = emp_.region[e];
      if (is_firm(EmployerKind(emp_.kind[e]))) res_.area[i] = emp_.area[e];
      emp_.headcount[e]++;
    } else {
      unplaced.push_back(i);
    }
  }
  // Seekers without a slot leave R&D.
  y_.exits_quit += double(unplaced.size());
  erase_researchers(std::move(unplaced));
  // The erase moved agents; slots refer to employers, so only the employer columns of
  // researchers matter from here on, and those moved with their agents.

  // Returnees: students coming home who take R&D jobs, and doctorates from abroad.
  const double stay = std::clamp(1 - (1 - p_.stay_rate_2010) * pull(year) + lev_.stay_shift, 0.0, 1.0);
  const long returnees = stochastic_round(
      (y_.students_back * p_.returnee_rd_share + p_.phd_abroad_per_year * (1 - stay)) * s, sys);
  for (long k = 0; k < returnees && next < slots.size(); ++k) {
    new_agent(slots[next++], int(Career::Early), true, 1.0);
    y_.hires_returnees += 1;
  }
  // Graduates.
  const double D = y_.graduates_d, M = y_.graduates_m, B = y_.graduates_b;
  const long grads = stochastic_round((p_.absorb_doctoral * D + p_.absorb_master * M + p_.absorb_bachelor * B) * s, sys);
  for (long k = 0; k < grads && next < slots.size(); ++k) {
    new_agent(slots[next++], int(Career::Early), false, 1.0);
    y_.hires_graduates += 1;
  }
  y_.unfilled = double(slots.size() - next);
  // Unfilled vacancies push R&D wages up (a persistent rise), so budgets buy fewer FTE.
  if (!slots.empty()) wage_premium_ *= 1 + p_.wage_tightness * y_.unfilled / double(slots.size());

  // Re-deployment between stages toward each employer's targets.
  const auto tick = std::uint32_t(tick_);
  engine::parallel_blocks(res_.size(), engine::kDefaultBlock, [&](std::size_t b, std::size_t e, std::size_t) {
    for (std::size_t i = b; i < e; ++i) {
      if (res_.abroad[i] || !emp_.ids.alive(res_.employer[i])) continue;
      CounterRng r(StreamKey{plan_.seed, kPopResearchers, kPurposeStageSwitch, res_.ids.serial_at(std::uint32_t(i)), tick});
      if (r.uniform() >= p_.stage_switch_rate) continue;
      const auto d = emp_.ids.dense(res_.employer[i]);
      const double us = r.uniform();
      res_.stage[i] = std::uint8_t(us < emp_.basic_frac[d] ? 0 : us < emp_.basic_frac[d] + emp_.applied_frac[d] ? 1 : 2);
    }
  });
}

void Simulation::rebuild_employer_index() {
  std::fill(emp_.headcount.begin(), emp_.headcount.end(), 0u);
  std::fill(emp_.stage_count.begin(), emp_.stage_count.end(), std::array<std::uint32_t, kStages>{0, 0, 0});
  for (std::size_t i = 0; i < res_.size(); ++i) {
    if (res_.abroad[i]) {
      res_.emp[i] = std::numeric_limits<std::uint32_t>::max();
      continue;
    }
    const auto e = emp_.ids.dense(res_.employer[i]);
    res_.emp[i] = e;
    res_.region[i] = emp_.region[e];
    res_.cls[i] = std::uint8_t(producer_class(EmployerKind(emp_.kind[e])));
    emp_.headcount[e]++;
    emp_.stage_count[e][res_.stage[i]]++;
  }
  // The collaboration access channel follows researchers' foreign ties (docs/model.md 8.1).
  double ties = 0, home = 0;
  for (std::size_t i = 0; i < res_.size(); ++i)
    if (!res_.abroad[i]) {
      ties += res_.ties[i];
      home += 1;
    }
  const double mean_ties = home > 0 ? ties / home : 0;
  if (tick_ == 0) ties0_ = mean_ties;
  ties_rel_ = ties0_ > 0 ? mean_ties / ties0_ : 1.0;
  rebuild_holdings();
}

}  // namespace nisim::model
