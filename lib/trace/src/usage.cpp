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

std::string one_line(std::string_view message) {
  std::string out;
  for (char c : valid_utf8_or_escaped(message)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) out += fmt::format("\\x{:02X}", byte);
    else out += c;
  }
  return out;
}

}  // namespace tracegrad
