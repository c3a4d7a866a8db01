#include <nisim/engine/text.hpp>

#include <fmt/format.h>

namespace nisim::engine {

std::string printable(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 || u == 0x7F) && !(keep_newlines && c == '\n'))
      out += fmt::format("\\x{:02X}", unsigned(u));
    else
      out.push_back(c);
  }
  return out;
}

}  // namespace nisim::engine
