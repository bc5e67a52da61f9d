// A long run on the screen (step_lines.hpp): which steps get a line, and the table of the later
// steps that descent and worked_example print, read back from standard output.
#define BOOST_TEST_MODULE step_lines
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "tracegrad/lesson.hpp"
#include "tracegrad/losses.hpp"
#include "tracegrad/ops.hpp"
#include "tracegrad/step_lines.hpp"
#include "tracegrad/tensor_ops.hpp"
#include "tracegrad/worked_example.hpp"

namespace tg = tracegrad;

namespace {

tg::Lesson make_lesson(double lr, int steps) {
  tg::LessonOptions options;
  options.pause = false;
  return tg::Lesson({"demo", "Demo", "1", lr, steps}, options);
}

// What `run` prints on standard output, line by line.
std::vector<std::string> printed(const std::function<void()>& run) {
  const auto file = std::filesystem::temp_directory_path() / ("tg_step_lines_" + std::to_string(getpid()));
  std::fflush(stdout);
  const int saved = dup(STDOUT_FILENO);
  const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  BOOST_REQUIRE(saved >= 0 && fd >= 0);
  dup2(fd, STDOUT_FILENO);
  close(fd);
  run();
  std::fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::filesystem::remove(file);
  return lines;
}

// The table row of step `step` ("   149  0.1234 …") as numbers, empty when there is none.
std::vector<double> row_of(const std::vector<std::string>& lines, int step) {
  for (const auto& line : lines) {
    std::istringstream in(line);
    int first = -1;
    if (!(in >> first) || first != step || line.find(':') != std::string::npos) continue;
    std::vector<double> numbers;
    for (double x; in >> x;) numbers.push_back(x);
    return numbers;
  }
  return {};
}

// The table's header: the line after its heading.
std::string header_of(const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    if (lines[i].starts_with("── The later steps")) return lines[i + 1];
  return "";
}

bool has_line(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines)
    if (l.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_short_run_shows_every_step) {
  for (int step = 0; step < 100; ++step) BOOST_TEST(tg::shows_line(step, 100));
}

BOOST_AUTO_TEST_CASE(a_long_run_shows_about_nine_lines_a_power_of_ten) {
  std::vector<int> shown;
  for (int step = 0; step < 10000; ++step)
    if (tg::shows_line(step, 10000)) shown.push_back(step);
  BOOST_TEST(shown.size() == 47u);  // 0 … 20, 30 … 90, 100 … 900, 1000 … 9000, 9999
  for (int step : {0, 20, 30, 90, 100, 500, 900, 1000, 9000, 9999}) BOOST_TEST(tg::shows_line(step, 10000), step);
  for (int step : {21, 29, 101, 150, 990, 1100, 9998}) BOOST_TEST(!tg::shows_line(step, 10000), step);
  int count = 0;
  for (int step = 0; step < 101; ++step) count += tg::shows_line(step, 101);
  BOOST_TEST(count == 29);  // 0 … 20, 30 … 90, 100 (the last)
}

BOOST_AUTO_TEST_CASE(epochs_count_from_one) {
  // training --steps 10000: 1,250 epochs, 1 … 1250
  std::vector<int> shown;
  for (int epoch = 1; epoch <= 1250; ++epoch)
    if (tg::shows_line(epoch, 1250, 1)) shown.push_back(epoch);
  BOOST_TEST(shown.size() == 38u);  // 1 … 20, 30 … 90, 100 … 900, 1000, 1250
  BOOST_TEST(shown.front() == 1);
  BOOST_TEST(shown[19] == 20);
  BOOST_TEST(shown[20] == 30);
  BOOST_TEST(shown.back() == 1250);
  for (int epoch = 1; epoch <= 100; ++epoch) BOOST_TEST(tg::shows_line(epoch, 100, 1));
  // The screen says which are left out; the trace keeps every note.
  std::vector<std::string> notes;
  auto lines = printed([&] {
    auto lesson = make_lesson(0.1, 1);
    for (int epoch = 1; epoch <= 250; ++epoch) {
      lesson.trace().begin_step(false);
      tg::note_step(lesson, "epoch " + std::to_string(epoch), epoch, 250, 1, "epochs");
    }
    for (const auto& step : lesson.trace().json()["steps"])
      for (const auto& note : step["notes"]) notes.push_back(note.get<std::string>());
  });
  BOOST_TEST(has_line(lines, "  … from here only epochs 30, 40, …, 100, 200, … and 250 (all are in the trace)"));
  BOOST_TEST(has_line(lines, "epoch 20"));
  BOOST_TEST(has_line(lines, "epoch 250"));
  BOOST_TEST(!has_line(lines, "epoch 21"));
  BOOST_TEST(!has_line(lines, "epoch 249"));
  BOOST_REQUIRE(notes.size() == 250u);
  BOOST_TEST(notes[20] == "epoch 21");
}

// Linear regression on one sample, 150 steps: the rows shown, and the last one's numbers against
// the same descent on plain doubles.
BOOST_AUTO_TEST_CASE(worked_example_prints_later_steps_as_a_table) {
  const int steps = 150;
  const double lr = 0.01, x = 1.5, y = 2.0;
  auto lines = printed([&] {
    auto lesson = make_lesson(lr, steps);
    auto xv = lesson.input("x", x);
    auto yv = lesson.label("y", y);
    auto w = lesson.param("w", 0.2), b = lesson.param("b", -0.1);
    tg::worked_example(lesson, [&] { return tg::square((w * xv + b).named("y_hat") - yv).named("L"); }, {w, b}, {});
  });
  BOOST_TEST(has_line(lines, "── The later steps, one line each (from step 3) ──"));
  BOOST_TEST(header_of(lines) == "  step  L             w             ∂L/∂w         b             ∂L/∂b");
  BOOST_TEST(has_line(lines, "  … from here only steps 30, 40, …, 100, 200, … and 149 (all are in the trace)"));
  for (int step : {3, 20, 30, 100, 149}) BOOST_TEST(row_of(lines, step).size() == 5u, step);
  for (int step : {0, 2, 21, 101, 148}) BOOST_TEST(row_of(lines, step).empty(), step);
  // step 149 before its update: L, w, ∂L/∂w, b, ∂L/∂b
  double w = 0.2, b = -0.1, expected[5] = {};
  for (int step = 0; step < steps; ++step) {
    const double r = w * x + b - y;
    if (step == steps - 1) expected[0] = r * r, expected[1] = w, expected[2] = 2 * r * x, expected[3] = b, expected[4] = 2 * r;
    w -= lr * 2 * r * x;
    b -= lr * 2 * r;
  }
  auto row = row_of(lines, 149);
  BOOST_REQUIRE(row.size() == 5u);
  for (std::size_t i = 0; i < 5; ++i)  // printed to 7 significant digits
    BOOST_TEST(std::fabs(row[i] - expected[i]) <= 5e-7 * std::fabs(expected[i]), i << ": " << row[i] << " vs " << expected[i]);
}

// Three parameters: the gradients would pass 80 columns, so only the values are shown; a vector
// parameter gets one column per element.
BOOST_AUTO_TEST_CASE(wide_tables_leave_the_gradients_out) {
  auto lines = printed([] {
    auto lesson = make_lesson(0.1, 5);
    auto a = lesson.param("a", 1.0), b = lesson.param("b", 2.0), c = lesson.param("c", 3.0);
    tg::worked_example(lesson, [&] { return (tg::square(a) + tg::square(b) + tg::square(c)).named("L"); }, {a, b, c}, {});
  });
  BOOST_TEST(header_of(lines) == "  step  L             a             b             c");
  auto row = row_of(lines, 3);  // each p ← p − 0.1·2p = 0.8p: after three updates 0.512p
  BOOST_REQUIRE(row.size() == 4u);
  BOOST_TEST(std::fabs(row[1] - 0.512) < 1e-12);
  BOOST_TEST(std::fabs(row[3] - 1.536) < 1e-12);
  BOOST_TEST(std::fabs(row[0] - 0.512 * 0.512 * 14) < 1e-6);

  auto tensor = printed([] {
    auto lesson = make_lesson(0.1, 3);
    auto theta = lesson.param("theta", tg::Tensor::vector({1.0, -2.0}));
    tg::StepTable table(theta);
    for (int step = 0; step < 3; ++step) {
      auto L = lesson.forward([&] { return tg::sum(theta * theta).named("L"); });
      lesson.backward(L);
      table.show(lesson, step, 3, L);
      lesson.update(theta);
    }
  });
  BOOST_TEST(header_of(tensor) == "  step  L             theta[0]      ∂L/∂theta[0]  theta[1]      ∂L/∂theta[1]");
  auto row0 = row_of(tensor, 0);
  BOOST_REQUIRE(row0.size() == 5u);
  BOOST_TEST(row0[0] == 5.0);
  BOOST_TEST(row0[2] == 2.0);
  BOOST_TEST(row0[4] == -4.0);
}
