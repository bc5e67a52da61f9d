// A trace from a program of your own (docs/teaching.md, "Writing a trace from your own
// program"): one gradient step of L = (w·x − y)², written so that `tracegrad validate`
// accepts it and `tracegrad grade` can compare a student's run with it.
//   own_trace FILE
#include <cstdio>
#include <exception>

#include <tracegrad/ops.hpp>
#include <tracegrad/trace.hpp>

using namespace tracegrad;

namespace {

constexpr double lr = 0.1;

// The model on a fresh tape: names are what grading pairs nodes by.
Var model(Tape& tape, double w0) {
  auto x = tape.input("x", 2.0);
  auto y = tape.label("y", 3.0);
  auto w = tape.param("w", w0);
  auto y_hat = (w * x).named("y_hat");
  auto L = square(y_hat - y).named("L");
  tape.set_role(L.id(), Role::loss);  // the node backward starts from
  return L;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: own_trace FILE\n");
    return 2;
  }
  Trace trace("own_model", "One step of (w·x − y)²", "1");
  // Every trace's config holds lr, steps and set (each named leaf's starting value).
  trace.config()["lr"] = lr;
  trace.config()["steps"] = 1;
  trace.config()["set"] = {{"x", 2.0}, {"y", 3.0}, {"w", 0.5}};

  Tape tape;
  Var L = model(tape, 0.5);
  tape.backward(L);
  trace.begin_step(true);  // keep this step's graph
  trace.set_graph(tape);
  trace.set_loss(L.value());
  const NodeId w = tape.find("w")->id();
  double after = tape.value(w) - lr * tape.grad(w);
  trace.add_update("w", tape.value(w), tape.grad(w), after);

  Tape next;  // the forward pass after the update
  trace.finish(next, model(next, after).value());
  try {
    write_trace_file(argv[1], trace.dump());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "own_trace: %s\n", e.what());
    return 2;
  }
  return 0;
}
