#include "tracegrad/losses.hpp"

#include <fmt/format.h>

#include "tracegrad/ops.hpp"

namespace tracegrad {

ExtraFlag loss_flag() {
  return {"loss", "log", "log: the slide's −y·log ŷ − (1−y)·log(1−ŷ); softplus: the stable y·softplus(−z) + (1−y)·softplus(z)"};
}

void check_loss_form(std::string_view form) {
  if (form != "log" && form != "softplus")
    throw UsageError(fmt::format("--loss: '{}' is not log or softplus", form));
}

Var sigmoid_cross_entropy(const Var& z, const Var& y, std::string_view form) {
  check_loss_form(form);
  // One node per line: C++ leaves the order of a + b's operands open, the trace's ids need one.
  auto y_hat = sigmoid(z).named("y_hat");
  if (form == "log") {
    auto log_y_hat = log(y_hat);                // log ŷ
    auto log_not_y_hat = log(1 - y_hat);        // log(1 − ŷ)
    auto y_part = -y * log_y_hat;               // −y·log ŷ: the loss when y = 1
    auto not_y_part = (1 - y) * log_not_y_hat;  // (1 − y)·log(1 − ŷ): minus the loss when y = 0
    return (y_part - not_y_part).named("L");
  }
  auto minus_log_y_hat = softplus(-z);      // −log σ(z) = softplus(−z)
  auto minus_log_not_y_hat = softplus(z);   // −log(1 − σ(z)) = softplus(z)
  auto y_part = y * minus_log_y_hat;
  auto not_y_part = (1 - y) * minus_log_not_y_hat;
  return (y_part + not_y_part).named("L");
}

}  // namespace tracegrad
