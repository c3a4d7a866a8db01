// Illicit acquisition (MODEL.md section 5, instruments): the "steal it" option.
// Source: brief 003 (Fuller typology, "Steal It"): "In 2018, the US Department of Justice's
// indicted Fujian Jinhua Integrated Circuit Company ... for economic espionage ... to steal
// Micron Technology's sophisticated dynamic random-access memory (DRAM) technology";
// brief 002 (Cao): "academic collaborations are being challenged for fear of illicit
// technology acquisition attempts".
// What it does in the model: opens the illicit access channel
// (Levers::channel_level[kIllicit], 0 in the baseline) at level `intensity`, which feeds
// the capability rule like the other channels, with weight params.access_illicit. The
// channel is national (one level for all areas), so `intensity` applies to every area;
// `areas` names the areas the acquisition targets, which are the areas sanctioned when it
// is found out. Each January in force the acquisition is detected with probability
// min(1, detection_rate * intensity) (a CounterRng keyed by the run seed, population
// kPopSystem, purpose kPurposeInstrument, agent kDetectionStream, tick = the year); a
// detection raises Levers::access_cut in the target areas by `sanction_cut` (capped at 1)
// for `sanction_years` years from that year (a later detection restarts the count). The
// acquisition itself goes on while the instrument is in force; sanctions end with the
// instrument's `end`. State (the last sanctioned year) is kept in the instrument object.
// Regions and actors targets are not used.
// Expected effect: capability up while undetected; with frequent detection the sanctions
// on the commercial channels (imports, licences, JV, FDI) cost more than the stolen
// knowledge brings, leaving capability lower than without. Substitution: sanctioned areas
// raise firms' R&D effort (the access-cut push of the firm R&D rule).
// The channel's weight is params.access_illicit (0.1 by default, the weight of the FDI
// channel); its level is 0 in the baseline, so only this instrument opens it.
#include <algorithm>
#include <cmath>

#include <nisim/engine/rng.hpp>
#include <nisim/model/simulation.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::policy {

namespace {
constexpr std::uint32_t kDetectionStream = 0x5737A1u;  // fixed agent id of this module's draws

class IllicitAcquisition final : public Instrument {
 public:
  IllicitAcquisition(const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas)
      : intensity_(b.values.at("intensity")), detection_(b.values.at("detection_rate")),
        cut_(b.values.at("sanction_cut")), years_(int(std::lround(b.values.at("sanction_years")))),
        areas_(target_areas(b, areas)) {}
  void apply(int year, model::Levers& lev, model::Simulation& sim) override {
    lev.channel_level[model::kIllicit] += intensity_;
    const double p = std::min(1.0, detection_ * intensity_);
    if (p > 0) {
      engine::CounterRng r(engine::StreamKey{sim.seed(), model::kPopSystem, model::kPurposeInstrument,
                                             kDetectionStream, std::uint32_t(year)});
      if (r.uniform() < p) sanctioned_until_ = year + years_ - 1;
    }
    if (year <= sanctioned_until_ && cut_ > 0)
      for (auto a : areas_) lev.access_cut[a] = std::min(1.0, lev.access_cut[a] + cut_);
  }

 private:
  double intensity_, detection_, cut_;
  int years_;
  std::vector<std::size_t> areas_;
  int sanctioned_until_ = -1;
};
}  // namespace

const Module& illicit_acquisition_module() {
  static const Module m{
      {"illicit_acquisition",
       BlockKind::Instrument,
       "Opens the illicit access channel to the frontier (national: all areas) at a risk of detection; "
       "each detection raises the access cut of the target areas' commercial channels for some years "
       "(sanctions). The channel's weight is params.access_illicit (default 0.1).",
       "Brief 003 (Fuller typology): 'Steal It' (Fujian Jinhua indicted in 2018 for stealing Micron's DRAM "
       "technology); brief 002 (Cao): fear of illicit technology acquisition",
       {
           {"intensity", "level (channel level, 0 = none)", 0, 0, 5,
            "level of the illicit acquisition channel (its access weight is params.access_illicit)"},
           {"detection_rate", "probability per year per unit intensity", 0.1, 0, 1,
            "yearly probability of detection per unit of intensity (capped at 1)"},
           {"sanction_cut", "fraction", 0.3, 0, 1,
            "added to the access cut of the target areas' import/licence/JV/FDI channels while sanctioned"},
           {"sanction_years", "years", 3, 0, 30, "years the sanctions last after a detection (from the detection year)"},
       }},
      [](const scenario::PolicyBlock& b, const std::vector<model::TechArea>& areas) {
        return std::make_unique<IllicitAcquisition>(b, areas);
      }};
  return m;
}

}  // namespace nisim::policy
