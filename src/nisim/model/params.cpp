#include <nisim/model/params.hpp>

#include <stdexcept>

namespace nisim::model {

Params Params::from_map(const std::map<std::string, double>& values) {
  Params p;
  auto get = [&](const char* name) {
    auto it = values.find(name);
    if (it == values.end()) throw std::out_of_range(std::string("missing model parameter '") + name + "'");
    return it->second;
  };
#define NISIM_READ_PARAM(n) p.n = get(#n);
  NISIM_MODEL_PARAMS(NISIM_READ_PARAM)
#undef NISIM_READ_PARAM
  return p;
}

const std::vector<std::string>& Params::names() {
  static const std::vector<std::string> names = {
#define NISIM_NAME_PARAM(n) #n,
      NISIM_MODEL_PARAMS(NISIM_NAME_PARAM)
#undef NISIM_NAME_PARAM
  };
  return names;
}

}  // namespace nisim::model
