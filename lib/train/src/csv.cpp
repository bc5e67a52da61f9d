#include "tracegrad/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

#include <fmt/format.h>

namespace tracegrad {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  for (std::size_t start = 0;;) {
    std::size_t comma = line.find(',', start);
    cells.push_back(trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

bool blank(std::string_view line) { return trim(line).empty(); }

// The whole cell as one finite number ("1.5", "-2e3"), or DataError naming where it is.
double number(std::string_view cell, const Table& t, std::size_t line, std::size_t col) {
  double value = 0;
  const char* end = cell.data() + cell.size();
  auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  std::string where = fmt::format("{}:{}: column {} ({})", t.source, line, col + 1, t.columns[col]);
  if (cell.empty()) throw DataError(where + ": empty cell");
  if (ec != std::errc() || ptr != end) throw DataError(fmt::format("{}: not a number: '{}'", where, cell));
  if (!std::isfinite(value)) throw DataError(fmt::format("{}: not a finite number: '{}'", where, cell));
  return value;
}

}  // namespace

std::size_t Table::column(std::string_view name) const {
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) return c;
  throw DataError(fmt::format("{}: no column '{}' (the header has: {})", source, name, fmt::join(columns, ", ")));
}

Table read_csv(std::istream& in, const std::string& source) {
  Table t;
  t.source = source;
  std::string line;
  std::size_t number_of_line = 0;
  while (t.columns.empty() && std::getline(in, line)) {
    ++number_of_line;
    if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a UTF-8 byte-order mark
    if (blank(line)) continue;
    for (std::string_view name : split(line)) {
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
      std::string where = fmt::format("{}:{}: column {} of the header", source, number_of_line, t.columns.size() + 1);
      if (name.empty()) throw DataError(where + " has no name");
      if (std::find(t.columns.begin(), t.columns.end(), name) != t.columns.end())
        throw DataError(fmt::format("{} repeats the name '{}'", where, name));
      t.columns.emplace_back(name);
    }
  }
  if (t.columns.empty()) throw DataError(fmt::format("{}: empty file (no header row)", source));
  while (std::getline(in, line)) {
    ++number_of_line;
    if (blank(line)) continue;
    std::vector<std::string_view> cells = split(line);
    if (cells.size() != t.columns.size())
      throw DataError(fmt::format("{}:{}: {} cells, the header has {} columns", source, number_of_line,
                                  cells.size(), t.columns.size()));
    for (std::size_t c = 0; c < cells.size(); ++c) t.cells.push_back(number(cells[c], t, number_of_line, c));
    t.lines.push_back(number_of_line);
    ++t.rows;
  }
  if (t.rows == 0) throw DataError(fmt::format("{}: no data rows after the header", source));
  return t;
}

Table read_csv_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw DataError(fmt::format("{}: cannot open", path.string()));
  return read_csv(in, path.string());
}

}  // namespace tracegrad
