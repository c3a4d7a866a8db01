#include <gtest/gtest.h>
#include <nisim/engine/population.hpp>
#include <nisim/engine/rng.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace nisim::engine {
namespace {

TEST(SlotMap, InsertAppendsAtTheEnd) {
  SlotMap s;
  EXPECT_TRUE(s.empty());
  const AgentId a = s.insert(), b = s.insert(), c = s.insert();
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.dense(a), 0u);
  EXPECT_EQ(s.dense(b), 1u);
  EXPECT_EQ(s.dense(c), 2u);
  EXPECT_EQ(s.id_at(1), b);
  EXPECT_EQ(s.serial_at(2), 2u);
  EXPECT_TRUE(s.alive(a) && s.alive(b) && s.alive(c));
  EXPECT_FALSE(s.alive(AgentId::invalid()));
  EXPECT_FALSE(AgentId::invalid().valid());
  EXPECT_EQ(AgentId{}, AgentId::invalid());
}

TEST(SlotMap, EraseSwapsTheLastIntoTheHole) {
  SlotMap s;
  std::vector<int> col;
  std::vector<AgentId> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(s.insert());
    col.push_back(i * 10);
  }
  const auto mv = s.erase(ids[1]);
  EXPECT_TRUE(mv.moved);
  EXPECT_EQ(mv.to, 1u);
  EXPECT_EQ(mv.from, 4u);
  apply_move(mv, col);
  EXPECT_EQ(col, (std::vector<int>{0, 40, 20, 30}));
  EXPECT_EQ(s.dense(ids[4]), 1u);
  EXPECT_EQ(s.serial_at(1), 4u);
  // Erasing the last agent moves nothing.
  const auto mv2 = s.erase(ids[3]);
  EXPECT_FALSE(mv2.moved);
  EXPECT_EQ(mv2.to, 3u);
  apply_move(mv2, col);
  EXPECT_EQ(col, (std::vector<int>{0, 40, 20}));
}

TEST(SlotMap, StaleIdIsDetectedAfterEraseAndAfterReuse) {
  SlotMap s;
  const AgentId a = s.insert();
  s.insert();
  s.erase(a);
  EXPECT_FALSE(s.alive(a));
  EXPECT_THROW(s.dense(a), std::out_of_range);
  EXPECT_THROW(s.erase(a), std::out_of_range);
  // LIFO reuse: the freed index comes back with a new generation.
  const AgentId b = s.insert();
  EXPECT_EQ(b.index, a.index);
  EXPECT_EQ(b.generation, a.generation + 1);
  EXPECT_FALSE(s.alive(a));
  EXPECT_TRUE(s.alive(b));
  try {
    s.dense(a);
    FAIL() << "expected std::out_of_range";
  } catch (const std::out_of_range& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("stale"), std::string::npos) << msg;
    EXPECT_NE(msg.find("generation 0"), std::string::npos) << msg;
  }
  EXPECT_THROW(s.dense(AgentId{99, 0}), std::out_of_range);
  EXPECT_THROW(s.dense(AgentId::invalid()), std::out_of_range);
}

TEST(SlotMap, FreeListIsLifo) {
  SlotMap s;
  std::vector<AgentId> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(s.insert());
  s.erase(ids[0]);
  s.erase(ids[2]);
  EXPECT_EQ(s.insert().index, ids[2].index);
  EXPECT_EQ(s.insert().index, ids[0].index);
  EXPECT_EQ(s.insert().index, 4u);
}

TEST(SlotMap, SerialsAreNeverReused) {
  SlotMap s;
  std::set<std::uint32_t> seen;
  std::vector<AgentId> live;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 5; ++i) {
      const AgentId id = s.insert();
      live.push_back(id);
      EXPECT_TRUE(seen.insert(s.serial(id)).second) << "serial reused";
    }
    for (int i = 0; i < 4; ++i) {
      s.erase(live.front());
      live.erase(live.begin());
    }
  }
  EXPECT_EQ(s.next_serial(), 500u);
  EXPECT_EQ(seen.size(), 500u);
}

// A random sequence of 10k inserts and erases, checked against a std::map model after
// each step: columns stay aligned with ids, serials and each other.
TEST(SlotMap, RandomOperationsKeepColumnsConsistent) {
  SlotMap s;
  std::vector<std::uint32_t> serial_col;  // copy of the serial, kept by the caller
  std::vector<double> value_col;
  std::vector<std::string> name_col;
  std::map<std::uint32_t, double> model;  // serial -> value
  std::vector<AgentId> ever;              // every id issued, alive or not
  std::map<std::uint32_t, AgentId> id_of;  // serial -> id for the living
  CounterRng rng(StreamKey{5, 0, 0, 0, 0});
  for (int step = 0; step < 10'000; ++step) {
    const bool do_insert = s.empty() || rng.uniform() < 0.55;
    if (do_insert) {
      const AgentId id = s.insert();
      const std::uint32_t serial = s.serial(id);
      const double v = rng.uniform();
      serial_col.push_back(serial);
      value_col.push_back(v);
      name_col.push_back("agent" + std::to_string(serial));
      model[serial] = v;
      id_of[serial] = id;
      ever.push_back(id);
    } else {
      const auto pos = static_cast<std::uint32_t>(rng.next_u32() % s.size());
      const AgentId id = s.id_at(pos);
      const std::uint32_t serial = s.serial_at(pos);
      apply_move(s.erase(id), serial_col, value_col, name_col);
      model.erase(serial);
      id_of.erase(serial);
    }
    ASSERT_EQ(s.size(), model.size());
    ASSERT_EQ(serial_col.size(), s.size());
    ASSERT_EQ(value_col.size(), s.size());
    ASSERT_EQ(name_col.size(), s.size());
    if (step % 10 == 0 || step == 9'999) {
      for (std::uint32_t pos = 0; pos < s.size(); ++pos) {
        const std::uint32_t serial = s.serial_at(pos);
        ASSERT_EQ(serial_col[pos], serial);
        ASSERT_EQ(value_col[pos], model.at(serial));
        ASSERT_EQ(name_col[pos], "agent" + std::to_string(serial));
        ASSERT_EQ(s.id_at(pos), id_of.at(serial));
        ASSERT_EQ(s.dense(s.id_at(pos)), pos);
      }
      std::size_t alive = 0;
      for (const AgentId& id : ever) alive += s.alive(id);
      ASSERT_EQ(alive, s.size());
    }
  }
  EXPECT_GT(s.size(), 100u);
}

TEST(SlotMap, ErasePositionsRemovesExactlyTheGivenAgents) {
  SlotMap s;
  std::vector<std::uint32_t> serial_col;
  std::vector<int> value_col;
  for (int i = 0; i < 20; ++i) {
    s.insert();
    serial_col.push_back(static_cast<std::uint32_t>(i));
    value_col.push_back(i * i);
  }
  // Unsorted with a duplicate and the last position.
  erase_positions(s, {3, 19, 0, 7, 3, 12}, serial_col, value_col);
  ASSERT_EQ(s.size(), 15u);
  std::set<std::uint32_t> survivors;
  for (std::uint32_t pos = 0; pos < s.size(); ++pos) {
    EXPECT_EQ(serial_col[pos], s.serial_at(pos));
    EXPECT_EQ(value_col[pos], static_cast<int>(s.serial_at(pos) * s.serial_at(pos)));
    survivors.insert(s.serial_at(pos));
  }
  for (std::uint32_t gone : {0u, 3u, 7u, 12u, 19u}) EXPECT_EQ(survivors.count(gone), 0u);
  EXPECT_EQ(survivors.size(), 15u);
  // Out of range: nothing is removed.
  EXPECT_THROW(erase_positions(s, {1, 15}, serial_col, value_col), std::out_of_range);
  EXPECT_EQ(s.size(), 15u);
  EXPECT_EQ(value_col.size(), 15u);
}

TEST(SlotMap, ErasePositionsIsDeterministic) {
  auto run = [] {
    SlotMap s;
    std::vector<std::uint32_t> col;
    for (int i = 0; i < 50; ++i) col.push_back(s.serial(s.insert()));
    erase_positions(s, {40, 2, 17, 33, 49, 0}, col);
    erase_positions(s, {30, 1, 10}, col);
    return col;
  };
  EXPECT_EQ(run(), run());
}

TEST(SlotMap, SerialsSpanFeedsFillUniform) {
  SlotMap s;
  std::vector<AgentId> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(s.insert());
  s.erase(ids[2]);
  s.erase(ids[5]);
  const auto serials = s.serials();
  std::vector<double> u(serials.size());
  fill_uniform(1, 2, 3, 4, serials.data(), serials.size(), u.data());
  // The draw of an agent depends on its serial, not on its position.
  for (std::uint32_t pos = 0; pos < s.size(); ++pos) {
    CounterRng r(StreamKey{1, 2, 3, s.serial_at(pos), 4});
    EXPECT_EQ(u[pos], r.uniform());
  }
}

}  // namespace
}  // namespace nisim::engine
