// Comparing a number the deck prints with the one the engine computed.
#pragma once
#include <string>
#include <string_view>

namespace tracegrad {

// How `printed` (as the slide writes it: "0.6856", "-0.0545", "128.55") stands to `computed`:
// "the same", "rounded", "truncated, not rounded", "within one unit of the last digit",
// "differs", or — given an erratum text — "erratum: TEXT".
std::string printed_verdict(double computed, std::string_view printed, std::string_view erratum = "");

// The computed number for the screen: 10 significant digits, or all 17 when the shorter
// form would earn another verdict (−0.03999999999999998 truncates to −0.0399, −0.04 would not).
std::string computed_text(double computed, std::string_view printed);

}  // namespace tracegrad
