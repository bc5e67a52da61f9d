// exercise_grade: the autograder's grader (root's, never the student's: it holds the
// reference). scripts/gradescope/run_autograder calls it around the sandboxed student runs:
//   exercise_grade list                                   the exercises, one name a line
//   exercise_grade points --seed S EXERCISE               the points to run the student at
//   exercise_grade assignment A                           checks an assignment file (setup.sh)
//   exercise_grade judge --seed S --runs DIR --results F [--assignment A]
//                                                         the verdicts: results.json
// DIR holds, per exercise, NAME.out (what the student's process printed, capped) and
// NAME.status (its exit status). The same seed gives the same hidden points. The
// assignment file A sets each test's points and visibility (Gradescope's: visible, hidden,
// after_due_date, after_published), the rest are 1 point, visible:
//   {"tests": {"square": {"weight": 2}, "backward": {"weight": 3, "visibility": "after_due_date"}}}
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
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

struct Setting {
  double weight = 1;
  std::string visibility = "visible";
};

// The assignment file's settings per exercise name; bad ones are a UsageError naming them.
std::map<std::string, Setting> read_assignment(const fs::path& path) {
  std::map<std::string, Setting> settings;
  if (path.empty()) return settings;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw UsageError(fmt::format("{}: not a file", path.string()));
  tracegrad::ordered_json a;
  try {
    a = tracegrad::ordered_json::parse(read_file(path, 1 << 20));
  } catch (const std::exception& e) {
    throw UsageError(fmt::format("{}: not JSON: {}", path.string(), e.what()));
  }
  if (!a.is_object() || !a.contains("tests") || !a["tests"].is_object())
    throw UsageError(fmt::format("{}: expected {{\"tests\": {{NAME: {{\"weight\": …, \"visibility\": …}}}}}}", path.string()));
  for (const auto& [name, t] : a["tests"].items()) {
    try {
      exercise::exercise_named(name);
    } catch (const std::invalid_argument& e) {
      throw UsageError(fmt::format("{}: tests/{}: {}", path.string(), name, e.what()));
    }
    Setting s;
    if (t.contains("weight")) {
      if (!t["weight"].is_number() || t["weight"].get<double>() < 0)
        throw UsageError(fmt::format("{}: tests/{}/weight: expected a number ≥ 0", path.string(), name));
      s.weight = t["weight"].get<double>();
    }
    if (t.contains("visibility")) {
      static const std::set<std::string> allowed{"visible", "hidden", "after_due_date", "after_published"};
      if (!t["visibility"].is_string() || !allowed.contains(t["visibility"].get<std::string>()))
        throw UsageError(fmt::format("{}: tests/{}/visibility: expected visible, hidden, after_due_date or after_published",
                                     path.string(), name));
      s.visibility = t["visibility"].get<std::string>();
    }
    settings[name] = s;
  }
  return settings;
}

int judge_all(std::uint64_t seed, const fs::path& runs, const fs::path& results, const fs::path& assignment) {
  auto settings = read_assignment(assignment);
  tracegrad::ordered_json tests = tracegrad::ordered_json::array();
  int passed = 0;
  double score = 0, max_score = 0;
  for (const auto& ex : exercise::exercises()) {
    Setting s = settings.contains(ex.name) ? settings[ex.name] : Setting{};
    exercise::StudentRun run{read_file(runs / (ex.name + ".out"), 80 * 1024), status_of(runs / (ex.name + ".status"))};
    auto v = exercise::judge(ex, exercise::test_points(ex, seed, hidden_points), run);
    passed += v.pass;
    tracegrad::ordered_json t;
    t["name"] = fmt::format("exercise {} {}", ex.number, ex.name);
    t["score"] = v.pass ? s.weight : 0.0;
    t["max_score"] = s.weight;
    t["status"] = v.pass ? "passed" : "failed";
    t["output"] = v.text;
    t["visibility"] = s.visibility;
    score += v.pass ? s.weight : 0.0;
    max_score += s.weight;
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
  if (args.empty()) throw UsageError("expected list, points, assignment or judge (exercise_grade.cpp says how)");
  std::string_view command = args[0];
  std::uint64_t seed = 0;
  fs::path runs, results, assignment;
  std::string name;
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto value = [&] {
      if (i + 1 >= args.size()) throw UsageError(fmt::format("{}: needs a value", args[i]));
      return args[++i];
    };
    if (args[i] == "--seed") seed = parse_seed(value());
    else if (args[i] == "--runs") runs = value();
    else if (args[i] == "--results") results = value();
    else if (args[i] == "--assignment") assignment = value();
    else if (!args[i].starts_with("--") && name.empty()) name = args[i];
    else throw UsageError(fmt::format("unexpected argument '{}'", args[i]));
  }
  if (command == "list") {
    for (const auto& ex : exercise::exercises()) fmt::print("{}\n", ex.name);
    return 0;
  }
  if (command == "points") {
    for (const auto& p : exercise::test_points(exercise::exercise_named(name), seed, hidden_points))
      fmt::print("{}\n", fmt::join(p, " "));
    return 0;
  }
  if (command == "assignment" && !name.empty()) {
    auto settings = read_assignment(name);
    for (const auto& ex : exercise::exercises()) {
      Setting s = settings.contains(ex.name) ? settings[ex.name] : Setting{};
      fmt::print("{}: {} point{}, {}\n", ex.name, s.weight, s.weight == 1 ? "" : "s", s.visibility);
    }
    return 0;
  }
  if (command == "judge" && !runs.empty() && !results.empty()) return judge_all(seed, runs, results, assignment);
  throw UsageError(fmt::format("'{}': expected list, points EXERCISE, or judge --runs DIR --results FILE", command));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string_view>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    fmt::print(stderr, "exercise_grade: {}\n", e.what());
    return 2;
  }
}
