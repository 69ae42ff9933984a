// revento-emulator: flags -> Options -> Emulator. Nothing else lives here.
#include <signal.h>

#include <iostream>
#include <chrono>
#include <cstdlib>
#include <variant>

#include "emulator/emulator.h"
#include "emulator/options.h"

int main(int argc, char** argv) {
  using namespace revento::emulator;
  auto parsed = ParseOptions(argc, argv);
  if (auto* help = std::get_if<HelpRequested>(&parsed)) {
    std::cout << help->text;
    return 0;
  }
  if (auto* error = std::get_if<Error>(&parsed)) {
    std::cerr << "revento-emulator: " << error->message << "\n";
    return 2;
  }
  const Options& options = std::get<Options>(parsed);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // Start-up never aborts on its own database: a failure it did not foresee
  // (a store error, a row it cannot read) is exit 2 with the reason.
  Result<std::unique_ptr<Emulator>> emulator = Fail("");
  try {
    emulator = Emulator::Create(options);
  } catch (const std::exception& e) {
    emulator = Fail(std::string("cannot start: ") + e.what() +
                    (options.data_dir.empty() ? "" : " (--data-dir " + options.data_dir +
                                                         ": start once with --import FILE of a good export, "
                                                         "or move the directory away)"));
  }
  if (!emulator) {
    std::cerr << "revento-emulator: " << emulator.error().message << "\n";
    return 2;
  }
  auto port = (*emulator)->Start();
  if (!port) {
    std::cerr << "revento-emulator: " << port.error().message << "\n";
    return 2;
  }
  if (options.print_config) {
    std::cout << (*emulator)->Config().dump() << std::endl;
    std::cerr << (*emulator)->Banner() << std::flush;
  } else {
    std::cout << (*emulator)->Banner() << std::flush;
  }

  (*emulator)->ServeInBackground();
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  bool drained = (*emulator)->Shutdown(std::chrono::seconds(30));
  std::cerr << "revento-emulator: stopped on signal " << signal_number
            << (drained ? "" : " (requests still running after 30 s were cut off)") << "\n";
  std::cout.flush();
  std::cerr.flush();
  // The database is checkpointed and every request has finished; idle
  // keep-alive connections are not waited for.
  std::_Exit(0);
}
