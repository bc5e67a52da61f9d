// The sandbox page's module (web/sandbox.js): `tracegrad eval` itself (cli/cmd_eval.cpp), and
// the variables of an expression, so that the page can give each one a slider.
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "expr.hpp"

int main(int argc, char** argv) { return tracegrad::cli::cmd_eval({argv + 1, argv + argc}); }

// {"parses": true, "names": [the variables, in the order they first appear]}, or
// {"parses": false, "names": []} (eval itself then says what is wrong and where, with a caret).
extern "C" const char* tracegrad_expression_names(const char* text) {
  static std::string json;  // lives until the next call: the page reads it at once
  nlohmann::json names = nlohmann::json::array();
  bool parses = true;
  try {
    const tracegrad::Expression expression(text);
    for (const auto& name : expression.names()) names.push_back(name);
  } catch (const tracegrad::ExprError&) {
    parses = false;
  }
  json = nlohmann::json{{"parses", parses}, {"names", names}}.dump();
  return json.c_str();
}
