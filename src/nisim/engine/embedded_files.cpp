#include <nisim/engine/embedded_files.hpp>

#include <stdexcept>
#include <string>

namespace nisim::engine {

std::string_view embedded_file(std::string_view name) {
  for (const auto& f : embedded_files())
    if (f.name == name) return f.content;
  throw std::out_of_range("data file not embedded in this build: " + std::string(name));
}

}  // namespace nisim::engine
