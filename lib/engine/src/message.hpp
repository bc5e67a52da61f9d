// Error messages inside the engine, built from the standard library alone:
// message("node ", 7, " has value ", -inf) == "node 7 has value -inf".
#pragma once
#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>

#include "tracegrad/tensor.hpp"

namespace tracegrad::detail {

template <class T>
void append(std::string& out, const T& part) {
  if constexpr (std::is_floating_point_v<T> || std::is_integral_v<T>) {
    char buf[32];
    auto end = std::to_chars(buf, buf + sizeof buf, part).ptr;  // shortest round-trip form
    out.append(buf, end);
  } else {
    out += std::string_view(part);
  }
}

template <class... Parts>
std::string message(const Parts&... parts) {
  std::string out;
  (append(out, parts), ...);
  return out;
}

}  // namespace tracegrad::detail
