// The rules of trace format v2, and of v1 for old files (traces/trace.schema.json, then the
// (rule)s of traces/README.md), written out by hand: no regex, no recursion deeper than the
// format, one pass over the trace.
#include "tracegrad/trace_validate.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "tracegrad/trace_read.hpp"

namespace tracegrad {

namespace {

using Keys = std::initializer_list<std::string_view>;

bool lower_digit_underscore(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// ^[a-z0-9_]+$ (lesson), ^[a-z][a-z0-9_]*$ (op), ^[A-Za-z0-9_.=+-]+$ (run)
bool lesson_name(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), lower_digit_underscore); }
bool op_name(std::string_view s) { return !s.empty() && s[0] >= 'a' && s[0] <= 'z' && lesson_name(s); }
bool run_name(std::string_view s) {
  auto ok = [](char c) {
    return lower_digit_underscore(c) || (c >= 'A' && c <= 'Z') || std::string_view(".=+-").find(c) != std::string_view::npos;
  };
  return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}
constexpr std::string_view printable_what = "a name without control characters (newline, tab, escape)";
// ^(first|all|every:[1-9][0-9]*)$
bool trace_nodes_policy(std::string_view s) {
  if (s == "first" || s == "all") return true;
  if (s.substr(0, 6) != "every:" || s.size() == 6 || s[6] == '0') return false;
  return std::all_of(s.begin() + 6, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// JSON Schema's "integer": a number with no fractional part.
bool is_integer(const ordered_json& j) {
  if (j.is_number_integer()) return true;
  return j.is_number_float() && std::trunc(j.get<double>()) == j.get<double>();
}
// The integer as a count, saturated (a huge id or shape is out of range anyway).
std::size_t as_count(const ordered_json& j) {
  double d = j.get<double>();
  return d >= 1e15 ? static_cast<std::size_t>(1e15) : static_cast<std::size_t>(d);
}

class Validator {
 public:
  explicit Validator(std::size_t max) : max_(max) {}
  std::vector<TraceProblem> problems;

  void trace(const ordered_json& j) {
    if (!object(j, "", {"format", "version", "lesson", "title", "slides", "config", "steps", "final"},
                {"format", "version", "upgraded_from", "lesson", "run", "title", "slides", "config", "steps", "final"}))
      return;
    if (j["format"] != "tracegrad-trace") problem("/format", "expected \"tracegrad-trace\", got " + show_json(j["format"]));
    if (j["version"] != 1 && j["version"] != 2) problem("/version", "expected 2 (or 1), got " + show_json(j["version"]));
    v1_ = j["version"] == 1;
    name_key_ = v1_ ? "label" : "name";
    if (j.contains("upgraded_from") && (v1_ || j["upgraded_from"] != 1))
      problem("/upgraded_from", "only a version 2 trace read from version 1 has it, and it is 1");
    upgraded_ = j.contains("upgraded_from");
    string(j["lesson"], "/lesson", lesson_name, "a lesson name: a-z, 0-9 and _");
    if (j.contains("run")) string(j["run"], "/run", run_name, "a run name: letters, digits and _ . = + -");
    string(j["title"], "/title");
    string(j["slides"], "/slides");
    config(j["config"]);
    if (array(j["steps"], "/steps"))
      for (std::size_t i = 0; i < j["steps"].size(); ++i) step(j["steps"][i], fmt::format("/steps/{}", i), i);
    if (object(j["final"], "/final", {"loss"}, {"nodes", "loss", "notes"})) {
      const auto& f = j["final"];
      if (f.contains("nodes")) nodes(f["nodes"], "/final/nodes");
      number(f["loss"], "/final/loss");
      if (f.contains("notes")) strings(f["notes"], "/final/notes");
    }
  }

 private:
  std::size_t max_;
  bool v1_ = false;        // a version 1 trace: "label", no "local"
  bool upgraded_ = false;  // read from version 1: "local" only where the reader could compute it
  const char* name_key_ = "name";
  std::vector<bool> tensor_;  // per node of the list being checked: has a shape

  void problem(const std::string& where, std::string message) {
    if (problems.size() < max_) problems.push_back({where.empty() ? "/" : where, std::move(message)});
  }

  // An object with the required keys and, when `allowed` is not empty, no others.
  bool object(const ordered_json& j, const std::string& where, Keys required, Keys allowed) {
    if (!j.is_object()) {
      problem(where, "expected an object, got " + show_json(j));
      return false;
    }
    bool complete = true;
    for (auto key : required)
      if (!j.contains(key)) {
        problem(where, fmt::format("missing key \"{}\"", key));
        complete = false;
      }
    if (allowed.size() != 0)
      for (const auto& [key, value] : j.items())
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
          problem(where + pointer_step(key), fmt::format("unexpected key (allowed here: {})", fmt::join(allowed, ", ")));
    return complete;
  }

  bool array(const ordered_json& j, const std::string& where) {
    if (j.is_array()) return true;
    problem(where, "expected an array, got " + show_json(j));
    return false;
  }

  void string(const ordered_json& j, const std::string& where, bool (*ok)(std::string_view) = nullptr,
              std::string_view what = "") {
    if (!j.is_string()) problem(where, "expected a string, got " + show_json(j));
    else if (ok && !ok(j.get_ref<const std::string&>())) problem(where, fmt::format("expected {}, got {}", what, show_json(j)));
  }

  void strings(const ordered_json& j, const std::string& where) {
    if (array(j, where))
      for (std::size_t i = 0; i < j.size(); ++i) string(j[i], fmt::format("{}/{}", where, i));
  }

  bool integer(const ordered_json& j, const std::string& where) {
    if (is_integer(j) && j.get<double>() >= 0) return true;
    problem(where, "expected a whole number ≥ 0, got " + show_json(j));
    return false;
  }

  void number(const ordered_json& j, const std::string& where) {
    if (j.is_number_float() && !std::isfinite(j.get<double>())) problem(where, "number out of double range");
    else if (!is_trace_number(j)) problem(where, "expected a number or \"nan\", \"inf\", \"-inf\", got " + show_json(j));
  }

  // A scalar, a tensor's elements, or a summary of a large tensor. Returns the element
  // count it stands for (1 for a scalar), or -1 when it is malformed.
  long long value(const ordered_json& j, const std::string& where) {
    if (j.is_array()) {
      for (std::size_t i = 0; i < j.size(); ++i) number(j[i], fmt::format("{}/{}", where, i));
      return static_cast<long long>(j.size());
    }
    if (j.is_object()) {
      if (!object(j, where, {"count", "min", "max", "mean", "norm"}, {"count", "min", "max", "mean", "norm"})) return -1;
      for (auto key : {"min", "max", "mean", "norm"}) number(j[key], where + "/" + key);
      return integer(j["count"], where + "/count") ? static_cast<long long>(as_count(j["count"])) : -1;
    }
    number(j, where);
    return 1;
  }

  void config(const ordered_json& j) {
    if (!object(j, "/config", {"set"}, {})) return;
    if (j.contains("lr")) number(j["lr"], "/config/lr");  // absent in a lesson that makes no update
    if (j.contains("steps")) integer(j["steps"], "/config/steps");  // absent in a run that takes no --steps
    if (j["set"].is_object())
      for (const auto& [key, v] : j["set"].items()) number(v, "/config/set" + pointer_step(key));
    else
      problem("/config/set", "expected an object (leaf name → number), got " + show_json(j["set"]));
    if (j.contains("trace_nodes"))
      string(j["trace_nodes"], "/config/trace_nodes", trace_nodes_policy, "first, all or every:K");
  }

  void step(const ordered_json& j, const std::string& where, std::size_t index) {
    if (!object(j, where, {"step", "loss", "updates", "notes"}, {"step", "nodes", "loss", "updates", "notes"})) return;
    if (integer(j["step"], where + "/step") && as_count(j["step"]) != index)
      problem(where + "/step", fmt::format("expected {} (a step's number is its index), got {}", index, show_json(j["step"])));
    if (j.contains("nodes")) nodes(j["nodes"], where + "/nodes");
    number(j["loss"], where + "/loss");
    if (array(j["updates"], where + "/updates")) {
      const std::set<std::string> params = param_names(j);
      std::set<std::string> updated;  // a step updates each parameter once (grade pairs them by name)
      for (std::size_t i = 0; i < j["updates"].size(); ++i)
        update(j, params, updated, j["updates"][i], fmt::format("{}/updates/{}", where, i));
    }
    strings(j["notes"], where + "/notes");
  }

  // The names of a step's param nodes, once per step: each update is one lookup.
  std::set<std::string> param_names(const ordered_json& step) const {
    std::set<std::string> names;
    if (!step.contains("nodes") || !step["nodes"].is_array()) return names;
    for (const auto& n : step["nodes"])
      if (n.is_object() && n.value("role", ordered_json()) == "param" && n.contains(name_key_) && n[name_key_].is_string())
        names.insert(n[name_key_].get<std::string>());
    return names;
  }

  void update(const ordered_json& step, const std::set<std::string>& params, std::set<std::string>& updated,
              const ordered_json& u, const std::string& where) {
    if (!object(u, where, {"param", "before", "grad", "after"}, {"param", "before", "grad", "after"})) return;
    for (auto key : {"before", "grad", "after"}) value(u[key], where + "/" + key);
    string(u["param"], where + "/param", printable_name, printable_what);
    if (!u["param"].is_string()) return;
    if (!updated.insert(u["param"].get<std::string>()).second)
      problem(where + "/param", fmt::format("{} is updated twice in this step", show_json(u["param"])));
    if (!step.contains("nodes") || !step["nodes"].is_array()) return;
    if (!params.contains(u["param"].get<std::string>()))
      problem(where + "/param", fmt::format("no param node of this step is named {}", show_json(u["param"])));
  }

  void nodes(const ordered_json& j, const std::string& where) {
    if (!array(j, where)) return;
    tensor_.assign(j.size(), false);
    for (std::size_t i = 0; i < j.size(); ++i) node(j[i], fmt::format("{}/{}", where, i), i);
  }

  void node(const ordered_json& j, const std::string& where, std::size_t index) {
    const bool complete = v1_ ? object(j, where, {"id", "op", "label", "role", "inputs", "value"},
                                       {"id", "op", "label", "role", "inputs", "shape", "value", "grad"})
                              : object(j, where, {"id", "op", "name", "role", "inputs", "value"},
                                       {"id", "op", "name", "role", "inputs", "shape", "value", "grad", "local"});
    if (!complete) return;
    if (integer(j["id"], where + "/id") && as_count(j["id"]) != index)
      problem(where + "/id", fmt::format("expected {} (a node list holds ids 0, 1, 2, … in order, each once), got {}",
                                         index, show_json(j["id"])));
    string(j["op"], where + "/op", op_name, "an op name: a-z, then a-z, 0-9 or _");
    string(j[name_key_], where + "/" + name_key_, printable_name, printable_what);
    Keys roles = {"input", "param", "label", "const", "op", "loss"};
    if (!j["role"].is_string() || std::find(roles.begin(), roles.end(), j["role"].get<std::string>()) == roles.end())
      problem(where + "/role", "expected one of input, param, label, const, op, loss, got " + show_json(j["role"]));
    if (array(j["inputs"], where + "/inputs"))
      for (std::size_t k = 0; k < j["inputs"].size(); ++k) {
        std::string at = fmt::format("{}/inputs/{}", where, k);
        if (integer(j["inputs"][k], at) && as_count(j["inputs"][k]) >= index)
          problem(at, fmt::format("input {} is not earlier than node {} (inputs have smaller ids: no cycles)",
                                  show_json(j["inputs"][k]), index));
      }
    tensor_[index] = j.contains("shape");
    const long long count = shape_count(j, where);  // -1 for a scalar
    for (auto key : {"value", "grad"})
      if (j.contains(key)) sized(j[key], where + "/" + key, count, j.value("shape", ordered_json()));
    if (!v1_ && j["role"] == "const" && j.contains("grad"))
      problem(where + "/grad", "a constant has no gradient (numbers in a formula need none)");
    if (!v1_) local(j, where);
  }

  // The element count a "shape" asks for; -1 when there is none (a scalar).
  long long shape_count(const ordered_json& j, const std::string& where) {
    if (!j.contains("shape") || !array(j["shape"], where + "/shape")) return -1;
    if (j["shape"].empty()) problem(where + "/shape", "expected at least one dimension");
    long long count = 1;
    for (std::size_t k = 0; k < j["shape"].size(); ++k)
      if (integer(j["shape"][k], fmt::format("{}/shape/{}", where, k)))
        count = static_cast<long long>(std::min(1e15, static_cast<double>(count) * static_cast<double>(as_count(j["shape"][k]))));
    return count;
  }

  // A value of `count` elements (-1: a scalar), as `shape` says.
  void sized(const ordered_json& j, const std::string& where, long long count, const ordered_json& shape) {
    bool scalar = !j.is_structured();
    long long n = value(j, where);
    if (n < 0) return;
    if (count < 0 && !scalar) problem(where, "a tensor needs a shape: this node has none");
    if (count >= 0 && scalar) problem(where, fmt::format("expected {} elements (its shape), got a scalar", count));
    if (count >= 0 && !scalar && n != count)
      problem(where, fmt::format("{} elements, but its shape {} holds {}", n, show_json(shape), count));
  }

  // "local": one entry per input, a number or {"shape", "value"}; numbers on a scalar op
  // (no shape, no tensor input).
  void local(const ordered_json& j, const std::string& where) {
    if (!j["inputs"].is_array()) return;
    const ordered_json& inputs = j["inputs"];
    bool tensor_op = j.contains("shape");
    for (const auto& i : inputs)
      tensor_op = tensor_op || (is_integer(i) && i.get<double>() >= 0 && as_count(i) < tensor_.size() && tensor_[as_count(i)]);
    if (!j.contains("local")) {
      if (!inputs.empty() && !upgraded_) problem(where, "missing key \"local\" (one local derivative per input)");
      return;
    }
    const ordered_json& l = j["local"];
    if (!array(l, where + "/local")) return;
    if (l.size() != inputs.size())
      return problem(where + "/local", fmt::format("{} entries, but the node has {} inputs (one per input)", l.size(), inputs.size()));
    for (std::size_t k = 0; k < l.size(); ++k) {
      std::string at = fmt::format("{}/local/{}", where, k);
      if (!l[k].is_object()) number(l[k], at);
      else if (!tensor_op) problem(at, "expected a number: a scalar op's local derivative is one");
      else if (object(l[k], at, {"shape", "value"}, {"shape", "value"}))
        if (long long count = shape_count(l[k], at); count >= 0) sized(l[k]["value"], at + "/value", count, l[k]["shape"]);
    }
  }
};

}  // namespace

std::vector<TraceProblem> validate_trace(const ordered_json& trace, std::size_t max_problems) {
  Validator v(max_problems);
  v.trace(trace);
  return std::move(v.problems);
}

}  // namespace tracegrad
