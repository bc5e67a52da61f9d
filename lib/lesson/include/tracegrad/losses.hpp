// The logistic regression loss (deck §3, slides 33–41), shared by the logistic lessons.
#pragma once
#include <string_view>

#include "tracegrad/lesson_options.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

// --loss log|softplus: which graph computes the binary cross-entropy.
ExtraFlag loss_flag();

// Throws UsageError unless form is "log" or "softplus" (the values of --loss).
void check_loss_form(std::string_view form);

// ŷ = σ(z), labelled "y_hat", then the binary cross-entropy, labelled "L":
//   form "log":      L = −y·log ŷ − (1 − y)·log(1 − ŷ)          the slide's graph; log(1 − ŷ)
//                    is −inf once ŷ rounds to 1 (z ≳ 37), and the lesson warns
//   form "softplus": L = y·softplus(−z) + (1 − y)·softplus(z)   the same number, finite for
//                    any z, since log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z);
//                    ŷ is still computed (for the boxes) but L does not read it
// Any other form is a UsageError naming --loss.
Var sigmoid_cross_entropy(const Var& z, const Var& y, std::string_view form);

}  // namespace tracegrad
