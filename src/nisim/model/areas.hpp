// Technology areas (MODEL.md section 3): read from data/tech_areas.csv.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace nisim::model {

/// One technology area. Ratios are relative to the global frontier (frontier = 1).
struct TechArea {
  std::string id;                  ///< snake_case id used in scenarios and indicator names
  std::string name;                ///< readable name
  std::string sector;              ///< semiconductors, ict_software, aerospace, ...
  bool novel = false;              ///< true: new technology (needs entrepreneurship);
                                   ///< false: established, can be emulated
  bool stranglehold = false;       ///< one of the 35 "stranglehold" technologies
  bool export_control_2019 = false;  ///< under the 2019 US controls / entity listings
  bool export_control_2022 = false;  ///< under the October 2022 controls
  bool export_control_2023 = false;  ///< under the October 2023 update
  double frontier_growth = 0.03;   ///< global frontier growth, fraction per year
  double initial_capability = 0.5; ///< domestic capability / frontier in 2010, 0..1
  double foreign_dependence = 0.5; ///< share of domestic demand met from abroad in 2010
  double demand_weight = 1;        ///< relative size of the domestic market (positive)
};

/// Parses the tech-areas table (columns of data/tech_areas.csv). `origin` names the table
/// in messages. Throws std::invalid_argument on a bad row (naming origin, line, column).
std::vector<TechArea> parse_tech_areas(std::string_view csv_text, const std::string& origin);

/// The default list (data/tech_areas.csv embedded in the build).
const std::vector<TechArea>& default_tech_areas();

}  // namespace nisim::model
