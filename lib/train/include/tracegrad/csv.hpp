// Reading a data set: a CSV file with a header row and numbers in every cell.
#pragma once
#include <cstddef>
#include <filesystem>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tracegrad {

// Unusable data; the message is one line naming the file, line and column.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The cells of a CSV file, row by row (row-major), with the header's column names.
struct Table {
  std::string source;                // the file's name, for messages
  std::vector<std::string> columns;  // from the header row
  std::vector<double> cells;         // rows × columns.size()
  std::size_t rows = 0;

  double at(std::size_t row, std::size_t col) const { return cells[row * columns.size() + col]; }
  // The index of a column, or DataError naming the columns there are.
  std::size_t column(std::string_view name) const;
  // The file line a data row came from (the header is line 1; blank lines are skipped).
  std::size_t line_of(std::size_t row) const { return lines[row]; }

  std::vector<std::size_t> lines;  // the file line of each row
  std::unordered_map<std::string, std::size_t> index;  // column name → its index
};

// The largest data set read_csv_file reads, in bytes, and read_csv keeps, in cells.
inline constexpr std::size_t max_csv_bytes = std::size_t{256} << 20;
inline constexpr std::size_t max_csv_cells = std::size_t{32} << 20;

// Comma-separated; spaces around a cell and a final CR are ignored; a header name may be in
// double quotes; header names must be valid UTF-8. Every data cell must be a finite number.
// Messages name the file with any byte that is not UTF-8 escaped (\xFF). Throws DataError:
//   "iris.csv:7: column 3 (petal_length): not a number: 'abc'"
Table read_csv(std::istream& in, const std::string& source);
// A regular file only (a FIFO or a device is refused), at most max_csv_bytes.
Table read_csv_file(const std::filesystem::path& path);

}  // namespace tracegrad
