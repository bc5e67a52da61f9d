// Files a page's module writes get the permissions they get on a terminal: emscripten 3.1.6
// starts a process with the umask 0777, so output_file (lib/trace), which gives a new file
// 0666 & ~umask, would make traces nobody may read. A shell's usual 022, set before main().
#include <sys/stat.h>

namespace {
[[maybe_unused]] const mode_t previous_umask = ::umask(022);
}  // namespace
