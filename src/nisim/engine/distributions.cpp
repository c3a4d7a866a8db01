#include <nisim/engine/distributions.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/poisson.hpp>

namespace nisim::engine::dist {

std::uint32_t poisson_quantile_large(double u, double lambda) {
  if (!std::isfinite(lambda)) throw std::invalid_argument("poisson: the mean is not finite");
  using Policy = boost::math::policies::policy<boost::math::policies::discrete_quantile<boost::math::policies::integer_round_up>>;
  const boost::math::poisson_distribution<double, Policy> d(lambda);
  // u is in (0, 1) by contract; keep the quantile finite at the edges.
  const double p = std::clamp(u, std::numeric_limits<double>::min(), 1.0 - 0x1p-53);
  const double k = boost::math::quantile(d, p);
  constexpr double kMax = double(std::numeric_limits<std::uint32_t>::max());
  return k >= kMax ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(k);
}

}  // namespace nisim::engine::dist
