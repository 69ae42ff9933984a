#include "client/scenarios/expectations.h"

#include <algorithm>
#include <regex>
#include <set>

namespace revento::client::scenarios {

namespace {

std::string Show(const nlohmann::json& value) {
  std::string text = value.dump();
  return text.size() > 200 ? text.substr(0, 197) + "..." : text;
}

// Compares a JSON value with the expected one; a number expected as a string
// ("200") never equals a number, so types matter.
bool JsonEquals(const nlohmann::json& actual, const nlohmann::json& expected) { return actual == expected; }

const nlohmann::json* At(const nlohmann::json& json, const std::string& pointer) {
  if (json.is_discarded()) return nullptr;
  try {
    nlohmann::json::json_pointer p(pointer);
    if (!json.contains(p)) return nullptr;
    return &json.at(p);
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

bool Matches(const std::string& text, const std::string& pattern, std::string* error) {
  try {
    return std::regex_search(text, std::regex(pattern));
  } catch (const std::regex_error& e) {
    *error = "bad regular expression '" + pattern + "': " + e.what();
    return false;
  }
}

std::string ErrorCodeOf(const Response& r) {
  if (const auto* code = At(r.json, "/error/code"); code && code->is_string()) return code->get<std::string>();
  if (const auto* code = At(r.json, "/error"); code && code->is_string()) return code->get<std::string>();
  if (auto it = r.query.find("error"); it != r.query.end()) return it->second;
  return "";
}

std::string StatusClass(int status) { return status >= 100 && status < 600 ? std::to_string(status / 100) + "xx" : "no"; }

bool AllHave(const nlohmann::json& item, const nlohmann::json& values) {
  for (const auto& [pointer, value] : values.items()) {
    const nlohmann::json* got = At(item, pointer);
    if (!got || *got != value) return false;
  }
  return true;
}

bool AllMatch(const nlohmann::json& item, const nlohmann::json& patterns, std::string* error) {
  for (const auto& [pointer, pattern] : patterns.items()) {
    const nlohmann::json* got = At(item, pointer);
    if (!got) return false;
    std::string text = got->is_string() ? got->get<std::string>() : got->dump();
    if (!Matches(text, pattern.is_string() ? pattern.get<std::string>() : pattern.dump(), error)) return false;
  }
  return true;
}

// `items: {/data: {where, where_matches, count, min_count, max_count, all, all_matches, distinct}}`:
// the list's items that fit `where` and `where_matches`, counted and checked.
void CheckItems(const std::string& pointer, const nlohmann::json& spec, const Response& r,
                std::vector<std::string>& failures) {
  const nlohmann::json* list = At(r.json, pointer);
  if (!list || !list->is_array()) {
    failures.push_back("items " + pointer + ": expected a list, got " + (list ? Show(*list) : "nothing there"));
    return;
  }
  std::string error;
  std::vector<const nlohmann::json*> picked;
  for (const auto& item : *list) {
    if (AllHave(item, spec.value("where", nlohmann::json::object())) &&
        AllMatch(item, spec.value("where_matches", nlohmann::json::object()), &error))
      picked.push_back(&item);
  }
  if (!error.empty()) {
    failures.push_back(error);
    return;
  }
  std::string which = "items " + pointer;
  if (spec.contains("where") || spec.contains("where_matches")) {
    nlohmann::json filter = spec.value("where", nlohmann::json::object());
    filter.update(spec.value("where_matches", nlohmann::json::object()));
    which += " where " + Show(filter);
  }
  const auto n = static_cast<long long>(picked.size());
  auto count_fails = [&](const char* key, auto bad, const char* word) {
    if (spec.contains(key) && bad(spec[key].get<long long>()))
      failures.push_back(which + ": expected " + word + std::to_string(spec[key].get<long long>()) + ", got " +
                         std::to_string(n));
  };
  count_fails("count", [&](long long want) { return n != want; }, "");
  count_fails("min_count", [&](long long want) { return n < want; }, "at least ");
  count_fails("max_count", [&](long long want) { return n > want; }, "at most ");
  for (size_t i = 0; i < picked.size(); ++i) {
    if (spec.contains("all") && !AllHave(*picked[i], spec["all"]))
      failures.push_back(which + ": expected each to have " + Show(spec["all"]) + ", item " + std::to_string(i) +
                         " is " + Show(*picked[i]));
    if (spec.contains("all_matches") && !AllMatch(*picked[i], spec["all_matches"], &error))
      failures.push_back(error.empty() ? which + ": expected each to match " + Show(spec["all_matches"]) + ", item " +
                                             std::to_string(i) + " is " + Show(*picked[i])
                                       : error);
  }
  for (const auto& field : spec.value("distinct", nlohmann::json::array())) {
    std::set<std::string> seen;
    for (const auto* item : picked) {
      const nlohmann::json* got = At(*item, field.get<std::string>());
      std::string text = got ? got->dump() : "(absent)";
      if (!seen.insert(text).second) {
        failures.push_back(which + ": expected " + field.get<std::string>() + " to differ between items, " + text +
                           " appears twice");
        break;
      }
    }
  }
}

}  // namespace

std::vector<std::string> CheckExpectations(const nlohmann::json& expect, const Response& r) {
  std::vector<std::string> failures;
  auto fail = [&failures](std::string text) { failures.push_back(std::move(text)); };
  for (const auto& [key, want] : expect.items()) {
    if (key == "status") {
      bool ok = want.is_array() ? std::find(want.begin(), want.end(), nlohmann::json(r.status)) != want.end()
                                : want == nlohmann::json(r.status);
      if (!ok) fail("status: expected " + Show(want) + ", got " + std::to_string(r.status));
    } else if (key == "status_class") {
      nlohmann::json classes = want.is_array() ? want : nlohmann::json::array({want});
      if (std::find(classes.begin(), classes.end(), nlohmann::json(StatusClass(r.status))) == classes.end())
        fail("status: expected " + Show(want) + ", got " + std::to_string(r.status));
    } else if (key == "items") {
      for (const auto& [pointer, spec] : want.items()) CheckItems(pointer, spec, r, failures);
    } else if (key == "error") {
      std::string got = ErrorCodeOf(r);
      if (got != want.get<std::string>())
        fail("error: expected " + Show(want) + ", got " + (got.empty() ? "no error code" : "\"" + got + "\""));
    } else if (key == "headers") {
      for (const auto& [name, value] : want.items()) {
        const std::string* got = r.Header(name);
        std::string expected = value.is_string() ? value.get<std::string>() : value.dump();
        if (!got) {
          fail("header " + name + ": expected \"" + expected + "\", got none");
        } else if (*got != expected) {
          fail("header " + name + ": expected \"" + expected + "\", got \"" + *got + "\"");
        }
      }
    } else if (key == "headers_match") {
      for (const auto& [name, value] : want.items()) {
        const std::string* got = r.Header(name);
        std::string error, pattern = value.is_string() ? value.get<std::string>() : value.dump();
        if (!got) {
          fail("header " + name + ": expected to match /" + pattern + "/, got none");
        } else if (!Matches(*got, pattern, &error)) {
          fail(error.empty() ? "header " + name + ": expected to match /" + pattern + "/, got \"" + *got + "\""
                             : error);
        }
      }
    } else if (key == "headers_absent") {
      for (const auto& name : want) {
        if (const std::string* got = r.Header(name.get<std::string>()))
          fail("header " + name.get<std::string>() + ": expected absent, got \"" + *got + "\"");
      }
    } else if (key == "json") {
      for (const auto& [pointer, value] : want.items()) {
        const nlohmann::json* got = At(r.json, pointer);
        if (!got) {
          fail("json " + pointer + ": expected " + Show(value) + ", got nothing there");
        } else if (!JsonEquals(*got, value)) {
          fail("json " + pointer + ": expected " + Show(value) + ", got " + Show(*got));
        }
      }
    } else if (key == "json_exists") {
      for (const auto& pointer : want) {
        if (!At(r.json, pointer.get<std::string>())) fail("json " + pointer.get<std::string>() + ": expected to exist");
      }
    } else if (key == "json_absent") {
      for (const auto& pointer : want) {
        if (const auto* got = At(r.json, pointer.get<std::string>()))
          fail("json " + pointer.get<std::string>() + ": expected absent, got " + Show(*got));
      }
    } else if (key == "json_matches") {
      for (const auto& [pointer, value] : want.items()) {
        const nlohmann::json* got = At(r.json, pointer);
        std::string error, pattern = value.is_string() ? value.get<std::string>() : value.dump();
        if (!got) {
          fail("json " + pointer + ": expected to match /" + pattern + "/, got nothing there");
          continue;
        }
        std::string text = got->is_string() ? got->get<std::string>() : got->dump();
        if (!Matches(text, pattern, &error))
          fail(error.empty() ? "json " + pointer + ": expected to match /" + pattern + "/, got " + Show(*got) : error);
      }
    } else if (key == "json_length") {
      for (const auto& [pointer, value] : want.items()) {
        const nlohmann::json* got = At(r.json, pointer);
        if (!got || !(got->is_array() || got->is_object())) {
          fail("json " + pointer + ": expected a list of " + Show(value) + ", got " + (got ? Show(*got) : "nothing"));
        } else if (nlohmann::json(got->size()) != value) {
          fail("json " + pointer + ": expected " + Show(value) + " items, got " + std::to_string(got->size()));
        }
      }
    } else if (key == "body_contains") {
      if (r.body.find(want.get<std::string>()) == std::string::npos)
        fail("body: expected to contain " + Show(want) + ", got \"" + r.BodyExcerpt(200) + "\"");
    } else if (key == "body_not_contains") {
      if (r.body.find(want.get<std::string>()) != std::string::npos)
        fail("body: expected not to contain " + Show(want));
    } else if (key == "body_matches") {
      std::string error;
      if (!Matches(r.body, want.get<std::string>(), &error))
        fail(error.empty()
                 ? "body: expected to match /" + want.get<std::string>() + "/, got \"" + r.BodyExcerpt(200) + "\""
                 : error);
    } else if (key == "query") {
      for (const auto& [name, value] : want.items()) {
        auto it = r.query.find(name);
        std::string expected = value.is_string() ? value.get<std::string>() : value.dump();
        if (it == r.query.end()) {
          fail("redirect query " + name + ": expected \"" + expected +
               "\", got none (Location: " + (r.Header("Location") ? *r.Header("Location") : "none") + ")");
        } else if (it->second != expected) {
          fail("redirect query " + name + ": expected \"" + expected + "\", got \"" + it->second + "\"");
        }
      }
    } else if (key == "query_absent") {
      for (const auto& name : want) {
        if (auto it = r.query.find(name.get<std::string>()); it != r.query.end())
          fail("redirect query " + it->first + ": expected absent, got \"" + it->second + "\"");
      }
    } else if (key == "counts") {
      for (const auto& [status, count] : want.items()) {
        int code = std::atoi(status.c_str());
        int got = r.status_counts.count(code) ? r.status_counts.at(code) : 0;
        if (nlohmann::json(got) != count)
          fail("counts " + status + ": expected " + Show(count) + " responses, got " + std::to_string(got));
      }
    }
  }
  return failures;
}

Result<nlohmann::json> CaptureValue(const std::string& source, const Response& r) {
  if (source == "status") return nlohmann::json(r.status);
  if (source == "body") return nlohmann::json(r.body);
  if (source.starts_with("header:")) {
    if (const std::string* value = r.Header(source.substr(7))) return nlohmann::json(*value);
    return Fail("no header " + source.substr(7) + " to capture");
  }
  if (source.starts_with("query:")) {
    if (auto it = r.query.find(source.substr(6)); it != r.query.end()) return nlohmann::json(it->second);
    return Fail("no redirect query parameter " + source.substr(6) + " to capture");
  }
  if (const nlohmann::json* value = At(r.json, source)) return *value;
  return Fail("nothing at JSON pointer " + source + " to capture (body: " + r.BodyExcerpt(200) + ")");
}

}  // namespace revento::client::scenarios
