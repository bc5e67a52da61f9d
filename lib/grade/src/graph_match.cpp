#include "tracegrad/graph_match.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "tracegrad/trace_compare.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad {

std::string grading_name(const ordered_json& node) {
  const std::string& name = node_name(node);
  if (name.empty() && node["role"] == "loss") return "(the loss)";
  return name;
}

namespace {

bool commutative(const std::string& op) { return op == "add" || op == "mul"; }

// Identities of nodes, shared by both graphs: equal identities compute the same thing.
class Identities {
 public:
  // Every node's identity; a node named as one of `named` (name → identity) takes that one.
  std::vector<int> of(const ordered_json& nodes, const std::unordered_map<std::string, int>* named) {
    std::vector<int> id(nodes.size());
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      const ordered_json& n = nodes[j];
      std::string name = grading_name(n);
      if (named && !name.empty()) {
        auto it = named->find(name);
        if (it != named->end()) {
          id[j] = it->second;
          continue;
        }
      }
      id[j] = intern(key(n, name, id));
    }
    return id;
  }

 private:
  std::unordered_map<std::string, int> ids_;

  int intern(std::string key) { return ids_.emplace(std::move(key), static_cast<int>(ids_.size())).first->second; }

  static std::string value_key(const ordered_json& v) {
    return is_trace_number(v) ? fmt::format("{}", read_number(v, "value")) : v.dump();
  }

  static std::string key(const ordered_json& n, const std::string& name, const std::vector<int>& id) {
    const std::string& op = n["op"].get_ref<const std::string&>();
    const ordered_json& inputs = n["inputs"];
    std::string shape = n.contains("shape") ? n["shape"].dump() : "";
    if (inputs.empty())  // a leaf: by name, else by what it holds
      return name.empty() ? fmt::format("{}|{}|{}|{}", op, n["role"].get_ref<const std::string&>(), shape, value_key(n["value"]))
                          : fmt::format("{}|name|{}", op == "const" ? "const" : "leaf", name);
    std::vector<int> in;
    for (const auto& i : inputs) in.push_back(id[i.get<std::size_t>()]);
    if (commutative(op)) std::sort(in.begin(), in.end());
    return fmt::format("{}|{}|{}", op, shape, fmt::join(in, ","));
  }
};

}  // namespace

GraphMatch match_graphs(const ordered_json& expected, const ordered_json& actual) {
  Identities identities;
  std::vector<int> eid = identities.of(expected, nullptr);
  std::unordered_map<std::string, int> named;  // the expected's named nodes (the first of a name)
  for (std::size_t k = 0; k < expected.size(); ++k) {
    std::string name = grading_name(expected[k]);
    if (!name.empty()) named.emplace(name, eid[k]);
  }
  std::vector<int> aid = identities.of(actual, &named);

  GraphMatch m{std::vector<std::size_t>(expected.size(), GraphMatch::none),
               std::vector<std::size_t>(actual.size(), GraphMatch::none)};
  std::unordered_map<std::string, std::size_t> by_name;  // the actual's first node of each name
  for (std::size_t j = 0; j < actual.size(); ++j) {
    std::string name = grading_name(actual[j]);
    if (!name.empty()) by_name.emplace(std::move(name), j);
  }
  for (std::size_t k = 0; k < expected.size(); ++k) {
    std::string name = grading_name(expected[k]);
    if (name.empty()) continue;
    auto it = by_name.find(name);
    if (it != by_name.end() && m.expected_of[it->second] == GraphMatch::none) m.pair(k, it->second);
  }
  // The rest by identity, in creation order: each identity's actual nodes, oldest first.
  std::unordered_map<int, std::vector<std::size_t>> unpaired;
  for (std::size_t j = 0; j < actual.size(); ++j)
    if (m.expected_of[j] == GraphMatch::none) unpaired[aid[j]].push_back(j);
  std::unordered_map<int, std::size_t> used;  // per identity: how many of its nodes are paired
  for (std::size_t k = 0; k < expected.size(); ++k) {
    if (m.actual_of[k] != GraphMatch::none) continue;
    auto it = unpaired.find(eid[k]);
    if (it == unpaired.end()) continue;
    std::size_t& next = used[eid[k]];
    if (next < it->second.size()) m.pair(k, it->second[next++]);
  }
  return m;
}

}  // namespace tracegrad
