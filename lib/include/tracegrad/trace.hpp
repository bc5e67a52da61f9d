// Writing a run as a trace (format version 1, documented in traces/README.md).
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tracegrad/tape.hpp"

namespace tracegrad {

using ordered_json = nlohmann::ordered_json;

// A double as trace format v1 writes it: a number, or "nan", "inf", "-inf".
ordered_json trace_number(double x);

// One node of the tape: id, op, label, role, inputs, value (and grad when with_grad).
ordered_json trace_node(const Tape& tape, NodeId id, bool with_grad);

// Builds one trace, step by step; keys always come out in the documented order.
class Trace {
 public:
  Trace(std::string_view lesson, std::string_view title, std::string_view slides,
        std::string_view run = "");

  ordered_json& config() { return json_["config"]; }

  // A new entry of "steps"; its graph is kept (by set_graph) only when keep_nodes.
  void begin_step(bool keep_nodes);
  void set_graph(const Tape& tape);  // the step's nodes, with gradients once backward has run
  void set_loss(double loss);
  void add_update(std::string_view param, double before, double grad, double after);
  // A note on the current step, or on "final" once finish() has been called; a note given
  // before the first step goes on the first step (or on "final" when there is none).
  void note(std::string_view text);
  // The forward pass after the last update.
  void finish(const Tape& tape, double loss);

  std::size_t steps() const { return json_["steps"].size(); }
  const ordered_json& json() const { return json_; }
  std::string dump() const;  // deterministic: two runs give the same bytes

 private:
  ordered_json& current();
  ordered_json json_;
  ordered_json pending_ = ordered_json::array();
  bool finished_ = false;
};

// Writes text to path, refusing to replace a file that is not a tracegrad trace.
// Throws std::runtime_error with a one-line message.
void write_trace_file(const std::filesystem::path& path, const std::string& text);

}  // namespace tracegrad
