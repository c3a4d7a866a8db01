#include <nisim/experiment/design.hpp>

#include <fmt/format.h>
#include <nisim/engine/rng.hpp>

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

namespace nisim::experiment {

namespace {

// Stream purposes of the designs (population 0; the seed keeps them apart from runs).
constexpr std::uint32_t kPurposeLhsOrder = 0xE001;
constexpr std::uint32_t kPurposeLhsOffset = 0xE002;
constexpr std::uint32_t kPurposeMorris = 0xE003;

void check_param(const ParamRange& p) {
  if (!std::isfinite(p.lo) || !std::isfinite(p.hi))
    throw std::invalid_argument(fmt::format("parameter '{}': bounds must be finite numbers, got [{}, {}]",
                                            p.name, p.lo, p.hi));
  if (!(p.lo < p.hi))
    throw std::invalid_argument(fmt::format(
        "parameter '{}': lower bound {} must be below the upper bound {}", p.name, p.lo, p.hi));
  if (p.log && !(p.lo > 0))
    throw std::invalid_argument(fmt::format(
        "parameter '{}': log sampling needs a positive lower bound, got {}", p.name, p.lo));
}

void check_params(const std::vector<ParamRange>& params, const char* design) {
  if (params.empty())
    throw std::invalid_argument(fmt::format("{} design: give at least one parameter", design));
  std::set<std::string> seen;
  for (const auto& p : params) {
    if (p.name.empty()) throw std::invalid_argument(fmt::format("{} design: a parameter has no name", design));
    if (!seen.insert(p.name).second)
      throw std::invalid_argument(fmt::format("{} design: parameter '{}' is listed twice", design, p.name));
    check_param(p);
  }
}

Design make_design(DesignKind kind, const std::vector<ParamRange>& params, std::size_t n) {
  // Checked before the allocation: a mistyped --samples must not ask for gigabytes.
  if (n > kMaxDesignPoints)
    throw std::invalid_argument(fmt::format("the design would have {} points, more than the limit of {}; use fewer "
                                            "samples, levels or parameters",
                                            n, kMaxDesignPoints));
  Design d;
  d.kind = kind;
  d.params = params;
  d.points.assign(n, std::vector<double>(params.size()));
  d.group.assign(n, 0);
  d.role.assign(n, "");
  return d;
}

// Fisher-Yates over 0..n-1.
std::vector<int> permutation(engine::CounterRng& rng, int n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 0);
  for (int i = n - 1; i > 0; --i)
    std::swap(v[i], v[uniform_below(rng, static_cast<std::uint32_t>(i) + 1)]);
  return v;
}

}  // namespace

std::uint32_t uniform_below(engine::CounterRng& rng, std::uint32_t n) {
  // Lemire (2019): the high word of x * n is uniform on [0, n) once the low word is
  // outside the n's short first interval of 2^32 mod n values.
  std::uint64_t m = std::uint64_t(rng.next_u32()) * n;
  if (std::uint32_t(m) < n) {
    const std::uint32_t threshold = (0u - n) % n;
    while (std::uint32_t(m) < threshold) m = std::uint64_t(rng.next_u32()) * n;
  }
  return static_cast<std::uint32_t>(m >> 32);
}

double from_unit(const ParamRange& p, double u) {
  check_param(p);
  if (!(u >= 0 && u <= 1))
    throw std::invalid_argument(
        fmt::format("parameter '{}': unit position must be in [0, 1], got {}", p.name, u));
  double v;
  if (u == 0) {
    v = p.lo;
  } else if (u == 1) {
    v = p.hi;
  } else if (p.log) {
    v = std::exp(std::log(p.lo) + u * (std::log(p.hi) - std::log(p.lo)));
  } else {
    v = p.lo + u * (p.hi - p.lo);
  }
  v = std::clamp(v, p.lo, p.hi);  // rounding must not step outside the range
  return p.integer ? std::round(v) : v;
}

double to_unit(const ParamRange& p, double v) {
  check_param(p);
  if (!(v >= p.lo && v <= p.hi))
    throw std::invalid_argument(
        fmt::format("parameter '{}': value {} is outside its range [{}, {}]", p.name, v, p.lo, p.hi));
  if (v == p.lo) return 0;
  if (v == p.hi) return 1;
  const double u = p.log ? (std::log(v) - std::log(p.lo)) / (std::log(p.hi) - std::log(p.lo))
                         : (v - p.lo) / (p.hi - p.lo);
  return std::clamp(u, 0.0, 1.0);
}

const char* design_kind_name(DesignKind k) {
  switch (k) {
    case DesignKind::Factorial: return "factorial";
    case DesignKind::Lhs: return "lhs";
    case DesignKind::Sobol: return "sobol";
    case DesignKind::Morris: return "morris";
    case DesignKind::File: return "file";
  }
  return "?";
}

DesignKind parse_design_kind(const std::string& s) {
  for (auto k : {DesignKind::Factorial, DesignKind::Lhs, DesignKind::Sobol, DesignKind::Morris,
                 DesignKind::File})
    if (s == design_kind_name(k)) return k;
  throw std::invalid_argument(fmt::format(
      "unknown design '{}'; expected one of: factorial, lhs, sobol, morris, file", s));
}

Design factorial(const std::vector<ParamRange>& params, int levels) {
  check_params(params, "factorial");
  if (levels < 2)
    throw std::invalid_argument(fmt::format("factorial design: levels must be at least 2, got {}", levels));
  std::size_t n = 1;
  for (std::size_t j = 0; j < params.size(); ++j) {
    n *= static_cast<std::size_t>(levels);
    if (n > kMaxDesignPoints)
      throw std::invalid_argument(fmt::format(
          "factorial design: {} levels for {} parameters exceed {} points; use fewer levels, "
          "fewer parameters or a Latin hypercube",
          levels, params.size(), kMaxDesignPoints));
  }
  const std::size_t k = params.size();
  std::vector<std::vector<double>> values(k);  // the levels of each parameter
  for (std::size_t j = 0; j < k; ++j)
    for (int l = 0; l < levels; ++l)
      values[j].push_back(from_unit(params[j], double(l) / (levels - 1)));
  Design d = make_design(DesignKind::Factorial, params, n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t rest = i;
    for (std::size_t j = k; j-- > 0;) {  // last parameter varies fastest
      d.points[i][j] = values[j][rest % levels];
      rest /= levels;
    }
  }
  return d;
}

Design latin_hypercube(const std::vector<ParamRange>& params, int n, std::uint64_t seed) {
  check_params(params, "lhs");
  if (n < 1) throw std::invalid_argument(fmt::format("lhs design: n must be at least 1, got {}", n));
  Design d = make_design(DesignKind::Lhs, params, n);
  for (std::size_t j = 0; j < params.size(); ++j) {
    const auto agent = static_cast<std::uint32_t>(j);
    engine::CounterRng order_rng({seed, 0, kPurposeLhsOrder, agent, 0});
    engine::CounterRng offset_rng({seed, 0, kPurposeLhsOffset, agent, 0});
    const auto stratum = permutation(order_rng, n);
    for (int i = 0; i < n; ++i) {
      // uniform() is in (0, 1), so the point stays strictly inside its stratum; the
      // division can round up to the upper edge only for huge n, hence the min.
      const double u = std::min((stratum[i] + offset_rng.uniform()) / n, 1.0);
      d.points[i][j] = from_unit(params[j], u);
    }
  }
  return d;
}

Design saltelli(const std::vector<ParamRange>& params, int n, std::uint64_t skip) {
  check_params(params, "sobol");
  if (n < 2) throw std::invalid_argument(fmt::format("sobol design: n must be at least 2, got {}", n));
  const std::size_t k = params.size();
  constexpr std::size_t kMaxDim = boost::random::default_sobol_table::max_dimension;
  if (2 * k > kMaxDim)
    throw std::invalid_argument(
        fmt::format("sobol design: at most {} parameters, got {}", kMaxDim / 2, k));
  if (skip > (std::uint64_t{1} << 40))
    throw std::invalid_argument(fmt::format("sobol design: skip must be at most 2^40, got {}", skip));
  Design d = make_design(DesignKind::Sobol, params, static_cast<std::size_t>(n) * (k + 2));  // checks the size first
  boost::random::sobol seq(2 * k);
  seq.discard(skip * 2 * k);  // discard counts coordinates, not points
  std::vector<double> a(k), b(k);
  for (int s = 0; s < n; ++s) {
    // The top 53 bits of a 64-bit coordinate are exactly representable: u in [0, 1).
    for (auto& x : a) x = double(seq() >> 11) * 0x1.0p-53;
    for (auto& x : b) x = double(seq() >> 11) * 0x1.0p-53;
    const std::size_t first = static_cast<std::size_t>(s) * (k + 2);
    for (std::size_t r = 0; r < k + 2; ++r) {
      auto& pt = d.points[first + r];
      for (std::size_t j = 0; j < k; ++j) {
        const bool from_b = r == 1 || (r >= 2 && j == r - 2);
        pt[j] = from_unit(params[j], from_b ? b[j] : a[j]);
      }
      d.group[first + r] = s;
      d.role[first + r] = r == 0 ? "A" : r == 1 ? "B" : "AB" + std::to_string(r - 1);
    }
  }
  return d;
}

Design morris(const std::vector<ParamRange>& params, int r, int levels, std::uint64_t seed) {
  check_params(params, "morris");
  if (r < 2) throw std::invalid_argument(fmt::format("morris design: r must be at least 2 trajectories, got {}", r));
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument(
        fmt::format("morris design: levels must be an even number >= 2 (4 is usual), got {}", levels));
  const std::size_t k = params.size();
  // Grid values per parameter; an integer parameter whose levels round onto the same
  // whole number would hide its steps from the analysis.
  std::vector<std::vector<double>> grid(k);
  for (std::size_t j = 0; j < k; ++j) {
    for (int l = 0; l < levels; ++l) {
      grid[j].push_back(from_unit(params[j], double(l) / (levels - 1)));
      if (l > 0 && grid[j][l] == grid[j][l - 1])
        throw std::invalid_argument(fmt::format(
            "morris design: integer parameter '{}' has fewer whole values in [{}, {}] than the "
            "{} grid levels; use fewer levels or a wider range",
            params[j].name, params[j].lo, params[j].hi, levels));
    }
  }
  // Morris's B* in whole grid steps: delta = p / (2 (p - 1)) is p/2 steps; the base
  // level is in 0..p/2-1 so both x* and x* + delta are on the grid, inside [0, 1].
  const int jump = levels / 2;
  Design d = make_design(DesignKind::Morris, params, static_cast<std::size_t>(r) * (k + 1));
  d.levels = levels;
  for (int t = 0; t < r; ++t) {
    engine::CounterRng rng({seed, 0, kPurposeMorris, static_cast<std::uint32_t>(t), 0});
    std::vector<int> level(k);
    std::vector<int> dir(k);
    for (std::size_t j = 0; j < k; ++j) {
      const int base = static_cast<int>(uniform_below(rng, static_cast<std::uint32_t>(jump)));
      dir[j] = uniform_below(rng, 2) == 0 ? 1 : -1;
      level[j] = dir[j] > 0 ? base : base + jump;  // a -delta step starts from the top
    }
    const auto order = permutation(rng, static_cast<int>(k));
    const std::size_t first = static_cast<std::size_t>(t) * (k + 1);
    for (std::size_t s = 0; s <= k; ++s) {
      if (s > 0) level[order[s - 1]] += dir[order[s - 1]] * jump;
      for (std::size_t j = 0; j < k; ++j) d.points[first + s][j] = grid[j][level[j]];
      d.group[first + s] = t;
      d.role[first + s] = std::to_string(s);
    }
  }
  return d;
}

}  // namespace nisim::experiment
