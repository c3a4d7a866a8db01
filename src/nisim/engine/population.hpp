// Generational ids for structure-of-arrays agent populations.
//
// A population stores each agent variable in its own std::vector ("column"), all of the
// same length, indexed by DENSE POSITION 0..size()-1 so hot loops run over contiguous
// memory with no holes. Agents enter and exit, which moves them between positions, so
// other agents refer to them by AgentId instead: an (index, generation) pair that stays
// valid while the agent lives and is detected as stale once it has exited, even after its
// index has been reused by a newcomer (the generation differs).
//
// The SlotMap owns the mapping id <-> dense position; it does not own the columns. The
// protocol for the owner of the columns is:
//   insert:  AgentId id = slots.insert();  then push_back one value onto every column
//            (the new agent sits at dense position slots.size() - 1).
//   erase:   auto mv = slots.erase(id);    then apply_move(mv, col1, col2, ...)
//            (swap-remove: the last agent moves into the hole, then every column shrinks).
//   many:    erase_positions(slots, positions, col1, col2, ...).
//
// Each agent also gets a SERIAL, a number never reused within a SlotMap (0, 1, 2, ... in
// order of insertion). Serials are the `agent` field of an agent's RNG StreamKey, so an
// agent's random draws depend neither on its dense position nor on who else exited.
// serials() is contiguous by dense position, ready for engine::fill_uniform.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace nisim::engine {

/// Stable handle to an agent. Compare with ==; default-constructed ids are invalid().
struct AgentId {
  std::uint32_t index = std::numeric_limits<std::uint32_t>::max();       ///< slot index
  std::uint32_t generation = std::numeric_limits<std::uint32_t>::max();  ///< reuse count

  /// The id that never refers to an agent (alive() is false for it in every SlotMap).
  static constexpr AgentId invalid() noexcept { return AgentId{}; }
  /// True unless this is invalid(). Says nothing about whether the agent is alive.
  constexpr bool valid() const noexcept { return index != invalid().index; }

  friend constexpr bool operator==(const AgentId&, const AgentId&) = default;
};

/// Maps AgentId <-> dense position for one population (see the file comment).
///
/// Free-list policy: LIFO. erase() pushes the freed slot index onto a stack and insert()
/// pops the most recently freed index (bumping its generation), or appends a new index
/// when the stack is empty. The sequence of ids is therefore a deterministic function of
/// the sequence of insert/erase calls.
///
/// Limits: at most 2^32 - 1 insertions over the map's life (serials are 32-bit; insert()
/// throws std::overflow_error beyond). Generations wrap after 2^32 reuses of one slot.
/// Not thread-safe for concurrent modification; const members may be called concurrently.
class SlotMap {
 public:
  /// Result of erase(): the element at dense position `from` (the former last position)
  /// now lives at `to` (the erased position). `moved` is false when the erased agent was
  /// the last one (to == from), in which case the columns only need pop_back().
  struct Move {
    std::uint32_t to;
    std::uint32_t from;
    bool moved;
  };

  SlotMap() = default;

  /// Adds an agent at dense position size() (the end) and returns its id. Reuses the most
  /// recently freed slot index (with its generation already bumped) if any. Assigns the
  /// next serial. The caller must then push_back one value onto each column.
  AgentId insert();

  /// Removes the agent `id` by swap-remove and returns the Move the caller must apply to
  /// its columns (apply_move). The slot's generation is bumped immediately, so `id` and
  /// every copy of it become stale. Throws std::out_of_range if `id` is not alive.
  Move erase(AgentId id);

  /// True if `id` refers to an agent currently in the map (right index AND generation).
  bool alive(AgentId id) const noexcept {
    return id.index < slots_.size() && slots_[id.index].generation == id.generation &&
           slots_[id.index].dense != kNone;
  }

  /// Dense position of a living agent. Throws std::out_of_range naming the id, and
  /// whether it is unknown or stale (exited, possibly with its index reused).
  std::uint32_t dense(AgentId id) const;

  /// Id of the agent at dense position `pos` (< size(); checked only by assert).
  AgentId id_at(std::uint32_t pos) const noexcept {
    assert(pos < ids_.size());
    return ids_[pos];
  }
  /// Serial (never-reused RNG key) of the agent at dense position `pos` (< size()).
  std::uint32_t serial_at(std::uint32_t pos) const noexcept {
    assert(pos < serials_.size());
    return serials_[pos];
  }
  /// Serial of a living agent; throws std::out_of_range like dense().
  std::uint32_t serial(AgentId id) const { return serials_[dense(id)]; }

  /// All ids, by dense position.
  std::span<const AgentId> ids() const noexcept { return ids_; }
  /// All serials, by dense position (pass .data() to engine::fill_uniform).
  std::span<const std::uint32_t> serials() const noexcept { return serials_; }

  /// Number of living agents.
  std::size_t size() const noexcept { return ids_.size(); }
  bool empty() const noexcept { return ids_.empty(); }
  /// Number of slot indices ever created (living + free).
  std::size_t capacity_slots() const noexcept { return slots_.size(); }
  /// The serial the next insert() will assign (= number of insertions so far).
  std::uint32_t next_serial() const noexcept { return next_serial_; }

  /// Reserves room for `n` agents (no effect on ids or results).
  void reserve(std::size_t n);

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  struct Slot {
    std::uint32_t generation = 0;
    std::uint32_t dense = kNone;  // kNone while the slot is free
  };
  std::vector<Slot> slots_;             // by slot index
  std::vector<std::uint32_t> free_;     // LIFO stack of free slot indices
  std::vector<AgentId> ids_;            // by dense position
  std::vector<std::uint32_t> serials_;  // by dense position
  std::uint32_t next_serial_ = 0;
};

/// Applies a SlotMap::Move to each column (each a std::vector-like container with
/// operator[] and pop_back whose size is the SlotMap's size before the erase):
/// `col[to] = std::move(col[from])` when `moved`, then `col.pop_back()`.
template <class... V>
void apply_move(const SlotMap::Move& m, V&... columns) {
  auto one = [&m](auto& col) {
    assert(!col.empty() && col.size() == static_cast<std::size_t>(m.from) + 1);
    if (m.moved) col[m.to] = std::move(col[m.from]);
    col.pop_back();
  };
  (one(columns), ...);
}

/// Removes the agents at the given dense positions (taken by value; duplicates are
/// ignored) from `slots` and from every column, deterministically: positions are sorted
/// in descending order and erased one by one, so each swap-remove pulls in an agent
/// that is not itself marked for removal. The survivors' relative order may change
/// (as with any swap-remove) but depends only on the set of positions.
/// Throws std::out_of_range if a position is >= slots.size() (before removing anything).
template <class... V>
void erase_positions(SlotMap& slots, std::vector<std::uint32_t> positions, V&... columns) {
  std::sort(positions.begin(), positions.end(), std::greater<>());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  if (!positions.empty() && positions.front() >= slots.size())
    throw std::out_of_range("erase_positions: dense position " +
                            std::to_string(positions.front()) + " >= population size " +
                            std::to_string(slots.size()));
  for (std::uint32_t pos : positions) apply_move(slots.erase(slots.id_at(pos)), columns...);
}

}  // namespace nisim::engine
