// Typed view of the model parameters of data/parameters.csv (see that file, or
// `nisim params`, for every unit, range and source).
#pragma once
#include <map>
#include <string>
#include <vector>

// NISIM_MODEL_PARAMS(X): every parameter name, generated from data/parameters.csv.
#include <nisim/model/param_list.hpp>

namespace nisim::model {

/// Every model parameter as a double, in the units of data/parameters.csv.
struct Params {
#define NISIM_DECLARE_PARAM(n) double n = 0;
  NISIM_MODEL_PARAMS(NISIM_DECLARE_PARAM)
#undef NISIM_DECLARE_PARAM

  /// Builds the struct from a resolved parameter map (scenario::Scenario::params).
  /// Throws std::out_of_range naming a parameter the map lacks.
  static Params from_map(const std::map<std::string, double>& values);
  /// Names of every parameter the struct holds, in declaration order.
  static const std::vector<std::string>& names();
};

}  // namespace nisim::model
