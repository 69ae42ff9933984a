// The emulator's log: leveled lines on one stream, one line per call.
//
// Nothing secret is ever written: callers log paths without query strings,
// and Redact() masks anything shaped like a Revento credential (tokens,
// codes, client and webhook secrets) in text that might carry one.
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

namespace revento::emulator {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

// "debug", "info", "warn", "error" or "off"; false on anything else.
bool ParseLogLevel(std::string_view text, LogLevel* out);

class Log {
 public:
  Log(std::ostream& out, LogLevel level) : out_(out), level_(level) {}

  bool Enabled(LogLevel level) const { return level >= level_; }
  void Write(LogLevel level, std::string_view line);
  void Debug(std::string_view line) { Write(LogLevel::kDebug, line); }
  void Info(std::string_view line) { Write(LogLevel::kInfo, line); }
  void Warn(std::string_view line) { Write(LogLevel::kWarn, line); }
  void Error(std::string_view line) { Write(LogLevel::kError, line); }

 private:
  std::ostream& out_;
  LogLevel level_;
  std::mutex mutex_;
};

// Replaces the secret part of every credential-shaped word (rev_install_*,
// rev_refresh_*, rev_code_*, rev_secret_*, whsec_*, cns_*) with "[redacted]".
std::string Redact(std::string_view text);

}  // namespace revento::emulator
