#include "tracegrad/usage.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "tracegrad/utf8.hpp"

namespace tracegrad {

double parse_number(const std::string& text, const std::string& what) {
  double x = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, x);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw UsageError(fmt::format("{}: '{}' is not a number", excerpt(what), excerpt(text)));
  if (!std::isfinite(x)) throw UsageError(fmt::format("{}: '{}' is not a finite number", excerpt(what), excerpt(text)));
  return x;
}

}  // namespace tracegrad
