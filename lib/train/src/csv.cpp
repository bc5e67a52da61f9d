#include "tracegrad/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <cmath>
#include <sstream>
#include <unordered_set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "tracegrad/utf8.hpp"

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

// A cell as a message shows it: valid UTF-8, at most 40 bytes and an ellipsis.
std::string shown(std::string_view cell) { return excerpt(cell, 40); }

// The whole cell as one finite number ("1.5", "-2e3"), or DataError naming where it is.
double number(std::string_view cell, const Table& t, std::size_t line, std::size_t col) {
  double value = 0;
  const char* end = cell.data() + cell.size();
  auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  std::string where = fmt::format("{}:{}: column {} ({})", t.source, line, col + 1, t.columns[col]);
  if (cell.empty()) throw DataError(where + ": empty cell");
  if (ec != std::errc() || ptr != end) throw DataError(fmt::format("{}: not a number: '{}'", where, shown(cell)));
  if (!std::isfinite(value)) throw DataError(fmt::format("{}: not a finite number: '{}'", where, shown(cell)));
  return value;
}

}  // namespace

std::size_t Table::column(std::string_view name) const {
  if (auto it = index.find(std::string(name)); it != index.end()) return it->second;
  std::string header = fmt::format("{}", fmt::join(columns, ", "));
  throw DataError(fmt::format("{}: no column '{}' (the header has: {})", source, shown(name), shown(header)));
}

Table read_csv(std::istream& in, const std::string& source) {
  Table t;
  t.source = valid_utf8_or_escaped(source);
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
      if (!valid_utf8(name)) throw DataError(fmt::format("{}: not valid UTF-8: '{}'", where, shown(name)));
      if (!t.index.emplace(name, t.columns.size()).second)
        throw DataError(fmt::format("{} repeats the name '{}'", where, shown(name)));
      t.columns.emplace_back(name);
    }
  }
  if (t.columns.empty()) throw DataError(fmt::format("{}: empty file (no header row)", t.source));
  while (std::getline(in, line)) {
    ++number_of_line;
    if (blank(line)) continue;
    std::vector<std::string_view> cells = split(line);
    if (cells.size() != t.columns.size())
      throw DataError(fmt::format("{}:{}: {} cells, the header has {} columns", t.source, number_of_line,
                                  cells.size(), t.columns.size()));
    if (t.cells.size() + cells.size() > max_csv_cells)
      throw DataError(fmt::format("{}:{}: more than {} cells, the most a data set may have", source, number_of_line, max_csv_cells));
    for (std::size_t c = 0; c < cells.size(); ++c) t.cells.push_back(number(cells[c], t, number_of_line, c));
    t.lines.push_back(number_of_line);
    ++t.rows;
  }
  if (t.rows == 0) throw DataError(fmt::format("{}: no data rows after the header", t.source));
  return t;
}

// Only a regular file: a FIFO or a device (/dev/zero) would block or never end. Opened
// without blocking, checked with fstat on the open descriptor (no race with a rename), read
// up to its size.
Table read_csv_file(const std::filesystem::path& path) {
  const std::string name = valid_utf8_or_escaped(path.string());
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw DataError(fmt::format("{}: cannot open: {}", name, std::strerror(errno)));
  struct stat st {};
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  const auto size = static_cast<std::size_t>(st.st_size);
  if (!regular || size > max_csv_bytes) {
    ::close(fd);
    throw DataError(regular ? fmt::format("{}: {} bytes, more than the {} a data set may have", name, size, max_csv_bytes)
                            : fmt::format("{}: not a regular file (a FIFO, a device or a directory)", name));
  }
  std::string text(size, '\0');
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, text.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  text.resize(got);
  std::istringstream in(std::move(text));
  return read_csv(in, path.string());
}

}  // namespace tracegrad
