// Match::structure: the nodes paired by what they compute (graph_match.hpp). Graded: every
// paired node's forward value (the same op of the same inputs must give the same number),
// the named nodes' and the loss's gradients, the loss, the updates by parameter, the final
// pass. A node the other graph computes differently is advice, unless it is named.
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "recorder.hpp"
#include "tracegrad/graph_match.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad::detail {

namespace {

constexpr std::size_t none = GraphMatch::none;

class StructureComparer : Recorder {
 public:
  using Recorder::Recorder;

  void traces(const ordered_json& e, const ordered_json& a) {
    out_.structural = true;
    top_level(e, a);
    std::size_t n = step_count(e, a);
    for (std::size_t i = 0; i < n; ++i) step(e["steps"][i], a["steps"][i], i);
    graph(e["final"], a["final"], {"/final", "final pass"}, /*with_grads=*/false, out_.final_nodes);
  }

 private:
  GraphMatch m_;
  std::vector<std::size_t> graded_;            // the expected's named nodes (and loss) that are paired
  std::vector<std::vector<std::size_t>> users_;  // per actual node: the actual nodes that read it, once each
  std::string forward_parted_;                 // the first node whose value differs, for people

  void step(const ordered_json& e, const ordered_json& a, std::size_t i) {
    ++out_.steps;
    Place p{fmt::format("/steps/{}", i), fmt::format("step {}", i)};
    graph(e, a, p, /*with_grads=*/true, out_.nodes);
    updates(e["updates"], a["updates"], p);
  }

  // By parameter, in the order the submission applied them; the reference's updates are
  // indexed by parameter once (its first update of each), so a step of n updates costs O(n).
  void updates(const ordered_json& eu, const ordered_json& au, const Place& p) {
    std::vector<bool> seen(eu.size(), false);
    std::unordered_map<std::string, std::size_t> expected_of;
    for (std::size_t k = 0; k < eu.size(); ++k) expected_of.emplace(eu[k]["param"].get<std::string>(), k);
    for (std::size_t k = 0; k < au.size(); ++k) {
      const std::string param = au[k]["param"].get<std::string>();
      Place up{fmt::format("{}/updates/{}", p.where, k), fmt::format("{}, update of {}", p.text, param)};
      auto it = expected_of.find(param);
      if (it == expected_of.end()) {
        add(up.where + "/param", up.text, "update", "none", "an update of " + show_json(au[k]["param"]));
        continue;
      }
      ++out_.updates;
      seen[it->second] = true;
      for (auto field : {"before", "grad", "after"}) numbers(eu[it->second][field], au[k][field], up, field);
    }
    for (std::size_t k = 0; k < eu.size(); ++k)
      if (!seen[k])
        add(p.where + "/updates", fmt::format("{}, update of {}", p.text, eu[k]["param"].get<std::string>()), "update",
            "an update of " + show_json(eu[k]["param"]), "none");
  }

  // The student's node, under the reference's name.
  static Place place(const Place& graph, const ordered_json& expected, const ordered_json& actual, std::size_t a) {
    return node_place(graph, node_name(expected), actual["op"], a);
  }

  void graph(const ordered_json& e, const ordered_json& a, const Place& p, bool with_grads, std::size_t& counted) {
    if (!both_graphs(e, a, p)) return;
    const auto &en = e["nodes"], &an = a["nodes"];
    m_ = match_graphs(en, an);
    pair_by_value(en, an, with_grads);
    graded_.clear();
    for (std::size_t k = 0; k < en.size(); ++k) {
      if (grading_name(en[k]).empty()) continue;
      if (m_.actual_of[k] != none) graded_.push_back(k);
      else add(p.where + "/nodes", p.text, fmt::format("node \"{}\"", grading_name(en[k])),
               fmt::format("a node {} ({})", grading_name(en[k]), en[k]["op"].get<std::string>()),
               "none: no node of that name, none computing the same");
    }
    counted += graded_.size();
    auto by_creation = [&](std::size_t x, std::size_t y) { return m_.actual_of[x] < m_.actual_of[y]; };
    std::sort(graded_.begin(), graded_.end(), by_creation);
    forward(en, an, p);
    numbers(e["loss"], a["loss"], p, "loss");
    if (with_grads) backward(en, an, p);
    advise(en, an, p);
  }

  // Every paired node's value in the submission's creation order: the named nodes first, so
  // that the first difference names a slide's quantity, then the unnamed ones.
  void forward(const ordered_json& en, const ordered_json& an, const Place& p) {
    forward_parted_.clear();
    for (bool named : {true, false})
      for (std::size_t j = 0; j < an.size(); ++j) {
        std::size_t k = m_.expected_of[j];
        if (k == none || grading_name(en[k]).empty() != !named) continue;
        Place np = place(p, en[k], an[j], j);
        bool agree = numbers(en[k]["value"], an[j]["value"], np, "value");
        if (!agree && forward_parted_.empty()) forward_parted_ = np.text.substr(np.text.find("node "));
      }
  }

  // The graded gradients from the loss back, in the submission's reverse creation order.
  void backward(const ordered_json& en, const ordered_json& an, const Place& p) {
    users_.assign(an.size(), {});
    for (std::size_t j = 0; j < an.size(); ++j)
      for (const auto& i : an[j]["inputs"]) {
        auto& u = users_[i.get<std::size_t>()];
        if (u.empty() || u.back() != j) u.push_back(j);
      }
    for (auto it = graded_.rbegin(); it != graded_.rend(); ++it) {
      std::size_t k = *it, j = m_.actual_of[k];
      if (!en[k].contains("grad")) continue;
      Place np = place(p, en[k], an[j], j);
      if (!an[j].contains("grad")) {
        add(np.where + "/grad", np.text, "grad", show_json(en[k]["grad"]), "(missing)");
        continue;
      }
      bool agree = numbers(en[k]["grad"], an[j]["grad"], np, "grad", "", false);
      numbers(en[k]["grad"], an[j]["grad"], np, "grad", agree ? "" : diagnose(en, an, k, j));
    }
  }

  // Why a gradient differs: the forward pass already parted, or only the backward pass.
  std::string diagnose(const ordered_json& en, const ordered_json& an, std::size_t k, std::size_t j) {
    if (!forward_parted_.empty())
      return fmt::format("forward error: the value of {} already differs, so backward starts from other numbers",
                         forward_parted_);
    const auto& users = users_[j];
    bool users_agree = std::all_of(users.begin(), users.end(), [&](std::size_t u) {
      std::size_t eu = m_.expected_of[u];
      return eu != none && en[eu].contains("grad") && an[u].contains("grad") &&
             numbers(en[eu]["grad"], an[u]["grad"], {}, "grad", "", false);
    });
    std::string name = fmt::format("node {} \"{}\"", j, grading_name(en[k]));
    if (!users.empty() && users_agree)
      return fmt::format("backward error: every forward value matches and so do the gradients of its users (node {}): "
                         "look at the local derivatives on the edges into {} and how they are added up",
                         fmt::join(users, ", node "), name);
    return fmt::format("backward error: every forward value matches; the gradients part at {}", name);
  }

  // A named node no structure pairs, found by its numbers: the same value (and gradient).
  void pair_by_value(const ordered_json& en, const ordered_json& an, bool with_grads) {
    std::vector<std::pair<double, std::size_t>> values;  // the unpaired actual scalar nodes, sorted
    bool listed = false;
    for (std::size_t k = 0; k < en.size(); ++k) {
      if (m_.actual_of[k] != none || grading_name(en[k]).empty() || !is_trace_number(en[k]["value"])) continue;
      if (!listed) {
        listed = true;
        for (std::size_t j = 0; j < an.size(); ++j)
          if (m_.expected_of[j] == none && is_trace_number(an[j]["value"]))
            values.emplace_back(read_number(an[j]["value"], "value"), j);
        std::sort(values.begin(), values.end());
      }
      double v = read_number(en[k]["value"], "value"), slack = tol_.atol + tol_.rtol * std::fabs(v);
      auto it = std::lower_bound(values.begin(), values.end(), std::make_pair(v - slack, std::size_t{0}));
      for (int tries = 0; it != values.end() && it->first <= v + slack && tries < 16; ++it, ++tries) {
        std::size_t j = it->second;
        bool grads_agree = !with_grads || !en[k].contains("grad") ||
                           (an[j].contains("grad") && numbers(en[k]["grad"], an[j]["grad"], {}, "grad", "", false));
        if (m_.expected_of[j] == none && grads_agree) {
          m_.pair(k, j);
          break;
        }
      }
    }
  }

  // Once per comparison: the nodes only one graph has.
  void advise(const ordered_json& en, const ordered_json& an, const Place& p) {
    if (!out_.advice.empty()) return;
    auto unpaired = [](const std::vector<std::size_t>& of) { return std::count(of.begin(), of.end(), none); };
    auto e_only = unpaired(m_.actual_of), a_only = unpaired(m_.expected_of);
    if (e_only == 0 && a_only == 0) return;
    std::vector<std::string> parts;
    if (e_only > 0) {
      auto first = static_cast<std::size_t>(std::find(m_.actual_of.begin(), m_.actual_of.end(), none) - m_.actual_of.begin());
      parts.push_back(fmt::format("{} of the reference's {} nodes compute something yours does not (the first: its node {}, {})",
                                  e_only, en.size(), first, en[first]["op"].get<std::string>()));
    }
    if (a_only > 0) parts.push_back(fmt::format("{} of your {} nodes compute something it does not", a_only, an.size()));
    out_.advice.push_back(fmt::format("{}: your graph is built differently from the reference: {}; graded on the named "
                                      "nodes, the loss, the updates and the final pass",
                                      p.text, fmt::join(parts, ", ")));
  }
};

}  // namespace

void compare_by_structure(const ordered_json& expected, const ordered_json& actual, const Tolerances& tol,
                          std::size_t keep, Comparison& out) {
  StructureComparer(tol, keep, out).traces(expected, actual);
}

}  // namespace tracegrad::detail
