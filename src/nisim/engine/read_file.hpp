// Bounded reading of user-named files. Every file a user names (a scenario, a parent
// scenario, a design file, an indicators table) is read through here, so that a device,
// a FIFO, a huge file or a failing read is refused with a reason instead of hanging,
// exhausting memory or being taken as empty.
#pragma once
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace nisim::engine {

/// Default limit of read_regular_file: 1 MiB. Scenario and design files are a few
/// kilobytes; the shipped baseline is about 10 KiB.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{1} << 20;

/// Why a file could not be read. what() is a predicate in plain words that does not
/// repeat the path ("does not exist", "is a FIFO (named pipe), not a regular file", "is
/// larger than the limit of 1 MiB (1048576 bytes)", "could not be read to the end
/// (Input/output error)"); callers write "FILE " before it and say where it was named.
class FileReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The whole content of `path`, which must be a regular file (after following symbolic
/// links) of at most `max_bytes` bytes. The file is opened without blocking (a FIFO never
/// waits for a writer), its type is checked on the open descriptor (no race between the
/// check and the read), at most `max_bytes + 1` bytes are read (a file that grows, or a
/// /proc file that reports size 0, is still bounded) and every read error is reported.
/// A path containing a NUL byte is refused (the operating system would truncate it).
/// Throws FileReadError.
std::string read_regular_file(const std::filesystem::path& path, std::size_t max_bytes = kMaxInputFileBytes);

/// "1 MiB (1048576 bytes)": a byte limit as messages print it.
std::string byte_limit_text(std::size_t bytes);

}  // namespace nisim::engine
