// The six validation experiments (MODEL.md section 7; issue 10, "Checks"). Each arm is
// the baseline scenario plus policy blocks; the parameter ranges are the judgement ranges
// stated in the source column of data/parameters.csv (not the hard bounds of its min and
// max columns, which only keep a run meaningful).
#include <nisim/experiment/findings.hpp>

#include <stdexcept>

namespace nisim::experiment {

namespace {

// The judgement ranges shared by several findings (parameter, low, high, integer).
ParamRange range(const std::string& name, double lo, double hi, bool integer = false) {
  return ParamRange{"params." + name, lo, hi, false, integer};
}

// What decides whether a team takes risky lines and what risky lines yield (docs/model.md
// 6.6). The two tail indices are kept apart (risky in 1.1-1.5, safe in 1.5-2.0): within
// the 1-2 of Scherer and Harhoff (2000), on the side of each that Azoulay, Graff Zivin and
// Manso (2011) measure (risky lines give top-cited papers at about twice the rate).
std::vector<ParamRange> line_params() {
  return {range("risky_gestation_years", 3, 10), range("stable_horizon_years", 5, 10),
          range("firm_horizon_years", 2, 5),     range("tail_alpha_risky", 1.1, 1.5),
          range("tail_alpha_safe", 1.5, 2.0),    range("risky_count_share", 0.5, 1.0),
          range("team_size_fte", 4, 15)};
}

// What carries foreign knowledge and collaboration (docs/model.md 6.5, 8.1).
std::vector<ParamRange> access_params() {
  return {range("access_beta", 0.1, 0.5),          range("collab_value_premium", 1.1, 1.6),
          range("coauthor_tied", 0.4, 0.7),        range("coauthor_untied", 0.05, 0.15),
          range("tie_fade", 0.05, 0.2),            range("absorptive_elasticity", 0.2, 1.0)};
}

FindingArm arm(const std::string& name, const std::string& toml = "", const std::string& base = "baseline.toml") {
  FindingArm a;
  a.name = name;
  a.toml = toml;
  a.base = base;
  return a;
}

const char* kMissionTargets =
    "areas = [\"high_end_chips\", \"lithography_machines\", \"operating_systems\", \"aircraft_engines\", "
    "\"commercial_aircraft\"]\n";

std::vector<Finding> build() {
  std::vector<Finding> out;

  {
    Finding f;
    f.id = "consortia_gaps";
    f.title = "Consortia close engineering gaps faster than discovery gaps";
    f.source = "MODEL.md section 7; brief 004 (Naughton) on innovation consortia and the two gaps";
    f.mechanism =
        "A consortium puts half of the area's organisations (every kind at the same share: neither research- nor "
        "economics-driven) at distance 1 from each other instead of the cluster, region or country. Outputs cross "
        "a gap when a concrete user takes them up, at a rate that falls with distance and rises with the user's "
        "own stock (docs/model.md 7, 8.2). Which gap gains more follows from where producers and users sit in "
        "the reference: discoveries of universities and institutes mostly cross in-house or not at all, so "
        "bringing firms and institutes together raises gap 1 from a lower base.";
    f.until = 2018;
    f.arms = {arm("reference"),
              arm("consortium",
                  "[[policy]]\ninstrument = \"innovation_consortia\"\nstart = 2012\ncoverage = 0.5\n"
                  "research_driven = 0.5\nareas = [\"high_end_chips\"]\n")};
    f.effects = {{"gap1", "gap1_conversion.high_end_chips", 2014, 2018, "consortium", "reference", EffectScale::LogRatio},
                 {"gap2", "gap2_conversion.high_end_chips", 2014, 2018, "consortium", "reference", EffectScale::LogRatio},
                 {"capability", "capability_ratio.high_end_chips", 2014, 2018, "consortium", "reference",
                  EffectScale::LogOdds}};
    f.claims = {{"the consortium raises gap-2 conversion relatively more than gap-1 conversion", {"gap2"}, {"gap1"}, 1},
                {"the consortium raises the area's capability", {"capability"}, {}, 1}};
    f.params = {range("distance_decay", 1.5, 3.5), range("absorptive_elasticity", 0.2, 1.0),
                range("uptake_value_elasticity", 0.0, 1.0), range("knowledge_depreciation", 0.1, 0.2)};
    f.params_note =
        "distance_decay 1.5-3.5 around the judgement 2.5; absorptive_elasticity over its documented 0.2-1; "
        "uptake_value_elasticity 0-1; knowledge_depreciation 10-20% around the 15% of Hall (2005)";
    out.push_back(std::move(f));
  }

  {
    Finding f;
    f.id = "mission_shift";
    f.title = "A shift to mission targets raises engineering short-term and lowers discoveries long-term";
    f.source = "MODEL.md section 7; brief 000 (SCSP) and brief 004 (Naughton) on centralised mobilisation";
    f.mechanism =
        "The centre takes 20 more points of government research money, concentrates five emulation areas (fewer, "
        "larger teams; knowledge organisations' hires pulled in from the other areas) and merges 30% of the State "
        "Key Labs. Highly cited output depends on how many independent lines take risky work, which depends on "
        "teams' horizons (project cycle, stable money, firm horizon): the shift moves people and team sizes, not "
        "horizons, so it has no channel to lower highly cited output beyond fewer lines in the target areas.";
    f.until = 2030;
    f.arms = {arm("reference"),
              arm("mission", std::string("[[policy]]\ninstrument = \"centralisation\"\nstart = 2012\n"
                                         "central_share_change = 0.2\nconcentration = 1.5\nlab_merge_share = 0.3\n") +
                                 kMissionTargets)};
    f.effects = {{"engineering", "capability_ratio.high_end_chips", 2013, 2015, "mission", "reference", EffectScale::LogOdds},
                 {"discoveries", "highly_cited_papers", 2022, 2030, "mission", "reference", EffectScale::LogRatio}};
    f.claims = {{"capability of a target area rises in the first three years", {"engineering"}, {}, 1},
                {"highly cited papers fall 10-18 years on", {"discoveries"}, {}, -1}};
    f.params = line_params();
    f.params_note = "the judgement ranges of the team and line parameters (docs/model.md 6.6)";
    out.push_back(std::move(f));
  }

  {
    Finding f;
    f.id = "decoupling_highly_cited";
    f.title = "Decoupling lowers highly cited output";
    f.source = "MODEL.md section 7; brief 002 (Cao) on international collaboration";
    f.mechanism =
        "The end of the science and technology agreement halves the collaboration access channel and the forming "
        "of new foreign ties. Fewer ties mean fewer internationally co-authored papers, which carry a value "
        "premium, and less foreign knowledge within reach lowers capability and output rates; so fewer papers "
        "pass the world's top-10% citation threshold.";
    f.until = 2020;
    f.arms = {arm("reference"),
              arm("ended", "[[shock]]\nshock = \"end_of_st_agreement\"\nstart = 2015\ncollaboration_cut = 0.5\n")};
    f.effects = {{"highly_cited", "highly_cited_papers", 2016, 2020, "ended", "reference", EffectScale::LogRatio}};
    f.claims = {{"highly cited papers fall within five years", {"highly_cited"}, {}, -1}};
    f.params = access_params();
    f.params_note =
        "access_beta 0.1-0.5 around the 0.3 of Jones (1995)-type knowledge production functions; the "
        "collaboration ranges of data/parameters.csv";
    out.push_back(std::move(f));
  }

  {
    Finding f;
    f.id = "emulation_vs_novel";
    f.title = "Emulation areas respond to concentration more than novel areas";
    f.source = "MODEL.md section 7; brief 000 (SCSP) and brief 003 on catching up in known technologies";
    f.mechanism =
        "Megaprojects concentrate biopharmaceuticals from 2012 (fewer, three-times-larger teams; hires pulled "
        "in). The same area is run flagged emulation and flagged novel (tech_areas.csv has it novel). In an emulation area every result adds "
        "to the stock in full; in a novel area a line counts by its best result, whose expectation grows like "
        "n^(1/alpha) in the number of results, so merging lines loses more there (docs/model.md 6.6).";
    f.until = 2020;
    const std::string mega =
        "[[policy]]\ninstrument = \"megaprojects\"\nstart = 2012\nareas = [\"biopharmaceuticals\"]\nconcentration = 3\n";
    f.arms = {arm("reference"), arm("concentrated", mega), arm("reference_novel"), arm("concentrated_novel", mega)};
    f.arms[0].emulation_areas = f.arms[1].emulation_areas = {"biopharmaceuticals"};
    f.arms[2].novel_areas = f.arms[3].novel_areas = {"biopharmaceuticals"};
    f.effects = {{"emulation", "capability_ratio.biopharmaceuticals", 2014, 2020, "concentrated", "reference",
                  EffectScale::LogOdds},
                 {"novel", "capability_ratio.biopharmaceuticals", 2014, 2020, "concentrated_novel", "reference_novel",
                  EffectScale::LogOdds}};
    f.claims = {{"concentration raises capability more when the area is an emulation area", {"emulation"}, {"novel"}, 1}};
    f.params = line_params();
    f.params_note = "the judgement ranges of the team and line parameters (docs/model.md 6.6)";
    out.push_back(std::move(f));
  }

  {
    Finding f;
    f.id = "stable_funding";
    f.title = "Stable funding raises high-value discoveries";
    f.source = "Brief 000 (SCSP): short 3-5 year project cycles discourage risky research; Azoulay et al. (2011)";
    f.mechanism =
        "Moving 40 points of government research money from projects to stable support from 2012 gives more "
        "teams the horizon of stable money (7 years) instead of a project cycle (4). A team takes a risky line "
        "only if its gestation is shorter than its horizon; risky lines yield fewer outputs with a heavier tail.";
    f.until = 2025;
    f.arms = {arm("reference"),
              arm("stable", "[[policy]]\ninstrument = \"research_funding_mix\"\nstart = 2012\nproject_share_change = -0.4\n")};
    f.effects = {{"highly_cited", "highly_cited_papers", 2016, 2025, "stable", "reference", EffectScale::LogRatio},
                 {"papers", "papers", 2016, 2025, "stable", "reference", EffectScale::LogRatio}};
    f.claims = {{"highly cited papers rise over ten years", {"highly_cited"}, {}, 1},
                {"the share of papers that are highly cited rises", {"highly_cited"}, {"papers"}, 1}};
    f.params = line_params();
    f.params.push_back(range("project_cycle_years", 3, 5, true));
    f.params_note = "the judgement ranges of the team and line parameters (docs/model.md 6.6) and the 3-5 year "
                    "project cycles of brief 000";
    out.push_back(std::move(f));
  }

  {
    Finding f;
    f.id = "full_decoupling";
    f.title = "Full decoupling lowers capability and highly cited output";
    f.source = "Brief 003 and brief 002 (Cao); the reference scenario full-decoupling against baseline";
    f.mechanism =
        "From 2025 export controls cut 90% of the access channels, the end of the science and technology "
        "agreement cuts 80% of collaboration, investment restrictions and an FDI shift cut foreign capital and "
        "firms, and fewer students return. Capability falls where access carried its growth; highly cited output "
        "falls with ties, access and value scale; domestic effort responds only through firms' budgets.";
    f.until = 2035;
    f.arms = {arm("reference"),
              arm("decoupled", "", "full-decoupling.toml")};
    f.effects = {{"capability", "capability_mean", 2026, 2035, "decoupled", "reference", EffectScale::LogOdds},
                 {"highly_cited", "highly_cited_papers", 2026, 2035, "decoupled", "reference", EffectScale::LogRatio}};
    f.claims = {{"mean capability falls over ten years", {"capability"}, {}, -1},
                {"highly cited papers fall over ten years", {"highly_cited"}, {}, -1}};
    f.params = access_params();
    f.params_note = "as for decoupling_highly_cited";
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

const std::vector<Finding>& findings() {
  static const std::vector<Finding> all = build();
  return all;
}

const Finding& finding(const std::string& id) {
  std::string ids;
  for (const auto& f : findings()) {
    if (f.id == id) return f;
    ids += (ids.empty() ? "" : ", ") + f.id;
  }
  throw std::invalid_argument("unknown finding '" + id + "'; the findings are: " + ids);
}

}  // namespace nisim::experiment
