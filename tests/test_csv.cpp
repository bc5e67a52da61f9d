// Reading CSV data sets: numbers by row and column, and one-line errors naming the place.
#define BOOST_TEST_MODULE csv
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "tracegrad/csv.hpp"
#include "tracegrad/utf8.hpp"

namespace tg = tracegrad;

namespace {

tg::Table read(const std::string& text) {
  std::istringstream in(text);
  return tg::read_csv(in, "data.csv");
}

// The DataError's message for reading `text`, or "" when it reads fine.
std::string error_of(const std::string& text) {
  try {
    read(text);
  } catch (const tg::DataError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_header_and_numbers) {
  tg::Table t = read("x, \"y\" ,z\r\n1,2.5,-3e2\r\n\n 4 ,5,6\n");
  BOOST_TEST(t.columns == (std::vector<std::string>{"x", "y", "z"}), boost::test_tools::per_element());
  BOOST_TEST(t.rows == 2u);
  BOOST_TEST(t.at(0, 1) == 2.5);
  BOOST_TEST(t.at(0, 2) == -300.0);
  BOOST_TEST(t.at(1, 0) == 4.0);
  BOOST_TEST(t.line_of(1) == 4u);  // the blank line 3 is skipped but counted
  BOOST_TEST(t.column("z") == 2u);
  BOOST_TEST(read("\xEF\xBB\xBFx,y\n1,2\n").columns[0] == "x");  // a byte-order mark is not part of the name
}

BOOST_AUTO_TEST_CASE(bad_files_get_one_line_naming_line_and_column) {
  BOOST_TEST(error_of("") == "data.csv: empty file (no header row)");
  BOOST_TEST(error_of("\n \n") == "data.csv: empty file (no header row)");
  BOOST_TEST(error_of("a,b\n") == "data.csv: no data rows after the header");
  BOOST_TEST(error_of("a,b\n1,2\n3,x7\n") == "data.csv:3: column 2 (b): not a number: 'x7'");
  BOOST_TEST(error_of("a,b\n1,2\n3,7 7\n") == "data.csv:3: column 2 (b): not a number: '7 7'");
  BOOST_TEST(error_of("a,b\n1,\n") == "data.csv:2: column 2 (b): empty cell");
  BOOST_TEST(error_of("a,b\n1,nan\n") == "data.csv:2: column 2 (b): not a finite number: 'nan'");
  BOOST_TEST(error_of("a,b\n1,2\n1,2,3\n") == "data.csv:3: 3 cells, the header has 2 columns");
  BOOST_TEST(error_of("a,b\n1\n") == "data.csv:2: 1 cells, the header has 2 columns");
  BOOST_TEST(error_of("a,,c\n1,2,3\n") == "data.csv:1: column 2 of the header has no name");
  BOOST_TEST(error_of("a,b,a\n1,2,3\n") == "data.csv:1: column 3 of the header repeats the name 'a'");
  BOOST_TEST(error_of("a,b\n1,2\n") == "");
  for (const char* text : {"", "a\n1\n2,3\n", "a\nz\n"})
    BOOST_TEST(error_of(text).find('\n') == std::string::npos);  // one line
}

BOOST_AUTO_TEST_CASE(a_missing_column_names_the_ones_there_are) {
  tg::Table t = read("x,y\n1,2\n");
  BOOST_CHECK_EXCEPTION(t.column("z"), tg::DataError, [](const tg::DataError& e) {
    return std::string(e.what()) == "data.csv: no column 'z' (the header has: x, y)";
  });
  BOOST_CHECK_THROW(tg::read_csv_file("/nonexistent/file.csv"), tg::DataError);
}

// Hostile input (issue 12): a header name that is not UTF-8 is an error naming it with the
// byte escaped, so the message itself is UTF-8; the checker refuses overlong forms,
// surrogates and code points past U+10FFFF, and accepts every well-formed character.
BOOST_AUTO_TEST_CASE(header_names_must_be_utf8_and_messages_are) {
  try {
    read("a\xff,y\n1,2\n");
    BOOST_ERROR("a non-UTF-8 header was accepted");
  } catch (const tg::DataError& e) {
    BOOST_TEST(std::string(e.what()) == "data.csv:1: column 1 of the header: not valid UTF-8: 'a\\xFF'");
  }
  BOOST_TEST(tg::valid_utf8("x, ü, θ, ∂, 𝔼"));
  for (std::string_view bad : {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "\xe2\x88"})
    BOOST_TEST(!tg::valid_utf8(bad));
  BOOST_TEST(tg::valid_utf8_or_escaped("n\xff.csv") == "n\\xFF.csv");
  BOOST_TEST(tg::excerpt(std::string(100, 'a'), 10) == "aaaaaaaaaa…");
  BOOST_TEST(tg::excerpt("θθθθθθ", 3) == "θ…");  // not cut inside a character
}
