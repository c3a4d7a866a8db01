// Which indicator rows a run keeps ([outputs].indicators).
#include <nisim/output/select.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace nisim::output {
namespace {

const std::vector<IndicatorRow> kRows = {{2010, "gerd_cny_bn", 1},
                                         {2010, "capability_ratio.high_end_chips", 2},
                                         {2010, "capability_ratio.5g", 3},
                                         {2010, "papers", 4},
                                         {2011, "gerd_cny_bn", 5}};

std::vector<double> values(const std::vector<IndicatorRow>& rows) {
  std::vector<double> v;
  for (const auto& r : rows) v.push_back(r.value);
  return v;
}

TEST(SelectIndicators, EmptyKeepsEverything) { EXPECT_EQ(values(select_indicators(kRows, {})), values(kRows)); }

TEST(SelectIndicators, ExactNamesAndFamiliesKeepTheRunOrder) {
  EXPECT_EQ(values(select_indicators(kRows, {"papers", "gerd_cny_bn"})), (std::vector<double>{1, 4, 5}));
  EXPECT_EQ(values(select_indicators(kRows, {"capability_ratio"})), (std::vector<double>{2, 3}));
  EXPECT_EQ(values(select_indicators(kRows, {"capability_ratio.5g"})), (std::vector<double>{3}));
}

TEST(SelectIndicators, AnUnknownNameIsAnErrorWithAHint) {
  try {
    select_indicators(kRows, {"papers", "paper"});
    ADD_FAILURE() << "accepted an unknown indicator";
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("unknown indicator 'paper'"), std::string::npos) << m;
    EXPECT_NE(m.find("did you mean 'papers'"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace nisim::output
