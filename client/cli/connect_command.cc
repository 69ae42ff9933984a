#include "client/cli/connect_command.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

#include "client/http/transport.h"
#include "client/oauth/authorization_request.h"
#include "client/oauth/token_client.h"
#include "client/tokens/token_manager.h"
#include "client/tokens/token_store.h"

namespace revento::client::cli {

namespace {

constexpr const char* kCommand = "connect";

constexpr const char* kTokenFileHint = ": pass --token-file FILE (or set REVENTO_TOKEN_FILE) in a writable directory";

bool IsLoopbackHost(const std::string& host) { return host == "localhost" || host == "127.0.0.1" || host == "[::1]"; }

// httplib routes are regular expressions: match the path literally.
std::string LiteralPattern(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The text of an HTML element that opens with `open_tag` ("<h1", "<p id=\"detail\""), or "".
std::string ElementText(const std::string& html, const std::string& open_tag) {
  size_t at = html.find(open_tag);
  if (at == std::string::npos) return "";
  size_t begin = html.find('>', at);
  if (begin == std::string::npos) return "";
  size_t end = html.find('<', begin + 1);
  return html.substr(begin + 1, end == std::string::npos ? std::string::npos : end - begin - 1);
}

std::string DecodeEntities(std::string text) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
  for (const auto& [entity, character] : kEntities) {
    for (size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + character.size())) {
      text.replace(at, entity.size(), character);
    }
  }
  return text;
}

// What an error page of /oauth/authorize says, as one line: its heading and
// its detail paragraph (the emulator's pages), else the body's first 300 bytes.
std::string ErrorPageSummary(const std::string& body) {
  std::string title = ElementText(body, "<h1");
  std::string detail = ElementText(body, "<p id=\"detail\"");
  std::string text = title.empty() ? body.substr(0, 300) : title + (detail.empty() ? "" : ": " + detail);
  text = DecodeEntities(text);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string Page(const std::string& title, const std::string& text) {
  return "<!doctype html><meta charset=utf-8><title>" + title + "</title><h1>" + title + "</h1><p>" + text + "</p>";
}

// Waits on the redirect URI for the browser's callback; returns the full
// callback URL of the first callback whose state matches.
class CallbackListener {
 public:
  explicit CallbackListener(const AuthorizationRequest& request) : request_(request) {}

  ~CallbackListener() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  Status Start(const http::Url& redirect) {
    if (!IsLoopbackHost(redirect.host)) {
      return Fail(kInvalidArgument, "the redirect URI's host " + redirect.host +
                                        " is not loopback, so the callback cannot reach this command: register a "
                                        "redirect URI on localhost or 127.0.0.1 and pass it with --redirect-uri");
    }
    std::string path = redirect.target.substr(0, redirect.target.find('?'));
    std::string origin = redirect.Origin();
    server_.Get(LiteralPattern(path), [this, origin](const httplib::Request& req, httplib::Response& res) {
      std::string url = origin + req.target;
      auto code = request_.ParseCallback(url);
      if (!code && code.error().code == kStateMismatch) {
        res.status = 400;
        res.set_content(Page("Not this connection",
                             "This callback belongs to another authorization request. "
                             "Use the URL that revento connect printed last."),
                        "text/html; charset=utf-8");
        return;
      }
      res.set_content(code ? Page("Connected", "You can close this window and return to the terminal.")
                           : Page("Not connected", code.error().message),
                      "text/html; charset=utf-8");
      std::lock_guard lock(mutex_);
      if (!done_) {
        done_ = true;
        result_.set_value(code);
      }
    });
    // SO_REUSEADDR, so that connections of an app that just stopped on this
    // port (TIME_WAIT for a minute) do not block the callback; and not
    // httplib's default SO_REUSEPORT, which would share the port with an app
    // still listening on it.
    server_.set_socket_options([](int sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    std::string bind_host =
        redirect.host == "[::1]" ? "::1" : (redirect.host == "localhost" ? "127.0.0.1" : redirect.host);
    if (!server_.bind_to_port(bind_host.c_str(), redirect.port)) {
      return Fail("cannot listen on " + origin +
                  " for the callback (the port is in use: is your app running on it?): "
                  "stop it, or register another redirect URI and pass it with --redirect-uri");
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    return {};
  }

  Result<std::string> Wait(std::chrono::seconds timeout) {
    auto future = result_.get_future();
    if (future.wait_for(timeout) != std::future_status::ready) {
      return Fail("no callback within " + std::to_string(timeout.count()) +
                  " s: run revento connect again and approve in the browser (consent pages expire after 10 minutes)");
    }
    return future.get();
  }

 private:
  const AuthorizationRequest& request_;
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
  bool done_ = false;
  std::promise<Result<std::string>> result_;
};

}  // namespace

void AddConnectCommand(CLI::App& app, const GlobalOptions& global, ConnectOptions& options, int& exit_code) {
  auto* cmd =
      app.add_subcommand("connect", "Connect an integration: PKCE, consent, code exchange; tokens to the token file");
  cmd->footer(
      "Example (emulator started with --auto-consent, or approve in the browser):\n"
      "  revento connect --emulator http://localhost:8787 --event evt_abc123 --scope 'event.read participants.read'");
  cmd->add_option("--auth-base", options.auth_base, "AUTH_BASE (default: --emulator)");
  cmd->add_option("--client-id", options.client_id, "REVENTO_CLIENT_ID")->capture_default_str();
  cmd->add_option("--client-secret", options.client_secret, "REVENTO_CLIENT_SECRET")->capture_default_str();
  cmd->add_option("--redirect-uri", options.redirect_uri,
                  "A registered redirect URI (loopback: the callback comes here)")
      ->capture_default_str();
  cmd->add_option("--event,--event-id", options.event_id, "SANDBOX_EVENT_ID")->capture_default_str();
  cmd->add_option("--scope", options.scope, "Space-separated scopes")->capture_default_str();
  cmd->add_option("--token-file", options.token_file,
                  "Where tokens are stored (default $REVENTO_TOKEN_FILE or ~/.config/revento/tokens.json)");
  cmd->add_flag("--basic-auth", options.basic_auth, "Authenticate to /oauth/token with HTTP Basic, not the body");
  cmd->add_option("--refresh", options.refreshes, "Refresh (with rotation) this many times after the exchange")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--timeout", options.timeout_seconds, "Seconds to wait for the browser to come back")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_flag("--json", options.json, "Print the last token response (with the tokens) as JSON");
  cmd->callback([&global, &options, &exit_code] { exit_code = RunConnect(global, options); });
}

int RunConnect(const GlobalOptions& global, const ConnectOptions& options) {
  std::string auth_base = options.auth_base;
  if (auth_base.empty()) {
    auto base = EmulatorBase(global);
    if (!base) return Report(kCommand, base.error().message, kExitUsage);
    auth_base = *base;
  } else if (auto parsed = http::ParseUrl(auth_base); !parsed) {
    return Report(kCommand, "--auth-base " + parsed.error().message, kExitUsage);
  }
  auto redirect = http::ParseUrl(options.redirect_uri);
  if (!redirect) return Report(kCommand, "--redirect-uri " + redirect.error().message, kExitUsage);
  auto request = AuthorizationRequest::Create(
      {auth_base, options.client_id, options.redirect_uri, options.scope, options.event_id});
  if (!request) return Report(kCommand, request.error().message, ExitCodeFor(request.error()));

  // Check the token file before asking for consent, so a bad file fails fast.
  FileTokenStore store(TokenFileOf(options.token_file));
  if (auto readable = store.List(); !readable) {
    return Report(kCommand, readable.error().message, ExitCodeFor(readable.error()));
  }

  auto transport = http::MakeHttpTransport();
  http::Request authorize;
  authorize.url = request->url();
  authorize.timeout = std::chrono::seconds(10);
  auto answer = transport->Send(authorize);
  if (!answer) return Report(kCommand, answer.error().message);

  Result<std::string> code = Fail("no code");
  if (answer->status == 302) {
    std::string location = answer->Header("Location");
    if (!location.starts_with(options.redirect_uri)) {
      return Report(kCommand,
                    "the authorization server redirected to " + location + ", not to " + options.redirect_uri);
    }
    code = request->ParseCallback(location);
  } else if (answer->status == 200) {
    CallbackListener listener(*request);
    if (auto started = listener.Start(*redirect); !started) {
      return Report(kCommand, started.error().message, ExitCodeFor(started.error()));
    }
    std::cerr << "Open this URL in your browser and approve the connection (waiting " << options.timeout_seconds
              << " s for " << options.redirect_uri << "):\n"
              << request->url() << "\n"
              << std::flush;
    code = listener.Wait(std::chrono::seconds(options.timeout_seconds));
  } else {
    return Report(kCommand, "/oauth/authorize answered " + std::to_string(answer->status) + ": " +
                                ErrorPageSummary(answer->body) +
                                " (check --client-id, --redirect-uri and --event against the integration)");
  }
  if (!code) return Report(kCommand, code.error().message);

  TokenClientOptions token_options{auth_base, options.client_id, options.client_secret,
                                   options.basic_auth ? ClientAuth::kBasic : ClientAuth::kBody};
  TokenClient tokens(token_options, transport);
  auto exchanged = tokens.ExchangeCode(*code, options.redirect_uri, request->code_verifier());
  if (!exchanged) return Report(kCommand, exchanged.error().message);
  TokenManager manager(tokens, store, {auth_base, options.client_id, exchanged->event_id});
  TokenResponse last = *exchanged;
  if (auto kept = manager.Adopt(last); !kept) return Report(kCommand, kept.error().message + kTokenFileHint);
  for (int i = 0; i < options.refreshes; ++i) {
    auto refreshed = tokens.Refresh(last.refresh_token);
    if (!refreshed) return Report(kCommand, refreshed.error().message);
    last = *refreshed;
    if (auto kept = manager.Adopt(last); !kept) return Report(kCommand, kept.error().message + kTokenFileHint);
  }
  if (options.json) {
    std::cout << last.raw_json << "\n";
  } else {
    std::cout << "connected " << options.client_id << " to event " << last.event_id << " (" << last.organization_id
              << ") with scope \"" << last.scope << "\"; tokens saved to " << store.path() << "\n";
  }
  return kExitOk;
}

}  // namespace revento::client::cli
