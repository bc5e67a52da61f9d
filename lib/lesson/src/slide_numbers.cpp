#include "tracegrad/slide_numbers.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"

namespace tracegrad {

std::string printed_verdict(double computed, std::string_view printed, std::string_view erratum) {
  if (!erratum.empty()) return fmt::format("erratum: {}", erratum);
  std::string text(printed);
  auto dot = text.find('.');
  int decimals = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
  double unit = std::pow(10.0, -decimals), shown = std::stod(text);  // one unit of the last digit
  auto same = [&](double x) { return std::fabs(x - shown) < unit / 2; };
  if (std::fabs(computed - shown) <= 1e-12 * std::max(1.0, std::fabs(shown))) return "the same";
  if (same(std::round(computed / unit) * unit)) return "rounded";
  if (same(std::trunc(computed / unit) * unit)) return "truncated, not rounded";
  if (std::fabs(computed - shown) <= unit * (1 + 1e-9)) return "within one unit of the last digit";
  return "differs";
}

std::string computed_text(double computed, std::string_view printed) {
  std::string shown = show(computed);
  if (printed_verdict(std::stod(shown), printed) == printed_verdict(computed, printed)) return shown;
  return fmt::format("{:.17g}", computed);
}

}  // namespace tracegrad
