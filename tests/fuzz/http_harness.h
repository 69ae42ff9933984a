// The fuzz targets that go through HTTP: one in-process emulator serving on
// 127.0.0.1 (port 0) for the life of the fuzzing process, a keep-alive
// client to it, and the checks every answer must pass.
//
// A fuzzing process runs one target function many times and keeps no other
// handle, so the emulator lives in a function-local static, created on the
// first input. It runs with --auto-consent, logging off, and a webhook URL
// on a closed loopback port. Every 500 inputs the sandbox is reset (the
// fuzzer's writes would otherwise grow the database without end) and a fresh
// access token is issued.
//
// Check() aborts, printing the request and the answer, when there is no
// answer or the answer is a 5xx: libFuzzer (or the replay main) reports the
// input as a crash. Bad input must get a 4xx.
//
// Thread safety: fuzz targets call it from one thread.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>

#include "emulator/emulator.h"

namespace revento::fuzz {

class FuzzEmulator {
 public:
  static FuzzEmulator& Get();

  httplib::Client& client() { return *client_; }
  // An access token with every scope on evt_abc123.
  const std::string& access_token() const { return access_token_; }
  // Counts an input; resets the sandbox every 500 inputs.
  void NextInput();
  void Check(const httplib::Result& res, std::string_view method, std::string_view target,
             std::string_view body = {});

 private:
  FuzzEmulator();
  void Connect();

  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<httplib::Client> client_;
  std::string access_token_;
  int inputs_ = 0;
};

// Bytes as a request target: printable ASCII but space and '#' is kept
// verbatim (so '%', '?', '&', '=' and '/' reach the parsers as sent); every
// other byte is percent-encoded, so any input makes one well-formed request
// line.
std::string AsRequestTarget(std::string_view bytes);

}  // namespace revento::fuzz
