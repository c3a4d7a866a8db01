// The two gaps as uptake by real users (src/nisim/model/chain.cpp): the mechanism
// ablations of issue 10. Ensembles at scale 0.01 with common seeds, paired t-tests.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../policy/direction.hpp"

namespace nisim::test_support {
namespace {

// Capability growth 2010-2023 of the whole system, per seed.
std::vector<double> capability_growth(const std::string& extra, const std::vector<std::string>& sets, int n) {
  const auto end = ensemble(extra, Measure{"capability_mean", 2023, 2023}, 2023, n, sets);
  const auto start = ensemble(extra, Measure{"capability_mean", 2010, 2010}, 2010, n, sets);
  std::vector<double> g;
  for (std::size_t i = 0; i < end.size(); ++i) g.push_back(end[i] - start[i]);
  return g;
}

TEST(Chain, WithoutUptakeAcrossTheGapsCapabilityGrowsFarLess) {
  // Ablation: from 2011 no output crosses either gap (chain_uptake = 0). What is left is
  // the organisations' own discoveries and engineering achievements and foreign access.
  const auto full = capability_growth("", {}, 8);
  const auto cut = capability_growth("", {"chain_uptake=0"}, 8);
  expect_decrease(cut, full, "capability_mean growth 2010-2023 without uptake across the gaps");
  if (sanitizer_run()) return;
  const double share = 1 - mean(cut) / mean(full);
  std::cout << "[ablation] capability_mean growth 2010-2023: " << mean(full) << " with the chain, " << mean(cut)
            << " without (" << 100 * share << "% of the growth comes through the gaps)\n";
  EXPECT_GT(share, 0.3) << "the chain must carry a large share of capability growth";
}

const char* kHalfConsortium = R"(
[[policy]]
instrument = "innovation_consortia"
start = 2012
coverage = 0.5
areas = ["high_end_chips"]
)";

TEST(Chain, AConsortiumCoveringHalfAnAreaMovesItsCapabilityThroughCrossings) {
  const Measure m{"capability_ratio.high_end_chips", 2016, 2018};
  const auto with = ensemble(kHalfConsortium, m, 2018);
  const auto without = ensemble("", m, 2018);
  expect_increase(with, without, "capability_ratio.high_end_chips 2016-2018 with a consortium of half the area");
  if (!sanitizer_run())
    std::cout << "[ablation] consortium of half of high_end_chips: capability " << mean(without) / 3 << " -> "
              << mean(with) / 3 << " (mean 2016-2018)\n";
  // The consortium acts only through membership, hence only through crossings: with no
  // uptake it changes nothing at all.
  const std::vector<std::string> no_uptake = {"chain_uptake=0"};
  expect_identical(ensemble(kHalfConsortium, m, 2018, 3, no_uptake), ensemble("", m, 2018, 3, no_uptake),
                   "a consortium without uptake across the gaps");
}

}  // namespace
}  // namespace nisim::test_support
