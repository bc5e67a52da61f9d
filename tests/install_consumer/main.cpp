// Built against an installed tracegrad: prints dL/dw of L = (w*x + b - y)^2.
#include <tracegrad/tracegrad.hpp>

#include <cstdio>

int main() {
  tracegrad::Tape tape;
  auto x = tape.input("x", 6.7), y = tape.label("y", 9.1);
  auto w = tape.param("w", -0.34), b = tape.param("b", 0.04);
  auto L = square(w * x + b - y);
  L.backward();
  std::printf("%.4f\n", w.grad());
  return w.grad() < -151.9 && w.grad() > -152.0 ? 0 : 1;
}
