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
      : project_(b.values.at("project_share")), basic_change_(b.values.at("basic_share_change")),
        cycle_(b.values.at("cycle_years")), intensity_(b.values.at("gov_research_gdp_share_change")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    lev.project_share = project_;
    lev.gov_basic_share = std::clamp(lev.gov_basic_share + basic_change_, 0.0, 1.0);
    lev.cycle_years = cycle_;
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
       "Sets the project-based share of government research money, the project cycle, and shifts the "
       "basic-research share and the government research budget (share of GDP) from their baseline paths.",
       "Brief 000 (SCSP): over 70% project-based, under 30% stable, 3-5 year cycles; brief 002 (Cao)",
       {
           {"project_share", "fraction", 0.7, 0, 1,
            "share of government research money allocated to competitive projects"},
           {"basic_share_change", "fraction", 0, -1, 1,
            "added to the baseline basic-research share of government research money"},
           {"cycle_years", "years", 4, 1, 10, "length of a competitive project's funding cycle"},
           {"gov_research_gdp_share_change", "fraction of GDP", 0, -0.01, 0.02,
            "added to the baseline government research money as a share of GDP"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<ResearchFundingMix>(b);
      }};
  return m;
}

}  // namespace nisim::policy
