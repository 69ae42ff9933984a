// revento-emulator: flags -> Options -> Emulator. Nothing else lives here.
#include <signal.h>

#include <iostream>
#include <thread>
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

  auto emulator = Emulator::Create(options);
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

  std::thread waiter([&emulator, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    (*emulator)->Stop();
  });
  (*emulator)->Serve();
  // Serve returned: either a signal stopped it (the waiter is done) or the
  // server failed; wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  emulator->reset();
  return 0;
}
