#include <nisim/model/targets.hpp>

#include <nisim/model/areas.hpp>
#include <nisim/policy/instrument.hpp>

namespace nisim::model {

void validate_targets(const scenario::Scenario& sc) {
  for (const auto& b : sc.policies) (void)policy::target_areas(b, default_tech_areas());
  auto sum_at_most_one = [&](std::initializer_list<const char*> names) {
    double s = 0;
    std::string list;
    for (auto n : names) {
      s += sc.param(n);
      list += (list.empty() ? "" : " + ") + std::string(n);
    }
    if (s > 1.0 + 1e-12)
      throw scenario::ScenarioError({sc.file.string(), 0, 0}, "params",
                                    list + " must not exceed 1, found " + std::to_string(s));
  };
  sum_at_most_one({"gov_to_universities", "gov_to_labs", "gov_to_firms"});
  sum_at_most_one({"sales_share_soe", "sales_share_little_giant", "sales_share_architect", "sales_share_foreign"});
  sum_at_most_one({"region_share_beijing", "region_share_yangtze", "region_share_guangdong"});
  sum_at_most_one({"basic_frac_university", "applied_frac_university"});
  sum_at_most_one({"basic_frac_institute", "applied_frac_institute"});
  sum_at_most_one({"basic_frac_lab", "applied_frac_lab"});
  sum_at_most_one({"basic_frac_firm", "applied_frac_firm"});
}

}  // namespace nisim::model
