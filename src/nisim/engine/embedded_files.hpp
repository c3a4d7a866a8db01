// Data files compiled into the library (see cmake/embed.cmake).
#pragma once
#include <span>
#include <string_view>

namespace nisim::engine {

/// One file of the project's data/ folder, embedded at build time.
struct EmbeddedFile {
  std::string_view name;     ///< base name, e.g. "parameters.csv"
  std::string_view content;  ///< full text of the file
};

/// Every embedded data file, in the order CMake listed them.
std::span<const EmbeddedFile> embedded_files();

/// Content of the embedded file `name` (base name). Throws std::out_of_range naming the
/// file if it was not embedded.
std::string_view embedded_file(std::string_view name);

}  // namespace nisim::engine
