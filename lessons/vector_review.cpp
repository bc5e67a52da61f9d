// Deck §5, slides 52–53: the vector review, every result a tensor node of one graph.
//   a scalar times a vector   2·[1 2 3] = [2 4 6]       (2a)ᵢ = 2aᵢ
//   a dot product             v·u = Σ vᵢuᵢ, [1 2]·[2 3] = 8;  ∂(v·u)/∂v = u, ∂(v·u)/∂u = v
//   transposes                (Aᵀ)ᵢⱼ = Aⱼᵢ of a 2×2 matrix; a 2-vector v (a column) becomes the row vᵀ
// The graph's last node, the one backward starts from, is v·u. Nothing is trained: one step,
// a forward and a backward pass, no update. deck.md does not transcribe the transposes'
// numbers: A = [[1, 2], [3, 4]] is the lesson's own.
#include <optional>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/tensor_ops.hpp>
#include <tracegrad/usage.hpp>

using namespace tracegrad;

namespace {

// A matrix row by row: [[1, 2], [3, 4]].
std::string rows(const TensorVar& m) {
  const std::size_t cols = m.shape()[1];
  std::string text;
  for (std::size_t i = 0; i < m.size(); i += cols)
    text += (text.empty() ? "" : ", ") + show_all(m.values().subspan(i, cols));
  return "[" + text + "]";
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "vector_review", .title = "Vector review: 2·a, v·u and transposes as tensor nodes",
                  .slides = "52-53", .lr = std::nullopt, .steps_help = ""};  // one step, nothing is trained
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto a = lesson.input("a", Tensor::vector({1, 2, 3}));
    auto v = lesson.param("v", Tensor::vector({1, 2}));  // params, so that backward computes their gradients
    auto u = lesson.param("u", Tensor::vector({2, 3}));
    auto A = lesson.input("A", Tensor::matrix(2, 2, {1, 2, 3, 4}));
    struct Results {
      TensorVar two_a, A_T, v_T;
    };
    std::optional<Results> r;  // the tensor nodes of the last forward pass
    auto model = [&] {
      r = Results{(2.0 * a).named("two_a"), transpose(A).named("A_T"), transpose(v).named("v_T")};
      return dot(v, u).named("v_dot_u");
    };
    const std::string deck = "the deck (slides 52–53)";

    auto v_dot_u = lesson.forward(model);
    lesson.backward(v_dot_u);
    const auto& [two_a, A_T, v_T] = *r;

    lesson.stage("A scalar times a vector");
    const char* doubled[] = {"2", "4", "6"};
    for (std::size_t i = 0; i < a.size(); ++i)
      lesson.compare_with_slide(fmt::format("(2·a)[{}]", i), two_a.values()[i], doubled[i], deck);

    lesson.stage("A dot product and its gradients");
    lesson.compare_with_slide("v·u", v_dot_u.value(), "8", deck);
    lesson.note(fmt::format("∂(v·u)/∂v = {} (backward) = u = {}; ∂(v·u)/∂u = {} (backward) = v = {}",
                            show_all(v.grad()), show_all(u.values()), show_all(u.grad()), show_all(v.values())));

    lesson.stage("Transposes");
    lesson.note(fmt::format("A = {}, Aᵀ = {}: (Aᵀ)ᵢⱼ = Aⱼᵢ", rows(A), rows(A_T)));
    lesson.note(fmt::format("v = {}, shape {} (a column); vᵀ = {}, shape {} (a row); v·u = vᵀu", show_all(v.values()),
                            shape_string(v.shape()), show_all(v_T.values()), shape_string(v_T.shape())));
    lesson.finish(model, "The graph again");
  });
}
