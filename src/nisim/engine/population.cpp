#include <nisim/engine/population.hpp>

#include <stdexcept>
#include <string>

namespace nisim::engine {

namespace {
std::string describe(AgentId id) {
  return "AgentId{index " + std::to_string(id.index) + ", generation " +
         std::to_string(id.generation) + "}";
}
}  // namespace

AgentId SlotMap::insert() {
  if (next_serial_ == std::numeric_limits<std::uint32_t>::max())
    throw std::overflow_error("SlotMap::insert: 2^32 - 1 agents inserted, serials exhausted");
  if (ids_.size() >= kNone)
    throw std::overflow_error("SlotMap::insert: population exceeds 2^32 - 1 agents");
  const auto pos = static_cast<std::uint32_t>(ids_.size());
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{});
  }
  Slot& s = slots_[index];
  s.dense = pos;
  const AgentId id{index, s.generation};
  ids_.push_back(id);
  serials_.push_back(next_serial_++);
  return id;
}

SlotMap::Move SlotMap::erase(AgentId id) {
  const std::uint32_t pos = dense(id);
  const auto last = static_cast<std::uint32_t>(ids_.size() - 1);
  if (pos != last) {
    ids_[pos] = ids_[last];
    serials_[pos] = serials_[last];
    slots_[ids_[pos].index].dense = pos;
  }
  ids_.pop_back();
  serials_.pop_back();
  Slot& s = slots_[id.index];
  // Bump now (not at reuse) so copies of `id` held elsewhere are stale at once.
  ++s.generation;
  s.dense = kNone;
  free_.push_back(id.index);
  return Move{pos, last, pos != last};
}

std::uint32_t SlotMap::dense(AgentId id) const {
  if (alive(id)) return slots_[id.index].dense;
  if (!id.valid()) throw std::out_of_range("SlotMap: AgentId::invalid() refers to no agent");
  if (id.index >= slots_.size())
    throw std::out_of_range("SlotMap: " + describe(id) + " was never issued by this population");
  const Slot& s = slots_[id.index];
  std::string why = s.dense == kNone
                        ? "the agent has exited and the slot is free"
                        : "the agent has exited and the slot now holds generation " +
                              std::to_string(s.generation);
  throw std::out_of_range("SlotMap: stale " + describe(id) + ": " + why);
}

void SlotMap::reserve(std::size_t n) {
  slots_.reserve(n);
  ids_.reserve(n);
  serials_.reserve(n);
}

}  // namespace nisim::engine
