// Users of the two gaps, pooled by area and cell (chain.cpp): the internal state behind
// Simulation::gap_crossings. Not part of the public API.
#pragma once
#include <cstdint>
#include <vector>

#include <nisim/model/simulation.hpp>

namespace nisim::model {

inline constexpr int kUserCells = kRegions * 8;  ///< region x in cluster x consortium member x association member
inline constexpr int kGaps = 2;                  ///< gap 1 (discovery -> engineering), gap 2 (engineering -> product)

struct Simulation::UserPools {
  // Per gap: users in CSR order by (area, cell); per (area, cell): first index.
  std::vector<std::uint32_t> start[kGaps];
  std::vector<std::uint32_t> users[kGaps];
  std::vector<double> cum_ha[kGaps];            ///< cumulative staff x capacity within a cell
  std::vector<double> tot_h[kGaps], tot_ha[kGaps];  ///< per (area, cell)
  std::vector<std::uint32_t> pos[kGaps];        ///< per holding: its index in users, or kNoHolding
  std::vector<std::uint8_t> cell;               ///< per holding: its cell
  // Per gap, area and producer cell: hazard weight of every user cell, staff (national
  // FTE) x capacity x exp(-delta d), and their sum.
  std::vector<double> w[kGaps], wsum[kGaps];
};

}  // namespace nisim::model
