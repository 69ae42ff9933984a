#!/usr/bin/env python3
"""A correct Revento integration in Python 3, standard library only.

Written for the tests (tests/apps/run_matrix.mjs, docs/check.md "Apps in
other languages"): it is graded by `revento scenarios run scenarios/app` and
`revento check all` and must pass both. It follows the app interface of
issue 19, configured by environment like the quickstart:

  REVENTO_CLIENT_ID, REVENTO_CLIENT_SECRET, REVENTO_WEBHOOK_SECRET,
  SANDBOX_EVENT_ID, AUTH_BASE, API_BASE, PORT,
  REDIRECT_URI (default http://localhost:$PORT$CALLBACK_PATH)
  CONNECT_PATH, CALLBACK_PATH, WEBHOOK_PATH, API_PATH: its routes (defaults
  below), so that the tests can grade an app whose routes are not the
  quickstart's (`scenarios run --set ...`, `check --connect-path ...`)

Routes (defaults):
  GET  /connect           redirect to AUTH_BASE/oauth/authorize: PKCE S256,
                          a fresh random state per request kept in a cookie
  GET  /callback          state compared in constant time with the cookie's,
                          the code exchanged once with HTTP Basic client auth
  POST /webhooks/revento  HMAC-SHA256 over the raw body, constant-time
                          compare, 300 s window, dedupe by delivery id
  GET  /participants      walks every page of the event's participants with
                          the stored token, refreshing single-flight on
                          token_expired (the rotated refresh token is stored)

`--bug NAME` (or APP_BUG=NAME) switches on exactly one bug, for the mutation
matrix; `--list-bugs` prints them. Without it the app is correct.
"""

import base64
import hashlib
import hmac
import http.server
import json
import os
import secrets
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BUGS = {
    "pkce-plain": "sends code_challenge_method=plain with the verifier as the challenge",
    "constant-state": "uses the same state on every connect (checked, but a constant)",
    "unchecked-state": "never compares the returned state with the cookie's",
    "code-twice": "exchanges every code twice (a retry)",
    "reserialised-body": "computes the HMAC over json.dumps(json.loads(body)), not the raw bytes",
    "no-timestamp-window": "does not check X-Revento-Timestamp against its clock",
    "always-200": "answers 200 to every delivery, verified or not",
    "no-dedupe": "processes a repeated delivery id again",
    "no-single-flight": "every caller that meets token_expired refreshes on its own",
    "denial-5xx": "answers 500 to a denied consent (error=access_denied)",
}


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        sys.exit(f"app.py: {name} is not set (see the docstring)")
    return value


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Config:
    def __init__(self, bug):
        self.client_id = env("REVENTO_CLIENT_ID")
        self.client_secret = env("REVENTO_CLIENT_SECRET")
        self.webhook_secret = env("REVENTO_WEBHOOK_SECRET").encode()
        self.event_id = env("SANDBOX_EVENT_ID")
        self.auth_base = env("AUTH_BASE").rstrip("/")
        self.api_base = env("API_BASE").rstrip("/")
        self.port = int(env("PORT"))
        self.connect_path = env("CONNECT_PATH", "/connect")
        self.callback_path = env("CALLBACK_PATH", "/callback")
        self.webhook_path = env("WEBHOOK_PATH", "/webhooks/revento")
        self.api_path = env("API_PATH", "/participants")
        self.redirect_uri = env("REDIRECT_URI", f"http://localhost:{self.port}{self.callback_path}")
        self.bug = bug


class Upstream(Exception):
    """The emulator answered an error: status and parsed body."""

    def __init__(self, status, body):
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body


def call(request):
    """Sends a urllib request; answers the parsed JSON or raises Upstream."""
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode(errors="replace")
        raise Upstream(error.code, body) from None


class Integration:
    """The app's state: pending flows, tokens, processed deliveries."""

    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()          # guards the fields below
        self.refresh_lock = threading.Lock()  # one refresh in flight
        self.verifiers = {}                   # state -> code_verifier
        self.access_token = None
        self.refresh_token = None
        self.seen_deliveries = set()
        self.processed = 0

    # ---- OAuth ----

    def start_flow(self):
        """Answers (authorize URL, state) for a new connect."""
        verifier = b64url(secrets.token_bytes(32))
        challenge = b64url(hashlib.sha256(verifier.encode()).digest())
        method = "S256"
        if self.config.bug == "pkce-plain":
            challenge, method = verifier, "plain"
        state = "demo-state-123" if self.config.bug == "constant-state" else b64url(secrets.token_bytes(32))
        with self.lock:
            self.verifiers[state] = verifier
        query = urllib.parse.urlencode({
            "response_type": "code", "client_id": self.config.client_id,
            "redirect_uri": self.config.redirect_uri, "scope": "event.read participants.read",
            "event_id": self.config.event_id, "state": state,
            "code_challenge": challenge, "code_challenge_method": method,
        })
        return f"{self.config.auth_base}/oauth/authorize?{query}", state

    def take_verifier(self, state):
        with self.lock:
            if self.config.bug == "constant-state":
                return self.verifiers.get(state)
            return self.verifiers.pop(state, None)

    def any_verifier(self):
        with self.lock:
            return next(reversed(self.verifiers.values()), None)

    def token_request(self, form):
        """POST /oauth/token with HTTP Basic client auth; answers the tokens."""
        user = urllib.parse.quote_plus(self.config.client_id)
        password = urllib.parse.quote_plus(self.config.client_secret)
        basic = base64.b64encode(f"{user}:{password}".encode()).decode()
        request = urllib.request.Request(
            f"{self.config.auth_base}/oauth/token", data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
                     "Authorization": f"Basic {basic}"})
        return call(request)

    def exchange(self, code, verifier):
        form = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": self.config.redirect_uri, "code_verifier": verifier}
        tokens = self.token_request(form)
        if self.config.bug == "code-twice":
            try:
                self.token_request(form)
            except Upstream:
                pass
        with self.lock:
            self.access_token = tokens["access_token"]
            self.refresh_token = tokens["refresh_token"]

    def refresh(self, expired):
        """Refreshes unless another caller already replaced `expired`."""
        if self.config.bug == "no-single-flight":
            time.sleep(0.1)  # the latency of a real network widens the race
            self._refresh()
            return
        with self.refresh_lock:
            with self.lock:
                if self.access_token != expired:
                    return
            self._refresh()

    def _refresh(self):
        with self.lock:
            refresh_token = self.refresh_token
        tokens = self.token_request({"grant_type": "refresh_token", "refresh_token": refresh_token})
        with self.lock:
            self.access_token = tokens["access_token"]
            self.refresh_token = tokens["refresh_token"]

    # ---- Read API ----

    def api_get(self, path, token):
        request = urllib.request.Request(
            f"{self.config.api_base}{path}",
            headers={"Authorization": f"Bearer {token}", "Accept": "application/vnd.revento.v1+json",
                     "X-Revento-Request-Id": secrets.token_hex(16)})
        return call(request)

    def get_with_refresh(self, path):
        with self.lock:
            token = self.access_token
        try:
            return self.api_get(path, token)
        except Upstream as error:
            expired = isinstance(error.body, dict) and error.body.get("error", {}).get("code") == "token_expired"
            if error.status != 401 or not expired:
                raise
        self.refresh(token)
        with self.lock:
            token = self.access_token
        return self.api_get(path, token)

    def count_participants(self):
        """Walks every page; answers the number of participants."""
        count, cursor = 0, None
        while True:
            query = {"limit": "10"}
            if cursor:
                query["cursor"] = cursor
            page = self.get_with_refresh(
                f"/events/{urllib.parse.quote(self.config.event_id)}/participants?{urllib.parse.urlencode(query)}")
            count += len(page["data"])
            cursor = page.get("next_cursor")
            if not cursor:
                return count

    # ---- webhooks ----

    def verify(self, headers, raw):
        """Answers None when the delivery is authentic and fresh, else why not."""
        timestamp = headers.get("X-Revento-Timestamp", "")
        signature = headers.get("X-Revento-Signature", "")
        if not timestamp.isdigit():
            return "missing or malformed X-Revento-Timestamp"
        if self.config.bug != "no-timestamp-window" and abs(time.time() - int(timestamp)) > 300:
            return "stale timestamp"
        signed = raw
        if self.config.bug == "reserialised-body":
            try:
                signed = json.dumps(json.loads(raw), separators=(",", ":"), ensure_ascii=False).encode()
            except ValueError:
                return "body is not JSON"
        digest = hmac.new(self.config.webhook_secret, timestamp.encode() + b"." + signed, hashlib.sha256)
        expected = "sha256=" + digest.hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            return "bad signature"
        return None

    def process(self, delivery_id):
        """Answers whether this delivery was processed now (not a repeat)."""
        with self.lock:
            if delivery_id in self.seen_deliveries and self.config.bug != "no-dedupe":
                return False
            self.seen_deliveries.add(delivery_id)
            self.processed += 1
            return True


def make_handler(app):
    config = app.config

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def send(self, status, body, content_type="text/plain; charset=utf-8", headers=()):
            data = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def send_json(self, status, value):
            self.send(status, json.dumps(value), "application/json")

        def cookie(self, name):
            for part in self.headers.get("Cookie", "").split(";"):
                key, _, value = part.strip().partition("=")
                if key == name:
                    return value
            return None

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            routes = {config.connect_path: self.connect, config.callback_path: self.callback,
                      config.api_path: self.participants}
            route = routes.get(url.path)
            if route is None:
                return self.send(404, "not found")
            route(query)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if urllib.parse.urlsplit(self.path).path != config.webhook_path:
                return self.send(404, "not found")
            self.webhook(raw)

        def connect(self, _query):
            url, state = app.start_flow()
            self.send(302, "", headers=[
                ("Location", url),
                ("Set-Cookie", f"revento_state={state}; HttpOnly; SameSite=Lax; Path=/")])

        def callback(self, query):
            if "error" in query:
                if config.bug == "denial-5xx":
                    return self.send(500, f"internal error: {query['error']}")
                return self.send(400, f"Consent not given ({query['error']}): nothing was connected.")
            code, state = query.get("code"), query.get("state", "")
            expected = self.cookie("revento_state") or ""
            if config.bug == "unchecked-state":
                verifier = app.take_verifier(state) or app.any_verifier()
            else:
                if not code or not expected or not hmac.compare_digest(state.encode(), expected.encode()):
                    return self.send(400, "State mismatch: start again from /connect.")
                verifier = app.take_verifier(state)
                if verifier is None:
                    return self.send(400, "This connect flow was already used: start again from /connect.")
            clear = [("Set-Cookie", "revento_state=; Max-Age=0; Path=/")]
            try:
                app.exchange(code, verifier)
            except Upstream as error:
                return self.send_json(502, {"error": "token exchange failed", "status": error.status,
                                            "body": error.body})
            self.send(200, json.dumps({"connected": True}), "application/json", clear)

        def participants(self, _query):
            if app.access_token is None:
                return self.send_json(409, {"error": "not connected: visit /connect first"})
            try:
                count = app.count_participants()
            except Upstream as error:
                return self.send_json(502, {"error": "Read API call failed", "status": error.status,
                                            "body": error.body})
            self.send_json(200, {"count": count})

        def webhook(self, raw):
            refused = app.verify(self.headers, raw)
            if refused and config.bug != "always-200":
                return self.send(401, refused)
            app.process(self.headers.get("X-Revento-Delivery-Id", ""))
            self.send(200, "ok")

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # check r3 sends 20 concurrent requests


def main(argv):
    bug = os.environ.get("APP_BUG") or None
    args = list(argv)
    if "--list-bugs" in args:
        for name, what in BUGS.items():
            print(f"{name}: {what}")
        return 0
    if "--bug" in args:
        at = args.index("--bug")
        if at + 1 >= len(args):
            sys.exit("app.py: --bug needs a NAME (--list-bugs lists them)")
        bug = args[at + 1]
    if bug and bug not in BUGS:
        sys.exit(f"app.py: unknown bug {bug!r} (--list-bugs lists them)")
    app = Integration(Config(bug))
    server = Server(("127.0.0.1", app.config.port), make_handler(app))
    print(f"Listening on http://localhost:{server.server_address[1]}" + (f" (bug: {bug})" if bug else ""),
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
