// Little Giants (MODEL.md section 5, "Little Giants").
// Source: brief 004 (Naughton): "The program has already identified 12,000 Little Giant
// enterprises nationwide and arrayed them on a promotion ladder. The best firms qualify for
// subsidies and a fast track to listing on the Chinese stock market. It should be clear
// that the Little Giants program is specifically designed to fill the gaps potentially left
// by the retreat of international specialist firms from the Chinese economy."
//
// What it does in the model:
// - promotion_share_per_year: each year in force, each private firm in the target areas
//   is promoted up the ladder to Little Giant with this probability
//   (Simulation::convert_employers, Private -> LittleGiant). Little Giants spend a larger
//   share of sales on R&D (params nu_little_giant against nu_private) and keep access to
//   venture capital as private firms do.
// - subsidy_rate: state matching money per yuan of Little Giants' own R&D
//   (Levers::matching for the LittleGiant kind, added to the baseline; all Little Giants,
//   the lever is per kind).
// Fast-track listing is not represented separately (the model has no listing channel).
// Targets honoured: `areas` (promotion; name the areas vacated by foreign specialists,
// e.g. stranglehold areas). `regions` and `actors` are ignored.
// Defaults (0, 0) leave the baseline untouched.
// Expected direction: enterprise R&D (gerd_enterprise_perf_cny_bn) rises, and capability in
// the target areas rises with the engineering effort there.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
constexpr std::uint32_t kSaltPromotion = 0x0803;

class LittleGiants final : public Instrument {
 public:
  LittleGiants(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : share_(b.values.at("promotion_share_per_year")), subsidy_(b.values.at("subsidy_rate")),
        areas_(target_areas(b, areas)) {}
  void apply(int, model::Levers& lev, model::Simulation& sim) override {
    if (share_ > 0)
      sim.convert_employers(model::EmployerKind::Private, model::EmployerKind::LittleGiant, share_, kSaltPromotion,
                            areas_);
    lev.matching[std::size_t(model::EmployerKind::LittleGiant)] += subsidy_;
  }

 private:
  double share_, subsidy_;
  std::vector<std::size_t> areas_;
};
}  // namespace

const Module& little_giants_module() {
  static const Module m{
      {"little_giants",
       BlockKind::Instrument,
       "Promotion ladder: each year promotes a share of private firms in the target areas to Little Giants "
       "(higher R&D intensity); subsidies as matching money per yuan of Little Giants' own R&D.",
       "Brief 004 (Naughton): 12,000 Little Giants on a promotion ladder, subsidies, fast-track listing, "
       "filling gaps left by international specialist firms",
       {
           {"promotion_share_per_year", "fraction/year", 0, 0, 1,
            "probability per year that a private firm in a target area becomes a Little Giant"},
           {"subsidy_rate", "CNY per CNY", 0, 0, 2, "state matching money per yuan of Little Giants' own R&D"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<LittleGiants>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
