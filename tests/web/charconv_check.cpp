// The doubles of <charconv> both ways, on inputs that probe where an implementation can
// differ: shortest round trip, fixed against scientific, signs, zeros, infinities, nan,
// subnormals, out of range, what from_chars refuses (space, '+', hexadecimal, empty). Built
// natively (the standard library's, the reference) and to WebAssembly (web/compat/charconv's,
// the shim emscripten 3.1.6 needs); tests/web/test_charconv.py compares the two outputs.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

// A double's bits, in hexadecimal: the same text whatever the C library (%a is not).
static unsigned long long bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

static void print_to_chars(double x) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  std::printf("to_chars %016llx -> %.*s%s\n", bits(x), static_cast<int>(end - buf), buf, ec == std::errc() ? "" : " (error)");
}

static void print_from_chars(const std::string& text) {
  double x = -12345.0;  // what an error must leave alone
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  const char* verdict = ec == std::errc() ? "ok" : ec == std::errc::invalid_argument ? "invalid" : "out of range";
  std::printf("from_chars '%s' -> %s, %d read, %016llx\n", text.c_str(), verdict, static_cast<int>(end - text.data()), bits(x));
}

int main() {
  const double fixed[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.01, 1e-5, 1e-4, 123456789.0, 1e15, 1e16, 1e21, 1e22, 1e23,
                          5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1.0 / 3, 2.0 / 3, 6.7, -0.34,
                          128.550244, -151.9292, 1.179292, 0.8685934307, 1e100, 123e-20, 1.5e300, 100.0, 1000000.0};
  for (double x : fixed) print_to_chars(x);
  print_to_chars(1.0 / 0.0);
  print_to_chars(-1.0 / 0.0);
  std::uint64_t state = 0x9E3779B97F4A7C15u;  // bit patterns all over the doubles (xorshift64)
  for (int i = 0; i < 4000; ++i) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    double x;
    std::memcpy(&x, &state, sizeof x);
    if (x == x) print_to_chars(x);  // nan's payload is not printed the same by every %a
  }
  const char* texts[] = {"0", "-0", "1", "6.7", "-0.34", "1e-7", "1E5", "1e+5", ".5", "5.", "-.5", "0.1e1", "123456789012345678901234567890",
                         "1e400", "-1e400", "1e-400", "4e-324", "2e-324", "1e-310", "inf", "-inf", "INF", "infinity", "nan", "NaN",
                         "-nan", "", "-", "+1", " 1", "1 ", "0x10", "-0x1p3", "1e", "1e+", "e5", "1.2.3", "١", "0.30000000000000004",
                         "9007199254740993", "2.4703282292062328e-324", "1.7976931348623158e308", "1.7976931348623159e308"};
  for (const char* t : texts) print_from_chars(t);
  for (int i = 0; i < 2000; ++i) {  // what to_chars wrote reads back
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    double x;
    std::memcpy(&x, &state, sizeof x);
    if (x != x) continue;
    char buf[64];
    print_from_chars(std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr));
  }
}
