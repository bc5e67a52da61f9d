// libFuzzer target: arbitrary bytes through the CSV reader and the data set it makes.
// Any input must end in a Table or a DataError: no crash, no sanitizer report, no hang; a
// message must be valid UTF-8. Built and run by fuzz/run.sh (make fuzz).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "tracegrad/csv.hpp"
#include "tracegrad/train.hpp"
#include "tracegrad/utf8.hpp"

namespace tg = tracegrad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    tg::Table table = tg::read_csv(in, "input.csv");
    // The last column as the target, the others as features, standardized.
    tg::Dataset set = tg::make_dataset(table, {table.columns.back(), {}, tg::Model::linear, true});
    if (set.rows != table.rows || set.X.size() != set.rows * set.cols()) __builtin_trap();
  } catch (const tg::DataError& e) {
    if (!tg::valid_utf8(e.what())) __builtin_trap();
  }
  return 0;
}
