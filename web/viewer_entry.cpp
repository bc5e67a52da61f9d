// What a lesson's page calls after each run of the lesson (web/lesson.js): the viewer's page
// (lib/view, the page `tracegrad view` writes) of the traces the run wrote into a folder of
// the page's in-memory file system, in the order scripts/run-lessons.sh gives them:
// LESSON.json, then LESSON-RUN.json sorted by name.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tracegrad/trace_read.hpp"
#include "tracegrad/viewer.hpp"

extern "C" const char* tracegrad_viewer_page(const char* dir) {
  static std::string page;  // lives until the next call: the page reads it at once
  try {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
      auto one_run = [](const std::filesystem::path& p) { return p.stem().string().find('-') == std::string::npos; };
      return one_run(a) != one_run(b) ? one_run(a) : a < b;
    });
    std::vector<tracegrad::NamedTrace> traces;
    for (const auto& f : files) traces.push_back({tracegrad::load_trace(f), f.filename().string()});
    page = traces.empty() ? std::string() : tracegrad::viewer_page(traces);
  } catch (const std::exception& e) {  // a page never crashes: it shows the message
    page = std::string("error: ") + e.what();
  }
  return page.c_str();
}
