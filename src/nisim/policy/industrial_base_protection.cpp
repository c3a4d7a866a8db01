// Industrial-base protection (MODEL.md section 5): keeping the manufacturing share up
// against market forces, at a cost.
// Source: brief 001 (Groenewegen-Lau), "Xi Wants a Complete, Advanced, and Secure
// Industrial Base": "the contribution of manufacturing to China's gross domestic product
// (GDP) declined 6 percent between 2008 and 2020 to 26.3 percent"; "Beijing was able to
// arrest the decline but only slightly ... which inadvertently caused China's debts to
// balloon"; it "demotes other national goals".
// What it does in the model: adds share_kept to the lever manufacturing_protection, the
// share of GDP kept in manufacturing above the market path (params manufacturing_share_2010
// and manufacturing_drift). Its cost in prices and quality (params.protection_cost_per_point
// per point kept) is taken off aggregate TFP growth every year and reported as
// protection_cost_pct_gdp.
// Targets: none (a national share; areas, regions and actors are ignored).
// Expected effect: manufacturing_share_pct up, protection_cost_pct_gdp up.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class IndustrialBaseProtection final : public Instrument {
 public:
  explicit IndustrialBaseProtection(const scenario::PolicyBlock& b) : kept_(b.values.at("share_kept")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override { lev.manufacturing_protection += kept_; }

 private:
  double kept_;
};
}  // namespace

const Module& industrial_base_protection_module() {
  static const Module m{
      {"industrial_base_protection",
       BlockKind::Instrument,
       "Keeps the manufacturing share of GDP above its market path by share_kept, at a cost in prices and "
       "quality taken off TFP growth and reported as protection_cost_pct_gdp.",
       "Brief 001 (Groenewegen-Lau): manufacturing fell to 26.3% of GDP in 2020; arresting the decline "
       "'caused China's debts to balloon'",
       {
           {"share_kept", "fraction of GDP", 0, 0, 0.2,
            "manufacturing share kept above the market path (0.01 = one point of GDP)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<IndustrialBaseProtection>(b);
      }};
  return m;
}

}  // namespace nisim::policy
