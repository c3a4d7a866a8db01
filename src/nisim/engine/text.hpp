// Text for terminals: user input echoed in messages must not carry control bytes (an
// ESC sequence in a scenario key would otherwise reach the user's terminal).
#pragma once
#include <string>
#include <string_view>

namespace nisim::engine {

/// `text` with every ASCII control byte (0x00-0x1F and 0x7F) written as `\xNN`; a line
/// feed is kept when `keep_newlines`. Other bytes (UTF-8 included) are unchanged.
std::string printable(std::string_view text, bool keep_newlines = false);

}  // namespace nisim::engine
