// What both ways of comparing traces share: recording a difference, comparing two numbers
// (or tensors, or summaries) within the tolerances, the top level and the config.
#pragma once
#include <cstddef>
#include <string>

#include "tracegrad/trace_compare.hpp"

namespace tracegrad::detail {

// Where a number sits, for the people reading the report.
struct Place {
  std::string where;  // JSON pointer of the enclosing object
  std::string text;   // step 0, node 7 "L" (square)
};

std::string plural(std::size_t n, std::string_view word);

class Recorder {
 public:
  Recorder(const Tolerances& tol, std::size_t keep, Comparison& out) : tol_(tol), keep_(keep), out_(out) {}

 protected:
  const Tolerances& tol_;
  std::size_t keep_;
  Comparison& out_;

  void add(std::string where, std::string place, std::string field, std::string expected, std::string actual,
           double rel_err = std::numeric_limits<double>::quiet_NaN(), std::string diagnosis = "");
  bool same(const ordered_json& e, const ordered_json& a, const Place& p, const std::string& field);
  bool close(double e, double a) const;
  // Two fields holding a number, a tensor's elements or a summary. False when they differ.
  // Counts and records the numbers only when `record` (a silent check otherwise).
  bool numbers(const ordered_json& e, const ordered_json& a, const Place& p, const std::string& field,
               const std::string& diagnosis = "", bool record = true);
  // lesson, run and config: the same in both ways of comparing.
  void top_level(const ordered_json& e, const ordered_json& a);
  // Where a node is, for people: step 0, node 7 "L" (square), at /steps/0/nodes/7.
  static Place node_place(const Place& graph, const std::string& name, const ordered_json& op, std::size_t id);
  // Whether both sides have a node list; when not, a missing one is a difference and only
  // the losses are compared.
  bool both_graphs(const ordered_json& e, const ordered_json& a, const Place& p);
  // The step count; returns the number of steps both have.
  std::size_t step_count(const ordered_json& e, const ordered_json& a);

 private:
  void config(const ordered_json& e, const ordered_json& a);
  void config_set(const ordered_json& e, const ordered_json& a);
};

// Match::structure (structure_compare.cpp).
void compare_by_structure(const ordered_json& expected, const ordered_json& actual, const Tolerances& tol,
                          std::size_t keep, Comparison& out);

}  // namespace tracegrad::detail
