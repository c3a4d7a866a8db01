// Industrial-base protection (MODEL.md section 5): keeping manufacturing firms alive
// against market forces, at a cost.
// Source: brief 001 (Groenewegen-Lau), "Xi Wants a Complete, Advanced, and Secure
// Industrial Base": "the contribution of manufacturing to China's gross domestic product
// (GDP) declined 6 percent between 2008 and 2020 to 26.3 percent"; "Beijing was able to
// arrest the decline but only slightly ... which inadvertently caused China's debts to
// balloon"; it "demotes other national goals".
// What it does in the model: a rule on firms' exit. Of the firms that the yearly exit
// hazard closes (low productivity makes it likelier, docs/model.md 9.3), the share
// `support` is kept alive by credit and subsidies (lever exit_support). Kept firms stay
// marked and are subsidised every year (params.protection_subsidy_share of their sales).
// Everything else follows from the firms: the manufacturing share rises by the value added
// of the kept firms' sales; TFP falls because the firms the hazard picks are those whose
// knowledge stocks and productivity are declining, and they go on declining (with firms
// that differ in productivity from creation, the level of aggregate productivity falls
// too); their staff keep doing R&D there.
// Targets: none (all R&D-performing firms; areas, regions and actors are ignored).
// Expected effect: tfp_index down, manufacturing_share_pct and protection_cost_pct_gdp up.
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class IndustrialBaseProtection final : public Instrument {
 public:
  explicit IndustrialBaseProtection(const scenario::PolicyBlock& b) : support_(b.values.at("support")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    // Two protection blocks in force keep firms independently: 1 - (1-a)(1-b).
    lev.exit_support = 1 - (1 - lev.exit_support) * (1 - support_);
  }

 private:
  double support_;
};
}  // namespace

const Module& industrial_base_protection_module() {
  static const Module m{
      {"industrial_base_protection",
       BlockKind::Instrument,
       "Keeps alive the share `support` of the firms that the market would close each year (credit and "
       "subsidies); the kept firms are subsidised, hold sales at low productivity and add to the "
       "manufacturing share.",
       "Brief 001 (Groenewegen-Lau): manufacturing fell to 26.3% of GDP in 2020; Beijing arrested the "
       "decline 'only slightly', which 'caused China's debts to balloon'",
       {
           {"support", "fraction", 0, 0, 1,
            "share of the firms the exit hazard would close in a year that protection keeps alive"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<IndustrialBaseProtection>(b);
      }};
  return m;
}

}  // namespace nisim::policy
