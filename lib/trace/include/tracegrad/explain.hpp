// Turning a recorded graph back into what the slide writes: formulas, boxes, chain-rule lines.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tracegrad/tape.hpp"

namespace tracegrad {

// A number for the screen: up to 10 significant digits, or `digits` (the trace keeps them all).
std::string show(double x, int digits = 10);
// A vector's elements the same way: "[0.1, 0.5, -0.1]".
std::string show_all(std::span<const double> xs);

// The formula that computed a node, in the names of labelled nodes and leaves:
// for ŷ = σ(w·x + b) it gives "σ(w·x + b)". A labelled input stays its name.
std::string formula(const Tape& tape, NodeId id);

// The node's name if it has a label, its formula otherwise ("(y_hat − y)").
std::string name_or_formula(const Tape& tape, NodeId id);

// What ∂ is taken with respect to: a name, or a formula in parentheses ("(y_hat − y)").
std::string term(const Tape& tape, NodeId id);

// A number as a factor in a product: negative ones in parentheses, "(-22.676)".
std::string factor(double x);

// The slide's boxes for the graph whose output is `loss`:
//   Input / Parameters / Model / Label / Loss, each with its values.
std::vector<std::string> forward_boxes(const Tape& tape, NodeId loss);

// The backward stage (chain_rule_lines.cpp), after backward(): from the loss down each path
// to a parameter (to an input when there is none), one line per edge with what it passes,
//   (w·x) → w:  (-22.676) × 6.7 = -151.9292                upstream × local = passed
// using the local derivative the engine recorded; where several edges reach a node, a line
//   ∂L/∂y_hat = 0 + 3.181472265 = 3.181472265              their total
// all_grads adds the edges to data and labels (--all-grads). Constants never get a line.
std::vector<std::string> chain_rule_lines(const Tape& tape, NodeId loss, bool all_grads = false);

// Slide 41's result for a cross-entropy loss on ŷ = σ(z) with a label y (scalar nodes named
// y_hat and y): "slide 41: ∂L/∂z = ŷ − y = … = …, as the edges give", or nothing.
std::optional<std::string> logistic_summary(const Tape& tape, NodeId loss);

}  // namespace tracegrad
