// bench_scenarios [--emulator-binary PATH] [jobs=2] [paths...]: the whole
// conformance suite as `revento scenarios run --spawn --jobs 2` runs it,
// timed. --emulator-binary runs another build's emulator (a side-by-side
// before/after: keep a copy of the old binary and of its scenarios/). Prints the wall
// time, scenarios per second, and the emulator's share: CPU time of every
// spawned revento-emulator (getrusage of the reaped children) against the
// runner's own CPU time and the wall time. Not a test: nothing asserts.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "client/scenarios/loader.h"
#include "client/scenarios/suite_runner.h"

namespace {

double Seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  using namespace revento::client::scenarios;
  std::string emulator_binary = REVENTO_EMULATOR_BINARY;
  int first = 1;
  if (argc > 2 && std::string(argv[1]) == "--emulator-binary") {
    emulator_binary = argv[2];
    first = 3;
  }
  int jobs = argc > first ? std::atoi(argv[first]) : 2;
  std::vector<std::string> paths;
  for (int i = first + 1; i < argc; ++i) paths.emplace_back(argv[i]);
  if (paths.empty()) paths.emplace_back(std::string(REVENTO_SOURCE_DIR) + "/scenarios");
  auto scenarios = LoadScenarios(paths);
  if (!scenarios) {
    for (const auto& m : scenarios.error().messages) std::fprintf(stderr, "%s\n", m.c_str());
    return 2;
  }
  SuiteOptions options;
  options.emulator_binary = emulator_binary;
  options.jobs = jobs;
  std::ostringstream out;
  auto started = std::chrono::steady_clock::now();
  auto summary = RunSuite(*scenarios, options, out);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!summary) {
    std::fprintf(stderr, "%s\n", summary.error().message.c_str());
    return 2;
  }
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  double runner_cpu = Seconds(self.ru_utime) + Seconds(self.ru_stime);
  double emulator_cpu = Seconds(children.ru_utime) + Seconds(children.ru_stime);
  double in_scenarios = 0;
  for (const auto& r : summary->results) in_scenarios += static_cast<double>(r.duration.count()) / 1000.0;
  int ran = summary->passed + summary->failed;
  std::printf("suite: %d scenarios (%d passed, %d failed, %d skipped), --spawn --jobs %d\n", ran, summary->passed,
              summary->failed, summary->skipped, jobs);
  std::printf("wall %.2f s, %.1f scenarios/s; sum of scenario times %.2f s\n", wall, ran / wall, in_scenarios);
  std::printf("cpu: emulators %.2f s, runner %.2f s; emulator share of cpu %.0f%%, of wall x jobs %.0f%%\n",
              emulator_cpu, runner_cpu, 100.0 * emulator_cpu / (emulator_cpu + runner_cpu),
              100.0 * emulator_cpu / (wall * jobs));
  return summary->failed > 0 ? 1 : 0;
}
