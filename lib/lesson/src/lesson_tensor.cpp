// A lesson's vector and matrix leaves (θ = [b, w1, w2], x = [1, x1, x2], a data set X) and
// the update of a vector parameter, θ = θ − η∇θL, element by element.
#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/lesson.hpp"

namespace tracegrad {

// --set NAME[i]=VALUE sets element i of the vector NAME; config "set" records every element
// of a small tensor by that name (a data set's elements are its file's, not settings).
TensorVar Lesson::leaf(TensorVar v) {
  std::string name(v.name());
  std::vector<double> xs(v.values().begin(), v.values().end());
  if (xs.size() > summary_above) return v;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    std::string element = fmt::format("{}[{}]", name, i);
    for (const auto& [set_name, value] : options_.sets)
      if (set_name == element) {
        xs[i] = value;
        used_sets_.push_back(element);
      }
    config()["set"][element] = trace_number(xs[i]);
  }
  v.set_values(xs);
  return v;
}

TensorVar Lesson::input(std::string_view name, Tensor value) {
  trace();  // a run begins before its leaves
  return leaf(tape_.input(name, std::move(value)));
}
TensorVar Lesson::label(std::string_view name, Tensor value) {
  trace();
  return leaf(tape_.label(name, std::move(value)));
}
TensorVar Lesson::batch_input(std::string_view name, Tensor value) {
  trace();
  return tape_.input(name, std::move(value));
}
TensorVar Lesson::batch_label(std::string_view name, Tensor value) {
  trace();
  return tape_.label(name, std::move(value));
}
TensorVar Lesson::param(std::string_view name, Tensor value) {
  trace();
  return leaf(tape_.param(name, std::move(value)));
}

// θ = θ − η∇θL for every element at once, shown with the numbers put in.
void Lesson::update(const TensorVar& theta) {
  if (verbose_) stage("Update");
  std::vector<double> before(theta.values().begin(), theta.values().end());
  std::vector<double> grad(theta.grad().begin(), theta.grad().end()), after(before.size());
  const double eta = lr();
  for (std::size_t i = 0; i < after.size(); ++i) after[i] = before[i] - eta * grad[i];
  tape_.set_values(theta.id(), after);
  trace().add_update(theta.name(), before, grad, after);
  if (verbose_)
    say(fmt::format("  {0} = {0} − η·∇{0}{1} = {2} − {3}·{4} = {5}", theta.name(), loss_name_, show_all(before),
                    show(eta), show_all(grad), show_all(after)));
}

}  // namespace tracegrad
