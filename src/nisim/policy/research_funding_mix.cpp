// Research funding mix (MODEL.md section 5, first row).
// Source: brief 000 (SCSP): over 70% of central research money is project-based, under
// 30% stable, in 3-5 year cycles; brief 002 (Cao) on the funding system.
// Expected effect: more stable funding (lower project_share) thickens the right tail of
// output values (more breakthroughs) and lowers raw counts; more basic money raises the
// basic share of GERD and discoveries.
#include <algorithm>

#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class ResearchFundingMix final : public Instrument {
 public:
  explicit ResearchFundingMix(const scenario::PolicyBlock& b)
      : project_(b.values.at("project_share_change")), basic_change_(b.values.at("basic_share_change")),
        cycle_(b.values.at("cycle_years_change")), intensity_(b.values.at("gov_research_gdp_share_change")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    // Changes from the scenario's own settings, so a block at zero size changes nothing
    // whatever the scenario's parameters.
    lev.project_share = std::clamp(lev.project_share + project_, 0.0, 1.0);
    lev.gov_basic_share = std::clamp(lev.gov_basic_share + basic_change_, 0.0, 1.0);
    lev.cycle_years = std::clamp(lev.cycle_years + cycle_, 1.0, 20.0);
    lev.gov_research_gdp_share = std::max(0.0, lev.gov_research_gdp_share + intensity_);
  }

 private:
  double project_, basic_change_, cycle_, intensity_;
};
}  // namespace

const Module& research_funding_mix_module() {
  static const Module m{
      {"research_funding_mix",
       BlockKind::Instrument,
       "Shifts the project-based share of government research money, the project cycle, the basic-research "
       "share and the government research budget (share of GDP) from the scenario's own settings.",
       "Brief 000 (SCSP): over 70% project-based, under 30% stable, 3-5 year cycles; brief 002 (Cao)",
       {
           {"project_share_change", "fraction", 0, -1, 1,
            "added to the share of government research money allocated to competitive projects "
            "(params.project_funding_share, 0.7 in the baseline)"},
           {"basic_share_change", "fraction", 0, -1, 1,
            "added to the baseline basic-research share of government research money"},
           {"cycle_years_change", "years", 0, -9, 10,
            "added to the length of a competitive project's funding cycle (params.project_cycle_years)"},
           {"gov_research_gdp_share_change", "fraction of GDP", 0, -0.01, 0.02,
            "added to the baseline government research money as a share of GDP"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<ResearchFundingMix>(b);
      }};
  return m;
}

}  // namespace nisim::policy
