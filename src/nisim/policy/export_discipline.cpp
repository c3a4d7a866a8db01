// Export discipline (MODEL.md section 5): state support tied to export success, the
// "Olympic" selection of the new-style whole-of-nation (NSWN) system.
// Source: brief 001 (Groenewegen-Lau), "A Network of Fitness Centers to Break Local
// Barriers": the NSWN system is "a variation of the country's national Olympic program";
// "export volumes and values have become the benchmark for industrial innovation. Success
// in overseas markets makes a firm more worthy of government support"; this "export
// discipline" targets firms as well as local officials.
// What it does in the model: adds support_rate to the lever export_support, the state money
// a firm receives per yuan of its own in-house R&D, scaled by the square of its
// productivity relative to the mean firm (relative productivity stands in for export
// success: the most productive firms win the selection and get most of the money).
// Targets: none (the lever applies to every firm; areas, regions and actors are ignored).
// Expected effect: more R&D money for the most productive firms, hence more firm R&D
// (gerd_enterprise_perf_cny_bn up) and, through their outputs, faster productivity growth
// (tfp_index up).
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class ExportDiscipline final : public Instrument {
 public:
  explicit ExportDiscipline(const scenario::PolicyBlock& b) : rate_(b.values.at("support_rate")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override { lev.export_support += rate_; }

 private:
  double rate_;
};
}  // namespace

const Module& export_discipline_module() {
  static const Module m{
      {"export_discipline",
       BlockKind::Instrument,
       "Pays firms state money per yuan of their own R&D in proportion to the square of their productivity "
       "relative to the mean firm (export success), so support goes to the winners of the selection.",
       "Brief 001 (Groenewegen-Lau): NSWN as an Olympic programme; 'Success in overseas markets makes a firm "
       "more worthy of government support' ('export discipline')",
       {
           {"support_rate", "CNY per CNY of own R&D", 0, 0, 2,
            "state support per yuan of own R&D for a firm of mean productivity (scaled by relative productivity squared)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<ExportDiscipline>(b);
      }};
  return m;
}

}  // namespace nisim::policy
