// Choosing which indicator rows a run keeps ([outputs].indicators of a scenario).
#pragma once
#include <string>
#include <vector>

#include <nisim/output/indicators.hpp>

namespace nisim::output {

/// Keeps the rows whose indicator is named in `wanted`, either exactly or by family
/// ("capability_ratio" keeps every "capability_ratio.<area>"); an empty `wanted` keeps all.
/// Row order is preserved. Throws std::invalid_argument naming the first unknown name in
/// `wanted`, with a did-you-mean hint, if a name matches no row.
std::vector<IndicatorRow> select_indicators(const std::vector<IndicatorRow>& rows,
                                            const std::vector<std::string>& wanted);

}  // namespace nisim::output
