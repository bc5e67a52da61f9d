#include "tracegrad/trace_read.hpp"

#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

namespace tracegrad {

ordered_json load_trace(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(fmt::format("{}: cannot open", path.string()));
  std::stringstream text;
  text << in.rdbuf();
  ordered_json j;
  try {
    j = ordered_json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw TraceError(fmt::format("{}: not JSON (byte {})", path.string(), e.byte));
  }
  if (!j.is_object() || j.value("format", "") != "tracegrad-trace")
    throw TraceError(fmt::format("{}: /format: not a tracegrad trace", path.string()));
  if (!j.contains("version") || j["version"] != 1)
    throw TraceError(fmt::format("{}: /version: expected 1", path.string()));
  return j;
}

double read_number(const ordered_json& j, const std::string& where) {
  if (j.is_number()) return j.get<double>();
  if (j == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (j == "inf") return std::numeric_limits<double>::infinity();
  if (j == "-inf") return -std::numeric_limits<double>::infinity();
  throw TraceError(fmt::format("{}: expected a number or \"nan\", \"inf\", \"-inf\", got {}", where, j.dump()));
}

}  // namespace tracegrad
