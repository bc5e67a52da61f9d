#include "tracegrad/trace_read.hpp"

#include <algorithm>
#include <fstream>
#include <limits>

#include <fmt/format.h>

#include "tracegrad/utf8.hpp"

namespace tracegrad {

namespace {

// nlohmann's parser keeps one stack entry per level and the DOM's destructor recurses:
// refuse deep nesting with a cheap scan of the brackets outside strings, before parsing.
void check_depth(std::string_view text, std::string_view name) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // skip the escaped character
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_trace_depth)
        throw TraceError(fmt::format("{}: nested deeper than {} levels at byte {}", name, max_trace_depth, i));
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

// nlohmann throws "number overflow parsing '1e400'" without a position: find the number.
std::string overflow_detail(const nlohmann::json::out_of_range& e, std::string_view text) {
  std::string what = e.what();
  auto open = what.find('\''), close = what.rfind('\'');
  if (open == std::string::npos || close <= open) return "number out of double range";
  std::string number = what.substr(open + 1, close - open - 1);
  auto at = text.find(number);
  if (at == std::string_view::npos) return fmt::format("number out of double range: {}", number);
  auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
  auto line_start = text.rfind('\n', at);
  auto column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  return fmt::format("number out of double range at line {}, column {}: {}", line, column, number);
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …" → after "at "
std::string parse_detail(const nlohmann::json::parse_error& e) {
  std::string what = e.what();
  auto at = what.find(" at ");
  return at == std::string::npos ? what : what.substr(at + 4);
}

}  // namespace

ordered_json parse_trace(std::string_view text, std::string_view name) {
  if (text.empty()) throw TraceError(fmt::format("{}: empty file", name));
  if (text.size() > max_trace_bytes)
    throw TraceError(fmt::format("{}: {} bytes, more than the {} a trace may have", name, text.size(), max_trace_bytes));
  check_depth(text, name);
  ordered_json j;
  try {
    j = ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw TraceError(fmt::format("{}: not JSON: {}", name, parse_detail(e)));
  } catch (const nlohmann::json::out_of_range& e) {
    throw TraceError(fmt::format("{}: {}", name, overflow_detail(e, text)));
  } catch (const nlohmann::json::exception& e) {
    throw TraceError(fmt::format("{}: not JSON: {}", name, e.what()));
  }
  if (!j.is_object() || !j.contains("format") || j["format"] != "tracegrad-trace")
    throw TraceError(fmt::format("{}: /format: not a tracegrad trace (expected \"tracegrad-trace\")", name));
  if (!j.contains("version") || (j["version"] != 1 && j["version"] != 2))
    throw TraceError(fmt::format("{}: /version: expected 2 (or 1), got {}", name,
                                 j.contains("version") ? show_json(j["version"]) : "none"));
  if (j.contains("upgraded_from"))  // else a file could claim it and go without local derivatives
    throw TraceError(fmt::format("{}: /upgraded_from: never in a file (the reader sets it on a version 1 trace)", name));
  return j;
}

ordered_json read_trace(const std::filesystem::path& path) {
  std::string name = valid_utf8_or_escaped(path.string());  // messages are UTF-8 whatever the file name
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw TraceError(fmt::format("{}: not a file", name));
  auto size = std::filesystem::file_size(path, ec);
  if (ec) throw TraceError(fmt::format("{}: cannot read its size", name));
  if (size > max_trace_bytes)
    throw TraceError(fmt::format("{}: {} bytes, more than the {} a trace may have", name, size, max_trace_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(fmt::format("{}: cannot open", name));
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_trace(text, name);
}

ordered_json load_trace(const std::filesystem::path& path) {
  ordered_json trace = read_trace(path);
  upgrade_trace(trace);
  return trace;
}

const std::string& node_name(const ordered_json& node) {
  static const std::string none;
  if (!node.is_object()) return none;
  auto it = node.find("name");
  if (it == node.end()) it = node.find("label");
  return it != node.end() && it->is_string() ? it->get_ref<const std::string&>() : none;
}

bool printable_name(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool c1 = c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) <= 0x9F;  // U+0080–U+009F
    if (c < 0x20 || c == 0x7F || c1) return false;
  }
  return true;
}

bool is_trace_number(const ordered_json& j) {
  return j.is_number() || j == "nan" || j == "inf" || j == "-inf";
}

double read_number(const ordered_json& j, const std::string& where) {
  if (j.is_number()) return j.get<double>();
  if (j == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (j == "inf") return std::numeric_limits<double>::infinity();
  if (j == "-inf") return -std::numeric_limits<double>::infinity();
  throw TraceError(fmt::format("{}: expected a number or \"nan\", \"inf\", \"-inf\", got {}", where, show_json(j)));
}

std::string show_json(const ordered_json& j) {
  std::string text = j.dump();
  if (text.size() <= 40) return text;
  std::size_t cut = 37;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return text.substr(0, cut) + "…";
}

std::string pointer_step(std::string_view key) {
  std::string out = "/";
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

}  // namespace tracegrad
