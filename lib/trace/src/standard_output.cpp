#include "tracegrad/standard_output.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <utility>

namespace tracegrad {

void report_closed_pipes() { std::signal(SIGPIPE, SIG_IGN); }

bool standard_output_failed(std::string_view who) {
  static bool reported = false;  // one line, however many callers ask
  const int earlier = errno;     // what the failed write left (fmt::print throws at once)
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return false;
  if (std::exchange(reported, true)) return true;
  const int error = errno != 0 ? errno : earlier;
  // fprintf, not fmt::print: this runs in exception handlers and must not throw itself.
  std::fprintf(stderr, "%.*s: cannot write standard output: %s\n", static_cast<int>(who.size()), who.data(),
               error != 0 ? std::strerror(error) : "write error");
  return true;
}

}  // namespace tracegrad
