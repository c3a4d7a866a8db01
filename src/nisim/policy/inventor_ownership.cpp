// Inventor ownership of patents (MODEL.md section 5, "inventor ownership of patents").
// Source: brief 001 (Groenewegen-Lau): "reforms are being initiated to grant inventors more
// ownership over patents, to encourage state-employed researchers to become more
// entrepreneurial"; brief 002 (Cao) on "academic institutional spin-offs early in the reform
// period" (Lenovo among them).
//
// What it does in the model (MECHANICS.md section 4: m_incentive is higher with inventor
// ownership):
// - transfer_incentive: researchers who own their patents push them to users: the uptake
//   incentive of outputs of universities and labs and of legacy institutes is multiplied
//   (Levers::incentive_mult for the Academic and Institute classes). New-style institutes
//   already have transfer incentives and are left out.
// - spinoff_entry_mult: more spin-offs and start-ups: multiplies the entry rate of
//   R&D-performing firms (Levers::entry_mult). Entrants are drawn as the model's usual new
//   firms (mostly small private firms); researchers do not move with them.
// Targets honoured: none (both levers are national).
// Defaults (1, 1) leave the baseline untouched.
// Expected direction: more R&D-performing firms (rd_performing_firms) and higher conversion
// of academic output (gap1_conversion_rate).
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
class InventorOwnership final : public Instrument {
 public:
  explicit InventorOwnership(const scenario::PolicyBlock& b)
      : transfer_(b.values.at("transfer_incentive")), entry_(b.values.at("spinoff_entry_mult")) {}
  void apply(int, model::Levers& lev, model::Simulation&) override {
    lev.incentive_mult[std::size_t(model::ProducerClass::Academic)] *= transfer_;
    lev.incentive_mult[std::size_t(model::ProducerClass::Institute)] *= transfer_;
    lev.entry_mult *= entry_;
  }

 private:
  double transfer_, entry_;
};
}  // namespace

const Module& inventor_ownership_module() {
  static const Module m{
      {"inventor_ownership",
       BlockKind::Instrument,
       "Inventors own their patents: raises the uptake incentive of outputs of universities, labs and "
       "legacy institutes, and the entry rate of R&D-performing firms (spin-offs).",
       "Brief 001 (Groenewegen-Lau): 'grant inventors more ownership over patents, to encourage "
       "state-employed researchers to become more entrepreneurial'; brief 002 (Cao): academic spin-offs",
       {
           {"transfer_incentive", "multiplier", 1, 0.5, 5,
            "uptake incentive multiplier of outputs of universities, labs and legacy institutes"},
           {"spinoff_entry_mult", "multiplier", 1, 0.5, 5, "multiplier on the entry rate of R&D-performing firms"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>&) {
        return std::make_unique<InventorOwnership>(b);
      }};
  return m;
}

}  // namespace nisim::policy
