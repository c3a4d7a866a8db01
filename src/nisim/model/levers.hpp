// Levers: the policy settings in force in one year. The baseline values come from the
// parameters (and the historical dates of MODEL.md section 5); policy instruments and
// shocks then adjust them each January. The model reads only levers, never the policy
// blocks, so adding an instrument never touches the model's rules.
#pragma once
#include <vector>

namespace nisim::model {

/// Access channels to the global frontier (MODEL.md section 2, the outside world).
enum Channel : int {
  kImports = 0, kLicences, kJointVentures, kFdi, kCollaboration, kReturnees, kIllicit,
  kChannels
};

struct Levers {
  // --- money
  double gov_research_gdp_share = 0;  ///< government research money / GDP (fraction)
  double project_share = 0.7;         ///< project-based share of government research money
  double cycle_years = 4;             ///< project cycle length, years
  double gov_basic_share = 0.2;       ///< basic-research share of government research money
  double super_deduction = 0.5;       ///< R&D super-deduction rate (tax incentive)
  double centralisation = 0.4;        ///< central share of government research money (the CCST dial)
  double soe_boost = 0;               ///< extra desired R&D intensity of SOEs (SOE reform)
  double firm_subsidy_rate = 0;       ///< matching funds: extra R&D money per yuan of own R&D
  // --- people
  double talent_recruits = 0;         ///< recruits abroad per year (national persons)
  double returnee_premium = 0.27;     ///< productivity premium of returnees
  double graduate_mult = 1;           ///< multiplier on graduate inflows (HE expansion)
  double stay_shift = 0;              ///< added to the doctoral stay rate abroad (shock)
  // --- outside world
  std::vector<double> access_cut;     ///< per area: share of imports/licences/JV/FDI access cut
  double channel_level[kChannels] = {1, 1, 1, 1, 1, 1, 0};  ///< level of each channel (2010 = 1)
  double coauthor_level = 1;          ///< multiplier on the co-authorship probability
  // --- organisation of the chain
  std::vector<double> consortium_coverage;  ///< per area: probability a user is in the same consortium
  std::vector<double> concentration;  ///< per area: budget concentration multiplier (megaprojects)
  double inhouse_bonus = 0;           ///< added to in-house user probability (associations etc.)
  double incentive_mult[4] = {1, 1, 1, 1};  ///< per producer class: uptake incentive multiplier
  double cluster_bonus = 0;           ///< added to cluster share (clusters and zones)
  // --- economy
  double manufacturing_protection = 0;  ///< manufacturing share kept above the market path
};

}  // namespace nisim::model
