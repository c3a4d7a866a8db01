#include <nisim/policy/catalog.hpp>

#include <gtest/gtest.h>

#include <set>

namespace nisim::policy {
namespace {

TEST(Catalog, SortedUniqueAndDefaultsInRange) {
  const auto& cat = instrument_catalog();
  ASSERT_FALSE(cat.empty());
  std::set<std::string> names;
  for (std::size_t i = 0; i < cat.size(); ++i) {
    if (i > 0) EXPECT_LT(cat[i - 1].name, cat[i].name);
    EXPECT_TRUE(names.insert(cat[i].name).second) << cat[i].name;
    EXPECT_FALSE(cat[i].summary.empty()) << cat[i].name;
    EXPECT_FALSE(cat[i].source.empty()) << cat[i].name;
    std::set<std::string> keys;
    for (const auto& k : cat[i].keys) {
      EXPECT_TRUE(keys.insert(k.name).second) << cat[i].name << "." << k.name;
      EXPECT_LE(k.min, k.default_value) << cat[i].name << "." << k.name;
      EXPECT_LE(k.default_value, k.max) << cat[i].name << "." << k.name;
      EXPECT_FALSE(k.unit.empty()) << cat[i].name << "." << k.name;
      // These names are reserved for the block's own keys.
      for (const char* reserved : {"instrument", "shock", "start", "end", "areas", "regions",
                                   "actors"})
        EXPECT_NE(k.name, reserved) << cat[i].name;
    }
  }
}

TEST(Catalog, FindsByNameAndKind) {
  const InstrumentSpec* t = find_instrument("talent_programme", BlockKind::Instrument);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->kind, BlockKind::Instrument);
  ASSERT_EQ(t->keys.size(), 2u);
  EXPECT_EQ(t->keys[0].name, "recruits_per_year");
  EXPECT_DOUBLE_EQ(t->keys[0].default_value, 0);
  const InstrumentSpec* e = find_instrument("export_controls", BlockKind::Shock);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, BlockKind::Shock);
  EXPECT_EQ(find_instrument("export_controls", BlockKind::Instrument), nullptr);
  EXPECT_EQ(find_instrument("talent_programme", BlockKind::Shock), nullptr);
  EXPECT_EQ(find_instrument("nonexistent", BlockKind::Instrument), nullptr);
}

}  // namespace
}  // namespace nisim::policy
