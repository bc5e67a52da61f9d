// The flags every lesson understands (lesson_options.hpp): each flag, each error, one line each.
#define BOOST_TEST_MODULE lesson_options
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tracegrad/lesson_options.hpp"

namespace tg = tracegrad;

namespace {

tg::LessonOptions parse(std::vector<std::string> args, std::vector<tg::ExtraFlag> extra = {}) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return tg::parse_lesson_options(argv, std::move(extra));
}

// The UsageError's message for these flags: it must be one line.
std::string error_of(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const tg::UsageError& e) {
    std::string message = e.what();
    BOOST_TEST(message.find('\n') == std::string::npos, "not one line: " << message);
    return message;
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults) {
  auto o = parse({});
  BOOST_TEST(!o.help);
  BOOST_TEST(o.pause);
  BOOST_TEST(!o.trace_file.has_value());
  BOOST_TEST(!o.trace_dir.has_value());
  BOOST_TEST(!o.lr.has_value());
  BOOST_TEST(!o.steps.has_value());
  BOOST_TEST(o.sets.empty());
  BOOST_TEST(o.trace_nodes == "first");
  BOOST_TEST(!o.trace_full);
}

BOOST_AUTO_TEST_CASE(every_flag) {
  auto o = parse({"--no-pause", "--trace", "t.json", "--lr", "0.25", "--steps", "7", "--set", "w=0.3", "--set",
                  "x=-2.5e1", "--trace-nodes", "every:3", "--loss", "softplus"},
                 {{"loss", "log", "which loss"}});
  BOOST_TEST(!o.pause);
  BOOST_TEST(*o.trace_file == "t.json");
  BOOST_TEST(*o.lr == 0.25);
  BOOST_TEST(*o.steps == 7);
  BOOST_REQUIRE(o.sets.size() == 2u);
  BOOST_TEST(o.sets[0].first == "w");
  BOOST_TEST(o.sets[0].second == 0.3);
  BOOST_TEST(o.sets[1].first == "x");
  BOOST_TEST(o.sets[1].second == -25.0);
  BOOST_TEST(o.trace_nodes == "every:3");
  BOOST_TEST(o.extra[0].value == "softplus");
  BOOST_TEST(parse({"--help"}).help);
  BOOST_TEST(parse({"-h"}).help);
  BOOST_TEST(*parse({"--trace-dir", "out"}).trace_dir == "out");
  BOOST_TEST(parse({"--trace-nodes", "all"}).trace_nodes == "all");
  BOOST_TEST(parse({"--trace-full"}).trace_full);
  BOOST_TEST(*parse({"--steps", "0"}).steps == 0);
  BOOST_TEST(parse({"--loss", "log"}, {{"loss", "softplus", "h"}}).extra[0].value == "log");
  BOOST_TEST(parse({}, {{"loss", "log", "h"}}).extra[0].value == "log");  // the default stays
}

BOOST_AUTO_TEST_CASE(every_error_is_one_line_naming_the_flag) {
  BOOST_TEST(error_of({"--lr", "abc"}) == "--lr: 'abc' is not a number");
  BOOST_TEST(error_of({"--lr", "0.1x"}) == "--lr: '0.1x' is not a number");
  BOOST_TEST(error_of({"--lr", "-1"}) == "--lr: -1 is not a positive learning rate");
  BOOST_TEST(error_of({"--lr", "0"}) == "--lr: 0 is not a positive learning rate");
  BOOST_TEST(error_of({"--lr", "inf"}) == "--lr: 'inf' is not a finite number");
  BOOST_TEST(error_of({"--lr"}) == "--lr: missing its value");
  BOOST_TEST(error_of({"--steps", "-1"}) == "--steps: '-1' is not a whole number from 0 to 10000000");
  BOOST_TEST(error_of({"--steps", "2.5"}) == "--steps: '2.5' is not a whole number from 0 to 10000000");
  BOOST_TEST(error_of({"--steps", "99999999"}) == "--steps: '99999999' is not a whole number from 0 to 10000000");
  BOOST_TEST(error_of({"--set", "w"}) == "--set: 'w' is not NAME=VALUE");
  BOOST_TEST(error_of({"--set", "=3"}) == "--set: '=3' is not NAME=VALUE");
  BOOST_TEST(error_of({"--set", "w=abc"}) == "--set w: 'abc' is not a number");
  BOOST_TEST(error_of({"--set", "w=nan"}) == "--set w: 'nan' is not a finite number");
  BOOST_TEST(error_of({"--trace-nodes", "some"}) == "--trace-nodes: 'some' is not first, every:K (K ≥ 1) or all");
  BOOST_TEST(error_of({"--trace-nodes", "every:0"}) == "--trace-nodes: 'every:0' is not first, every:K (K ≥ 1) or all");
  BOOST_TEST(error_of({"--trace-nodes", "every:x"}) == "--trace-nodes every:K: 'x' is not a whole number from 0 to 1000000000");
  BOOST_TEST(error_of({"--trace", "a.json", "--trace-dir", "d"}) == "--trace and --trace-dir: give one or the other");
  BOOST_TEST(error_of({"--frobnicate"}) == "unknown flag '--frobnicate' (see --help)");
  BOOST_TEST(error_of({"--loss", "log"}) == "unknown flag '--loss' (see --help)");  // not this lesson's flag
}

BOOST_AUTO_TEST_CASE(parse_number_whole_and_finite) {
  BOOST_TEST(tg::parse_number("0.1", "v") == 0.1);
  BOOST_TEST(tg::parse_number("-3e2", "v") == -300.0);
  BOOST_CHECK_THROW(tg::parse_number("", "v"), tg::UsageError);
  BOOST_CHECK_THROW(tg::parse_number(" 1", "v"), tg::UsageError);
  BOOST_CHECK_THROW(tg::parse_number("1e999", "v"), tg::UsageError);
}

BOOST_AUTO_TEST_CASE(keeps_nodes_policies) {
  BOOST_TEST(tg::keeps_nodes("first", 0));
  BOOST_TEST(!tg::keeps_nodes("first", 1));
  BOOST_TEST(tg::keeps_nodes("all", 0));
  BOOST_TEST(tg::keeps_nodes("all", 17));
  BOOST_TEST(tg::keeps_nodes("every:3", 0));
  BOOST_TEST(!tg::keeps_nodes("every:3", 1));
  BOOST_TEST(!tg::keeps_nodes("every:3", 2));
  BOOST_TEST(tg::keeps_nodes("every:3", 3));
  BOOST_TEST(tg::keeps_nodes("every:3", 9));
  BOOST_TEST(tg::keeps_nodes("every:1", 5));
}

BOOST_AUTO_TEST_CASE(usage_lists_common_and_own_flags) {
  auto text = tg::lesson_usage("training", "Training", {tg::ExtraFlag{"lr", "0.1", "learning rate η of each update"},
                                                        tg::ExtraFlag{"steps", "200", "samples seen"}},
                               {{"loss", "log", "which loss"}});
  for (const char* flag : {"--help", "--no-pause", "--trace FILE", "--trace-dir DIR", "--trace-nodes", "--set NAME=VALUE"})
    BOOST_TEST(text.find(flag) != std::string::npos, flag << " missing from --help");
  for (const char* line : {"\n  --lr ETA             learning rate η of each update (default 0.1)\n",
                           "\n  --steps N            samples seen (default 200)\n",
                           "\n  --loss V             which loss (default log)\n"})
    BOOST_TEST(text.find(line) != std::string::npos, line << " missing from --help");
}

// A lesson that makes no update has no --lr in its --help, one that makes one step no --steps;
// a help that says its default itself gets no "(default …)".
BOOST_AUTO_TEST_CASE(usage_lists_only_the_flags_the_lesson_takes) {
  auto none = tg::lesson_usage("vector_review", "Vector review", {}, {});
  BOOST_TEST(none.find("--lr") == std::string::npos);
  BOOST_TEST(none.find("--steps") == std::string::npos);
  BOOST_TEST(none.find("--set NAME=VALUE") != std::string::npos);
  auto own = tg::lesson_usage("gd_square", "GD", {tg::ExtraFlag{"lr", "0.1", "one run at η (default: one run per slide)"}, {}}, {});
  BOOST_TEST(own.find("\n  --lr ETA             one run at η (default: one run per slide)\n") != std::string::npos, own);
  BOOST_TEST(own.find("--steps") == std::string::npos);
}

// Hostile input (issue 12): a run whose trace would not fit the memory budget is refused
// before it starts, naming the flags to change; one that fits is not.
BOOST_AUTO_TEST_CASE(trace_memory_is_bounded_up_front) {
  BOOST_CHECK_NO_THROW(tg::check_trace_memory("first", 6, 20));
  BOOST_CHECK_NO_THROW(tg::check_trace_memory("all", 1000, 20));
  auto refused = [](const std::string& policy, std::size_t steps, std::size_t nodes, const std::string& fragment) {
    try {
      tg::check_trace_memory(policy, steps, nodes);
      BOOST_ERROR(policy << " " << steps << " was not refused");
    } catch (const tg::UsageError& e) {
      BOOST_TEST(std::string(e.what()).find(fragment) != std::string::npos, e.what());
    }
  };
  refused("first", 10'000'000, 20, "lower --steps)");
  refused("all", 200'000, 20, "--trace-nodes first or every:K");
  refused("every:10", 1'000'000, 300, "more than 256 MB");
}
