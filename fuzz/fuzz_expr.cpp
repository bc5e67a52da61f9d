// libFuzzer target: arbitrary bytes through the expression parser of `tracegrad eval`, then
// built on a tape with every variable = 0.5 and differentiated. Any input must end in an
// Expression or an ExprError (at a position inside the text): no crash, no sanitizer
// report, no hang. Built and run by fuzz/run.sh (make fuzz).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string_view>

#include "expr.hpp"
#include "tracegrad/tape.hpp"

namespace tg = tracegrad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    tg::Expression e(text);
    tg::Tape tape;
    std::map<std::string, tg::Var> vars;
    for (const auto& name : e.names()) vars.emplace(name, tape.param(name, 0.5));
    tg::Var f = e.build(tape, vars);
    f.backward();
  } catch (const tg::ExprError& err) {
    if (err.position() > text.size()) __builtin_trap();
  }
  return 0;
}
