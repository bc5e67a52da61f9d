// Text from outside (file names, CSV headers, expressions) goes into messages and traces,
// which must be valid UTF-8: check it, or show it with the bad bytes escaped.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace tracegrad {

// Is `text` well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF)?
bool valid_utf8(std::string_view text);

// `text` unchanged when it is valid UTF-8; otherwise every byte that is not part of a
// well-formed character written as \xHH (so "a\xff" prints as a\xFF).
std::string valid_utf8_or_escaped(std::string_view text);

// A piece of outside text for a one-line message: valid UTF-8 as above, and past max_bytes cut
// (never inside a character) and ended with "…".
std::string excerpt(std::string_view text, std::size_t max_bytes = 60);

}  // namespace tracegrad
