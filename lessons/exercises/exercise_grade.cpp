// exercise_grade: the autograder's grader (root's, never the student's: it holds the
// reference). scripts/gradescope/run_autograder calls it around the sandboxed student runs:
//   exercise_grade list                                   the exercises, one name a line
//   exercise_grade points --seed S EXERCISE               the points to run the student at
//   exercise_grade check                                  each test's points and visibility,
//                                                         or what is wrong with the assignment
//   exercise_grade hints --results F                      the handout's hints.tsv (below)
//   exercise_grade judge --seed S --runs DIR --results F  the verdicts: results.json
// DIR holds, per exercise, NAME.out (what the student's process printed, capped) and
// NAME.status (its exit status). The same seed gives the same hidden points. Each test's
// points and visibility are the assignment file's (Exercise::weight, ::visibility).
// hints.tsv, for the handout's local check: per known mistake of a visible exercise, a line
// "NAME<tab>the gradient it gives at the slide's point<tab>the hint".
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <tracegrad/output_file.hpp>
#include <tracegrad/trace.hpp>

#include "judge.hpp"

namespace {

namespace fs = std::filesystem;
constexpr int hidden_points = 3;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_file(const fs::path& path, std::size_t cap) {
  std::ifstream in(path, std::ios::binary);
  std::string text(cap, '\0');
  in.read(text.data(), static_cast<std::streamsize>(cap));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

int status_of(const fs::path& path) {
  std::string text = read_file(path, 32);
  try {
    return text.empty() ? 125 : std::stoi(text);
  } catch (const std::exception&) {
    return 125;
  }
}

int judge_all(std::uint64_t seed, const fs::path& runs, const fs::path& results) {
  tracegrad::ordered_json tests = tracegrad::ordered_json::array();
  int passed = 0;
  double score = 0, max_score = 0;
  for (const auto& ex : exercise::exercises()) {
    exercise::StudentRun run{read_file(runs / (ex.name + ".out"), 80 * 1024), status_of(runs / (ex.name + ".status"))};
    auto v = exercise::judge(ex, exercise::test_points(ex, seed, hidden_points), run);
    passed += v.pass;
    tracegrad::ordered_json t;
    t["name"] = fmt::format("exercise {} {}", ex.number, ex.name);
    t["score"] = v.pass ? ex.weight : 0.0;
    t["max_score"] = ex.weight;
    t["status"] = v.pass ? "passed" : "failed";
    t["output"] = v.text;
    t["visibility"] = ex.visibility;
    score += v.pass ? ex.weight : 0.0;
    max_score += ex.weight;
    tests.push_back(std::move(t));
  }
  tracegrad::ordered_json r;
  r["score"] = score;
  r["max_score"] = max_score;
  r["output"] = fmt::format("{}/{} exercises pass (each at the slide's point and {} hidden points)", passed,
                            exercise::exercises().size(), hidden_points);
  r["visibility"] = "visible";
  r["tests"] = std::move(tests);
  r["generator"] = "tracegrad grade";  // how a later run knows the file is its own
  tracegrad::write_output_file(results, r.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                               tracegrad::gradescope_output);
  fmt::print("{}\n", r["output"].get<std::string>());
  return 0;
}

// The handout's hints.tsv: the known mistakes of the visible exercises at their slide points.
constexpr std::string_view hints_header = "# tracegrad hints: exercise, the gradient a mistake gives at the slide's point, the hint\n";
bool is_hints_text(std::string_view content) { return content.starts_with(hints_header); }

int write_hints(const fs::path& file) {
  std::string text(hints_header);
  for (const auto& ex : exercise::exercises()) {
    if (ex.visibility != "visible") continue;
    for (const auto& m : exercise::known_mistakes(ex, exercise::slide_point(ex)))
      text += fmt::format("{}\t{:.17g}\t{}\n", ex.name, fmt::join(m.gradient, " "), m.hint);
  }
  tracegrad::write_output_file(file, text, {"a hints.tsv written by exercise_grade", is_hints_text});
  return 0;
}

std::uint64_t parse_seed(std::string_view text) {
  std::size_t used = 0;
  std::uint64_t seed = 0;
  try {
    seed = std::stoull(std::string(text), &used);
  } catch (const std::exception&) {
  }
  if (used == 0 || used != text.size()) throw UsageError(fmt::format("--seed: expected a whole number, got '{}'", text));
  return seed;
}

int run(std::vector<std::string_view> args) {
  if (args.empty()) throw UsageError("expected list, points, check, hints or judge (exercise_grade.cpp says how)");
  std::string_view command = args[0];
  std::uint64_t seed = 0;
  fs::path runs, results;
  std::string name;
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto value = [&] {
      if (i + 1 >= args.size()) throw UsageError(fmt::format("{}: needs a value", args[i]));
      return args[++i];
    };
    if (args[i] == "--seed") seed = parse_seed(value());
    else if (args[i] == "--runs") runs = value();
    else if (args[i] == "--results") results = value();
    else if (!args[i].starts_with("--") && name.empty()) name = args[i];
    else throw UsageError(fmt::format("unexpected argument '{}'", args[i]));
  }
  if (command == "list") {
    for (const auto& ex : exercise::exercises()) fmt::print("{}\n", ex.name);
    return 0;
  }
  if (command == "points") {
    for (const auto& p : exercise::test_points(exercise::exercise_named(name), seed, hidden_points))
      fmt::print("{:.17g} {:.17g}\n", fmt::join(p.params, " "), fmt::join(p.data, " "));  // as answers_main reads them
    return 0;
  }
  if (command == "check") {
    for (const auto& ex : exercise::exercises())
      fmt::print("exercise {} {}: {} point{}, {}\n", ex.number, ex.name, ex.weight, ex.weight == 1 ? "" : "s", ex.visibility);
    return 0;
  }
  if (command == "hints" && !results.empty()) return write_hints(results);
  if (command == "judge" && !runs.empty() && !results.empty()) return judge_all(seed, runs, results);
  throw UsageError(fmt::format("'{}': expected list, points EXERCISE, check, hints --results FILE or judge --runs DIR --results FILE", command));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string_view>(argv + 1, argv + argc));
  } catch (const tracegrad::OutputWriteError& e) {  // a full disk: not a bad input
    fmt::print(stderr, "exercise_grade: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "exercise_grade: {}\n", e.what());
    return 2;
  }
}
