#include "tracegrad/output_file.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tracegrad/trace_read.hpp"
#include "tracegrad/utf8.hpp"

namespace tracegrad {

namespace {

// An existing file is read whole to recognise it; one larger than this is not ours.
constexpr std::size_t max_recognised_bytes = std::size_t{512} << 20;

std::string shown(const std::filesystem::path& path) { return valid_utf8_or_escaped(path.string()); }

// Reads the regular file at path (a link is not followed) into text; false when it is not one.
bool read_regular(const std::filesystem::path& path, std::string& text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) <= max_recognised_bytes;
  if (ok) {
    text.assign(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < text.size()) {
      const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    text.resize(got);
  }
  ::close(fd);
  return ok;
}

// Refuses (OutputRefused) unless path is absent or a regular file of this kind.
void check_replaceable(const std::filesystem::path& path, const OutputKind& kind) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw OutputRefused(fmt::format("cannot write {}: {}", shown(path), std::strerror(errno)));
  }
  if (S_ISLNK(st.st_mode))
    throw OutputRefused(fmt::format("refusing to write {}: it is a symbolic link (tracegrad writes only regular files)", shown(path)));
  if (!S_ISREG(st.st_mode))
    throw OutputRefused(fmt::format("refusing to write {}: it is not a regular file (a FIFO, a device or a directory)", shown(path)));
  std::string text;
  if (!read_regular(path, text) || !kind.ours(text))
    throw OutputRefused(fmt::format("refusing to overwrite {}: it is not {}", shown(path), kind.what));
}

void write_all(int fd, std::string_view text, const std::string& temp) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : EIO;
      ::close(fd);
      ::unlink(temp.c_str());
      throw OutputWriteError(std::strerror(error));
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

bool is_gradescope_text(std::string_view content) {
  auto j = nlohmann::json::parse(content, nullptr, false);
  return j.is_object() && j.contains("generator") && j["generator"] == "tracegrad grade";
}

bool is_trace_text(std::string_view content) {
  // A trace is written with "format" first; parsing the whole file is what makes it structural.
  auto j = nlohmann::json::parse(content, nullptr, false);
  return j.is_object() && j.contains("format") && j["format"] == "tracegrad-trace";
}

void write_output_file(const std::filesystem::path& path, std::string_view text, const OutputKind& kind) {
  if (path.empty() || !path.has_filename())  // "" or "dir/": no file to write
    throw OutputRefused(fmt::format("refusing to write '{}': it names no file", shown(path)));
  check_replaceable(path, kind);
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw OutputWriteError(fmt::format("cannot write {}: cannot create {}: {}", shown(path), shown(dir), ec.message()));
  // Not named after the file: a name of up to 255 bytes leaves no room for a suffix.
  std::string temp = (dir / ".tracegrad-XXXXXX").string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw OutputWriteError(fmt::format("cannot write {}: {}", shown(path), std::strerror(errno)));
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);  // mkstemp's 0600 → what an ordinary new file gets
  try {
    write_all(fd, text, temp);
  } catch (const OutputWriteError& e) {
    throw OutputWriteError(fmt::format("cannot write {}: {}", shown(path), e.what()));
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw OutputWriteError(fmt::format("cannot write {}: {}", shown(path), std::strerror(error)));
  }
}

static void refuse_if_over(const std::filesystem::path& path, std::size_t bytes, std::string_view size,
                           std::string_view smaller) {
  if (bytes > max_trace_bytes)
    throw OutputRefused(fmt::format("refusing to write {}: the trace {} {:.1f} MiB, more than the {} MiB that tracegrad "
                                    "validate, grade, dot and view read{}{}",
                                    shown(path), size, static_cast<double>(bytes) / (1 << 20), max_trace_bytes >> 20,
                                    smaller.empty() ? "" : "; ", smaller));
}

void write_trace_file(const std::filesystem::path& path, std::string_view text, std::string_view smaller) {
  refuse_if_over(path, text.size(), "is", smaller);
  write_output_file(path, text, trace_output);
}

void refuse_large_trace(const std::filesystem::path& path, std::size_t least_bytes, std::string_view when,
                        std::string_view smaller) {
  refuse_if_over(path, least_bytes, fmt::format("would be, {}, at least", when), smaller);
}

}  // namespace tracegrad
