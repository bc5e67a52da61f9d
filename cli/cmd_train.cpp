// tracegrad train: linear or logistic regression on any CSV file with a header row.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "tracegrad/lesson_options.hpp"
#include "tracegrad/trace.hpp"
#include "tracegrad/trace_read.hpp"
#include "tracegrad/train.hpp"
#include "tracegrad/utf8.hpp"

namespace tracegrad::cli {

namespace {

constexpr const char* kUsage = R"(usage: tracegrad train --data FILE.csv --target COLUMN --model linear|logistic
                       [--features A,B,…] [--lr η] [--epochs N] [--batch 1|B|all]
                       [--standardize] [--seed S] [--trace FILE]

Trains θ (the bias b, then one weight per feature) from θ = 0 by gradient descent on the
vectorized graph: ŷ = Xθ with the mean squared error (linear), or ŷ = σ(Xθ) with the mean
binary cross-entropy (logistic, target 0/1).

  --data FILE       CSV: a header row, then numbers only
  --target COLUMN   the column to predict
  --model M         linear or logistic
  --features A,B    the feature columns (default: every column but the target)
  --lr η            the learning rate (default 0.1)
  --epochs N        passes over the data (default 100)
  --batch B         rows per update: 1 (stochastic), B (mini-batch), all (default)
  --standardize     scale each feature to mean 0 and standard deviation 1
  --seed S          the row order of each epoch under --batch 1|B (default 0)
  --trace FILE      write every update and the final state as a trace (traces/README.md)

Prints the loss (and accuracy) per epoch — every epoch up to 100, else 100 evenly spaced —
and a final summary. Exit status 2 for unusable flags or data, with one line on stderr.
)";

struct Flags {
  std::string data, target, model, features, trace;
  double lr = 0.1;
  int epochs = 100;
  std::size_t batch = 0;
  bool standardize = false;
  std::uint64_t seed = 0;
  bool help = false;
};

// A whole non-negative integer, or UsageError naming the flag.
std::uint64_t whole(const std::string& text, const std::string& flag, std::uint64_t least) {
  double v = parse_number(text, flag);
  if (v != std::floor(v) || v < static_cast<double>(least) || v > 9e15)
    throw UsageError(fmt::format("{} must be a whole number ≥ {}, got '{}'", flag, least, text));
  return static_cast<std::uint64_t>(v);
}

// The most epochs a run may ask for.
constexpr std::uint64_t max_epochs = 1'000'000;

std::uint64_t at_most(std::uint64_t n, std::uint64_t most, const std::string& flag) {
  if (n > most) throw UsageError(fmt::format("{} {}: at most {}", flag, n, most));
  return n;
}

Flags parse(Args args) {
  Flags f;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string flag = args[i];
    if (flag == "--help" || flag == "-h") { f.help = true; continue; }
    if (flag == "--standardize") { f.standardize = true; continue; }
    if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value (tracegrad train --help)", flag));
    const std::string value = args[++i];
    if (flag == "--data") f.data = value;
    else if (flag == "--target") f.target = value;
    else if (flag == "--model") f.model = value;
    else if (flag == "--features") {
      if (value.empty()) throw UsageError("--features names no column (leave it out for every column but the target)");
      f.features = value;
    }
    else if (flag == "--trace") f.trace = value;
    else if (flag == "--lr") f.lr = parse_number(value, "--lr");
    else if (flag == "--epochs") f.epochs = static_cast<int>(at_most(whole(value, "--epochs", 1), max_epochs, "--epochs"));
    else if (flag == "--batch") f.batch = value == "all" ? 0 : whole(value, "--batch", 1);
    else if (flag == "--seed") f.seed = whole(value, "--seed", 0);
    else throw UsageError(fmt::format("unknown flag '{}' (tracegrad train --help)", excerpt(flag)));
  }
  if (f.help) return f;
  for (auto [name, value] : {std::pair{"--data", &f.data}, {"--target", &f.target}, {"--model", &f.model}})
    if (value->empty()) throw UsageError(fmt::format("{} is required (tracegrad train --help)", name));
  if (f.model != "linear" && f.model != "logistic")
    throw UsageError(fmt::format("--model must be linear or logistic, got '{}'", f.model));
  if (!(f.lr > 0)) throw UsageError(fmt::format("--lr must be positive, got {}", f.lr));
  return f;
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (!list.empty()) {
    std::size_t comma = list.find(',', start);
    names.push_back(list.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return names;
}

// θ's names in summaries: b, then w_FEATURE (the trace has one vector param node, theta).
std::vector<std::string> param_names(const Dataset& data) {
  std::vector<std::string> names{"b"};
  for (std::size_t j = 1; j < data.cols(); ++j) names.push_back("w_" + data.names[j]);
  return names;
}

std::string listing(const std::vector<std::string>& names, const std::vector<double>& theta) {
  std::string out;
  for (std::size_t j = 0; j < theta.size(); ++j) out += fmt::format("{}{} = {:.6g}", j ? ", " : "", names[j], theta[j]);
  return out;
}

std::string describe(const Evaluation& e, bool logistic) {
  return logistic ? fmt::format("loss {:.6g}  accuracy {:.4f}", e.loss, e.accuracy) : fmt::format("loss {:.6g}", e.loss);
}

int run(const Flags& f) {
  const Model model = f.model == "logistic" ? Model::logistic : Model::linear;
  const bool logistic = model == Model::logistic;
  Table table = read_csv_file(f.data);
  Dataset data = make_dataset(table, {f.target, split_names(f.features), model, f.standardize});
  const std::size_t batch = f.batch == 0 || f.batch >= data.rows ? data.rows : f.batch;
  const std::size_t per_epoch = (data.rows + batch - 1) / batch;
  const std::vector<std::string> names = param_names(data);
  fmt::print("{} regression of {} on {} ({} rows{}): η = {}, {} epochs, {}\n", f.model, f.target,
             fmt::join(std::vector<std::string>(data.names.begin() + 1, data.names.end()), ", "), data.rows,
             f.standardize ? ", standardized" : "", f.lr, f.epochs,
             batch == data.rows ? std::string("full batch") : fmt::format("batches of {} (seed {})", batch, f.seed));

  std::optional<Trace> trace;
  const std::size_t updates = per_epoch * static_cast<std::size_t>(f.epochs);
  const char* const smaller = "lower --epochs or raise --batch";
  if (!f.trace.empty()) {
    if (!valid_utf8(f.data) || !valid_utf8(f.trace))
      throw UsageError(fmt::format("--trace: the file names must be valid UTF-8 (a trace records them): '{}'",
                                   valid_utf8_or_escaped(valid_utf8(f.data) ? f.trace : f.data)));
    trace.emplace("train", fmt::format("Training {} regression on {}", f.model, table.source), "59-61");
    ordered_json& config = trace->config();
    config["lr"] = f.lr;
    config["steps"] = updates;
    for (std::size_t j = 0; j < names.size(); ++j) config["set"][fmt::format("theta[{}]", j)] = 0.0;  // θ starts at 0
    config["data"] = table.source;
    config["target"] = f.target;
    config["features"] = std::vector<std::string>(data.names.begin() + 1, data.names.end());
    config["model"] = f.model;
    config["epochs"] = f.epochs;
    config["batch"] = batch;
    config["standardize"] = f.standardize;
    config["seed"] = f.seed;
  }
  const int every = (f.epochs + 99) / 100;
  TrainEvents events;
  events.on_update = [&](double loss, std::span<const double> before, std::span<const double> grad,
                         std::span<const double> after, const Tape& tape) {
    if (!trace) return;
    trace->begin_step(trace->steps() == 0);
    trace->set_graph(tape);
    trace->set_loss(loss);
    trace->add_update("theta", before, grad, after);  // the graph's param node
    // Every update is made (a run never stops early): refused at the first when the trace could not be written.
    if (trace->steps() == 1)
      refuse_large_trace(f.trace, trace->least_bytes(updates), fmt::format("with its {} updates", updates), smaller);
  };
  events.on_epoch = [&](int epoch, const Evaluation& e) {
    if (trace) trace->note(fmt::format("epoch {}: {}", epoch, describe(e, logistic)));
    if (epoch % every == 0 || epoch == f.epochs || epoch == 1) fmt::print("epoch {:>6}  {}\n", epoch, describe(e, logistic));
  };
  TrainResult result = train(data, {model, f.lr, f.epochs, batch, f.seed}, events);

  fmt::print("final: {}  after {} updates\n", describe(result.final, logistic), result.updates);
  fmt::print("θ: {}\n", listing(names, result.theta));
  if (f.standardize) fmt::print("θ for the unscaled features: {}\n", listing(names, unstandardized(data, result.theta)));
  if (trace) {
    Tape tape;
    Evaluation e = evaluate(tape, data, model, result.theta);
    trace->finish(tape, e.loss);
    if (logistic) trace->note(fmt::format("accuracy {}", e.accuracy));
    write_trace_file(f.trace, trace->dump(), smaller);
    fmt::print("trace: {}\n", f.trace);
  }
  return 0;
}

}  // namespace

int train(Args args) {
  try {
    Flags f = parse(args);
    if (f.help) {
      fmt::print("{}", kUsage);
      return 0;
    }
    return run(f);
  } catch (const NonFiniteError& e) {
    fmt::print(stderr, "tracegrad train: {} (try a smaller --lr, or --standardize)\n", e.what());
    return 2;
  } catch (const std::exception& e) {  // UsageError, DataError, the trace file, standard output
    return report("train", e);
  }
}

}  // namespace tracegrad::cli
