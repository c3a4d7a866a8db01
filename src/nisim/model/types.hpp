// Enumerations shared by the model: actor kinds, stages of the innovation chain, regions.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace nisim::model {

/// Kinds of employer (MODEL.md section 2). The first five are knowledge organisations,
/// the last five are firms (the Fuller typology of brief 003).
enum class EmployerKind : std::uint8_t {
  University = 0,         ///< universities (Ministry of Education)
  Institute = 1,          ///< legacy public research institutes (CAS, ministries)
  NewStyleInstitute = 2,  ///< new-style institutes rewarded for transfer (brief 004)
  StateKeyLab = 3,        ///< State Key Labs / National Key Labs
  NationalLab = 4,        ///< National Labs
  Soe = 5,                ///< state-owned enterprises (soft budget)
  Private = 6,            ///< private firms
  LittleGiant = 7,        ///< specialised "Little Giant" manufacturers
  Architect = 8,          ///< supply-chain architects (lianzhu)
  Foreign = 9,            ///< foreign-invested R&D centres and hybrid firms (hard budget)
};
inline constexpr int kEmployerKinds = 10;
inline constexpr int kFirstFirmKind = 5;
inline constexpr std::array<std::string_view, kEmployerKinds> kEmployerKindNames = {
    "university", "institute", "new_style_institute", "state_key_lab", "national_lab",
    "soe", "private", "little_giant", "architect", "foreign"};

constexpr bool is_firm(EmployerKind k) { return static_cast<int>(k) >= kFirstFirmKind; }

/// Performer sectors of GERD as the NBS reports them.
enum class Performer : std::uint8_t { Enterprise = 0, Institute = 1, University = 2 };
inline constexpr int kPerformers = 3;

/// Labs are counted with their hosts: State Key Labs mostly sit in universities,
/// National Labs are institute-like.
constexpr Performer performer_of(EmployerKind k) {
  switch (k) {
    case EmployerKind::University:
    case EmployerKind::StateKeyLab: return Performer::University;
    case EmployerKind::Institute:
    case EmployerKind::NewStyleInstitute:
    case EmployerKind::NationalLab: return Performer::Institute;
    default: return Performer::Enterprise;
  }
}

/// Producer classes used by the gap-crossing rule: they differ in incentives (papers vs
/// technical targets), which scale the uptake rate of their outputs.
enum class ProducerClass : std::uint8_t { Academic = 0, Institute = 1, NewStyle = 2, Firm = 3 };
inline constexpr int kProducerClasses = 4;

constexpr ProducerClass producer_class(EmployerKind k) {
  switch (k) {
    case EmployerKind::University:
    case EmployerKind::StateKeyLab:
    case EmployerKind::NationalLab: return ProducerClass::Academic;
    case EmployerKind::Institute: return ProducerClass::Institute;
    case EmployerKind::NewStyleInstitute: return ProducerClass::NewStyle;
    default: return ProducerClass::Firm;
  }
}

/// Stages of the innovation chain (MODEL.md section 4).
enum class Stage : std::uint8_t { Basic = 0, Applied = 1, Development = 2 };
inline constexpr int kStages = 3;

/// Career stages of researchers.
enum class Career : std::uint8_t { Doctoral = 0, Early = 1, Senior = 2 };

/// Regions (MODEL.md section 2, Places).
inline constexpr int kRegions = 4;
inline constexpr std::array<std::string_view, kRegions> kRegionNames = {"beijing", "yangtze",
                                                                        "guangdong", "rest"};

/// Random-stream purposes (engine::StreamKey::purpose). Never reuse a number for two
/// purposes: that would correlate draws that the model treats as independent.
enum Purpose : std::uint32_t {
  kPurposeProduce = 1,
  kPurposeValue = 2,
  kPurposeYearlyFate = 3,
  kPurposeHireArea = 4,
  kPurposeInitResearcher = 5,
  kPurposeInitEmployer = 6,
  kPurposeFirmGrowth = 7,
  kPurposeFirmExit = 8,
  kPurposeFirmEntry = 9,
  kPurposeGap = 10,  ///< uptake of discoveries across gap 1
  kPurposeStageSwitch = 11,
  kPurposeProductivityShock = 12,
  kPurposeMatch = 13,
  kPurposeConvert = 14,   ///< instruments converting or closing organisations
  kPurposeInstrument = 15,  ///< instruments' own draws (for example detection of illicit acquisition)
  kPurposeNewLab = 16,
  kPurposeMembership = 17,  ///< stable draws for cluster, association and consortium membership
  kPurposeGap2 = 18,        ///< uptake of engineering achievements across gap 2
  kPurposeLine = 19,        ///< a team's line at the start of each cycle (source, gestation)
  kPurposeTies = 20,        ///< researchers' foreign ties in the first year
  kPurposeInitProductivity = 21,  ///< a firm's productivity relative to its cohort when it is created
};

/// Random-stream populations (engine::StreamKey::population).
enum Population : std::uint32_t {
  kPopResearchers = 1,
  kPopEmployers = 2,
  kPopChain = 3,
  kPopSystem = 4,
  kPopTeams = 5,
};

}  // namespace nisim::model
