#include "emulator/log.h"

#include <array>
#include <cctype>

namespace revento::emulator {

bool ParseLogLevel(std::string_view text, LogLevel* out) {
  static constexpr std::array<std::pair<std::string_view, LogLevel>, 5> kLevels{{
      {"debug", LogLevel::kDebug},
      {"info", LogLevel::kInfo},
      {"warn", LogLevel::kWarn},
      {"error", LogLevel::kError},
      {"off", LogLevel::kOff},
  }};
  for (const auto& [name, level] : kLevels) {
    if (name == text) {
      *out = level;
      return true;
    }
  }
  return false;
}

void Log::Write(LogLevel level, std::string_view line) {
  if (!Enabled(level)) return;
  std::lock_guard lock(mutex_);
  out_ << line << '\n';
  out_.flush();
}

std::string Redact(std::string_view text) {
  static constexpr std::array<std::string_view, 6> kPrefixes{"rev_install_", "rev_refresh_", "rev_code_",
                                                             "rev_secret_",  "whsec_",       "cns_"};
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    bool matched = false;
    for (auto prefix : kPrefixes) {
      if (text.substr(i, prefix.size()) == prefix) {
        out.append(prefix);
        out.append("[redacted]");
        i += prefix.size();
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' ||
                                   text[i] == '-')) {
          ++i;
        }
        matched = true;
        break;
      }
    }
    if (!matched) out.push_back(text[i++]);
  }
  return out;
}

}  // namespace revento::emulator
