// Levers: the policy settings in force in one year. The baseline values come from the
// parameters (and the historical dates of MODEL.md section 5); policy instruments and
// shocks then adjust them each January (policy/*.cpp). The model reads only levers, never
// the policy blocks, so adding an instrument never touches the model's rules.
// Per-area vectors have one entry per technology area; per-region arrays one per region.
#pragma once
#include <array>
#include <vector>

#include <nisim/model/types.hpp>

namespace nisim::model {

/// Access channels to the global frontier (MODEL.md section 2, the outside world).
enum Channel : int {
  kImports = 0, kLicences, kJointVentures, kFdi, kCollaboration, kReturnees, kIllicit,
  kChannels
};

struct Levers {
  // --- money: government
  double gov_research_gdp_share = 0;  ///< government research money / GDP (fraction)
  double project_share = 0.7;         ///< project-based share of government research money
  double cycle_years = 4;             ///< project cycle length, years
  double gov_basic_share = 0.2;       ///< basic-research share of government research money
  double centralisation = 0.4;        ///< central share of government research money (the CCST dial)
  std::vector<double> area_extra_money;  ///< per area: extra state money to firms there, bn CNY/yr (national)
  // --- money: firms
  double super_deduction = 0.5;       ///< R&D super-deduction rate (tax incentive)
  double soe_boost = 0;               ///< extra desired R&D intensity of SOEs (SOE reform), fraction
  std::array<double, kEmployerKinds> matching{};  ///< per employer kind: matching funds per yuan of own R&D
  double firm_basic_mult = 1;         ///< multiplier on firms' basic-research share (basic-research incentives)
  double export_support = 0;          ///< state money per yuan of own R&D, scaled by relative productivity (export discipline)
  double entry_mult = 1;              ///< multiplier on firm entry (spin-offs, start-ups)
  // --- money: funds
  double guidance_target_mult = 1;    ///< multiplier on the guidance funds' planned raise
  double guidance_raise_rate = 0.45;  ///< share of the planned raise actually raised
  double guidance_deploy_rate = 0.5;  ///< share of undeployed capital invested per year
  double guidance_leakage = 0.25;     ///< share of invested capital wasted
  double guidance_early_share = 0;    ///< share of productive investment spread evenly over firms (early stage) rather than by sales
  double guidance_crowding_out = 0.3; ///< private venture capital displaced per yuan invested
  double venture_mult = 1;            ///< multiplier on private venture capital (investment restrictions, openness)
  // --- people
  double talent_recruits = 0;         ///< recruits abroad per year (national persons)
  double returnee_premium = 0.27;     ///< productivity premium of returnees
  double graduate_mult = 1;           ///< multiplier on graduate inflows (higher-education expansion)
  double stay_shift = 0;              ///< added to the doctoral stay rate abroad (shock)
  // --- outside world
  std::vector<double> access_cut;     ///< per area: share of imports/licences/JV/FDI access cut
  std::array<double, kChannels> channel_level{1, 1, 1, 1, 1, 1, 0};  ///< level of each channel (2010 = 1)
  double tie_formation_level = 1;     ///< multiplier on the yearly rate at which researchers at home form foreign ties (openness)
  double tie_cut = 0;                 ///< share of every researcher's foreign ties cut this year (decoupling shocks)
  // --- organisation of the chain (MECHANICS.md section 4: distance between producer and user)
  /// per area and producer class: share of the area's holdings of that class that belong to
  /// the area's consortium (members are at distance 1 from each other)
  std::vector<std::array<double, kProducerClasses>> consortium_share;
  std::array<double, kRegions> association_share{};  ///< per region: share of employers in the region's innovation association (distance 1 among members)
  std::array<double, kRegions> cluster_bonus{};  ///< per region: added to the share of employers sitting in the region's cluster (distance 2 among them)
  std::vector<double> team_scale;     ///< per area: multiplier on research team size (fewer, larger teams where resources are concentrated)
  std::vector<double> area_pull;      ///< per area: multiplier on the area's weight when knowledge organisations hire (people moved into target areas)
  std::vector<double> area_incentive; ///< per area: uptake incentive multiplier (unveiling the list, contracts with rewards)
  std::array<double, kProducerClasses> incentive_mult{1, 1, 1, 1};  ///< per producer class: uptake incentive multiplier
  // --- economy
  /// share of the firms that the exit hazard closes in a year that protection keeps alive
  /// (credit from state banks, local-government subsidies), 0..1; those firms are marked
  /// protected and subsidised (model.md 9.5)
  double exit_support = 0;
};

}  // namespace nisim::model
