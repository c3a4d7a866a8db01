#include "direction.hpp"

namespace nisim::test_support {
namespace {

TEST(SupplyChainArchitects, CoordinationRaisesEngineeringToProductConversion) {
  const char* block = R"(
[[policy]]
instrument = "supply_chain_architects"
start = 2012
coordination = 0.5
designation_share = 0.2
areas = ["high_end_chips", "electric_vehicles"]
)";
  const Measure m{"gap2_conversion.high_end_chips", 2014, 2016};
  expect_increase(ensemble(block, m, 2016), ensemble("", m, 2016),
                  "gap2_conversion.high_end_chips 2014-2016 with architects coordinating half the chain");
}

TEST(SupplyChainArchitects, AtZeroSizeChangesNothing) {
  const char* zero = R"(
[[policy]]
instrument = "supply_chain_architects"
start = 2010
areas = ["high_end_chips"]
)";
  for (const char* ind : {"invent_score", "gap2_conversion_rate"}) {
    const Measure m{ind, 2012, 2016};
    expect_identical(ensemble(zero, m, 2016, 3), ensemble("", m, 2016, 3),
                     std::string("supply_chain_architects at zero size, ") + ind);
  }
}

}  // namespace
}  // namespace nisim::test_support
