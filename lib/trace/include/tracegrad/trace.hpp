// Writing a run as a trace (format version 2, documented in traces/README.md).
#pragma once
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tracegrad/output_file.hpp"  // write_trace_file
#include "tracegrad/tape.hpp"

namespace tracegrad {

using ordered_json = nlohmann::ordered_json;

// A double as a trace writes it: a number, or "nan", "inf", "-inf".
ordered_json trace_number(double x);

// Tensors of more elements than this are written as a summary {count, min, max, mean, norm}.
inline constexpr std::size_t summary_above = 64;

// A tensor's elements in row-major order, or a summary when there are more than max_elements.
ordered_json trace_tensor(std::span<const double> xs, std::size_t max_elements = summary_above);

// One node of the tape: id, op, name, role, inputs, shape (tensors), value, grad when with_grad
// (none for a constant, nor for a tensor no gradient reaches, data or a label), and local: one
// entry per input, the local derivative the engine recorded (Tape::local_derivative).
// scalar_grads, when not empty, are another sweep's gradients by id (an exercise's), used for
// the scalar nodes instead of the tape's own.
ordered_json trace_node(const Tape& tape, NodeId id, bool with_grad, std::size_t max_elements = summary_above,
                        std::span<const double> scalar_grads = {});

// Builds one trace, step by step; keys always come out in the documented order.
class Trace {
 public:
  Trace(std::string_view lesson, std::string_view title, std::string_view slides,
        std::string_view run = "");

  ordered_json& config() { return json_["config"]; }
  // Every element of every tensor, however large (--trace-full), instead of summaries.
  void write_every_element() { max_elements_ = static_cast<std::size_t>(-1); }

  // A new entry of "steps"; its graph is kept (by set_graph) only when keep_nodes.
  void begin_step(bool keep_nodes);
  void set_graph(const Tape& tape);  // the step's nodes, with gradients once backward has run
  void set_graph(const Tape& tape, std::span<const double> grads);  // gradients of another sweep (an exercise's)
  void set_loss(double loss);
  void add_update(std::string_view param, double before, double grad, double after);
  void add_update(std::string_view param, std::span<const double> before, std::span<const double> grad,
                  std::span<const double> after);  // a tensor param
  // A note on the current step, or on "final" once finish() has been called; a note given
  // before the first step goes on the first step (or on "final" when there is none).
  void note(std::string_view text);
  // The forward pass after the last update.
  void finish(const Tape& tape, double loss);

  std::size_t steps() const { return json_["steps"].size(); }
  const ordered_json& json() const { return json_; }
  std::string dump() const;  // deterministic: two runs give the same bytes
  // A lower bound on dump().size() once the trace holds `steps` steps: the steps before the
  // current one as dump() writes them, and each further one (from the current one on) at
  // least the current one's updates with one-digit numbers, no graph and no notes. A trace
  // only grows, so a bound over max_trace_bytes means the trace will not be written.
  std::size_t least_bytes(std::size_t steps) const;

 private:
  ordered_json& current();
  ordered_json graph(const Tape& tape, bool with_grad, std::span<const double> scalar_grads = {}) const;
  void push_update(std::string_view param, ordered_json before, ordered_json grad, ordered_json after);
  ordered_json json_;
  std::size_t max_elements_ = summary_above;
  ordered_json pending_ = ordered_json::array();
  bool finished_ = false;
  mutable std::size_t counted_steps_ = 0, counted_bytes_ = 0;  // least_bytes' sum of the steps before the current one
};

}  // namespace tracegrad
