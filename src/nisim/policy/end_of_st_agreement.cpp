// End of the 1979 US-China S&T agreement (MODEL.md section 5, shocks).
// Source: brief 002 (Cao): "The U.S.-China Agreement on Cooperation in Science and
// Technology, signed by Jimmy Carter and Deng Xiaoping in 1979 and frequently renewed
// afterward, ended in August 2022, signaling the end of decades of productive cooperation."
// What it does in the model: while in force, the official channels of cooperation (joint
// programmes, exchanges) are cut by `collaboration_cut`: the research-collaboration access
// channel (Levers::channel_level[kCollaboration]) and the rate at which researchers form
// new foreign ties (Levers::tie_formation_level) are multiplied by (1 - collaboration_cut).
// Existing ties fade at their own rate. National: area, region and actor targets are not
// used. Typical use: start = 2023 (the agreement lapsed in August 2022).
// Expected effect: co-authorship falls slowly as ties fade without renewal; less foreign
// knowledge within reach, so capability, output rates and value scales fall slowly and
// highly cited output with them ("decoupling lowers highly cited output", MODEL.md
// section 7). collaboration_cut = 0 (the default) changes nothing.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class EndOfStAgreement final : public Instrument {
 public:
  explicit EndOfStAgreement(const scenario::PolicyBlock& b) : cut_(b.values.at("collaboration_cut")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    lev.channel_level[model::kCollaboration] *= 1 - cut_;
    lev.tie_formation_level *= 1 - cut_;
  }

 private:
  double cut_;
};
}  // namespace

const Module& end_of_st_agreement_module() {
  static const Module m{
      {"end_of_st_agreement",
       BlockKind::Shock,
       "Cuts the research-collaboration access channel and the forming of new foreign ties by a fraction "
       "while in force (national); co-authorship falls as existing ties fade.",
       "Brief 002 (Cao): the 1979 US-China Agreement on Cooperation in Science and Technology ended in "
       "August 2022",
       {
           {"collaboration_cut", "fraction", 0, 0, 1,
            "share of the collaboration channel and of the forming of new foreign ties lost"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<EndOfStAgreement>(b);
      }};
  return m;
}

}  // namespace nisim::policy
