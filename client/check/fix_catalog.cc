#include "client/check/fix_catalog.h"

#include <array>

namespace revento::client::check {

namespace {

// clang-format off
constexpr std::array kCatalog = {
    // ---- webhooks ----
    RuleFix{"webhook-signature",
     "sign the raw body as received: \"sha256=\" + hex HMAC-SHA256(webhook secret, timestamp + \".\" + raw body bytes); "
     "a correct delivery is answered 2xx",
     "app.post(PATH, express.raw({type: '*/*'}), (req, res) => { const want = 'sha256=' + crypto.createHmac('sha256', "
     "SECRET).update(`${ts}.`).update(req.body).digest('hex'); ... })",
     "raw = request.get_data()  # Flask; stdlib: self.rfile.read(int(self.headers['Content-Length']))\n"
     "want = 'sha256=' + hmac.new(SECRET.encode(), ts.encode() + b'.' + raw, hashlib.sha256).hexdigest()",
     "raw, _ := io.ReadAll(r.Body); m := hmac.New(sha256.New, []byte(secret)); m.Write([]byte(ts + \".\")); "
     "m.Write(raw); want := \"sha256=\" + hex.EncodeToString(m.Sum(nil))"},
    RuleFix{"signature-compare",
     "compare the whole X-Revento-Signature header with \"sha256=\" + the lowercase hex digest, byte for byte, in "
     "constant time; a missing, empty or different header is answered 401",
     "const sig = Buffer.from(req.get('X-Revento-Signature') ?? ''); if (sig.length !== want.length || "
     "!crypto.timingSafeEqual(sig, Buffer.from(want))) return res.sendStatus(401);",
     "if not hmac.compare_digest(request.headers.get('X-Revento-Signature', ''), want): abort(401)",
     "if subtle.ConstantTimeCompare([]byte(r.Header.Get(\"X-Revento-Signature\")), []byte(want)) != 1 { "
     "http.Error(w, \"bad signature\", 401); return }"},
    RuleFix{"timestamp-window",
     "refuse (401) an X-Revento-Timestamp that is not digits or is more than 300 s from your clock, in either "
     "direction; it stops replays of captured deliveries",
     "if (!/^\\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return res.sendStatus(401);",
     "if not ts.isdigit() or abs(time.time() - int(ts)) > 300: abort(401)",
     "t, err := strconv.ParseInt(ts, 10, 64); if err != nil || math.Abs(float64(time.Now().Unix()-t)) > 300 { "
     "http.Error(w, \"stale\", 401); return }"},
    RuleFix{"raw-body",
     "verify the signature over the exact bytes received, before parsing them; never over a body parsed and "
     "serialised again, or decoded and encoded again",
     "app.post(PATH, express.raw({type: '*/*'}), ...): HMAC over req.body (a Buffer), then JSON.parse(req.body); "
     "never JSON.stringify(req.body)",
     "raw = request.get_data()  # HMAC over raw, then json.loads(raw); never json.dumps(request.json)",
     "raw, _ := io.ReadAll(r.Body) // HMAC over raw, then json.Unmarshal(raw, &event); never json.Marshal(event)"},
    RuleFix{"delivery-dedupe",
     "a delivery can come twice: key on X-Revento-Delivery-Id, do the work once and answer 2xx to every repeat",
     "const id = req.get('X-Revento-Delivery-Id'); if (seen.has(id)) return res.sendStatus(200); seen.add(id);",
     "if delivery_id in seen: return '', 200\nseen.add(delivery_id)  # a table with a unique key in production",
     "if _, dup := seen.LoadOrStore(r.Header.Get(\"X-Revento-Delivery-Id\"), true); dup { w.WriteHeader(200); "
     "return }"},
    RuleFix{"answer-fast",
     "answer 2xx within 10 s of receiving a delivery: verify it, queue the work, answer, then do the work; a slower "
     "answer counts as failed and is retried",
     "res.sendStatus(200); setImmediate(() => handle(event));",
     "jobs.put(event); return '', 200  # a worker thread takes from the queue.Queue",
     "go handle(event); w.WriteHeader(http.StatusOK)"},
    // ---- connect ----
    RuleFix{"connect-route",
     "the connect route answers 302 to AUTH_BASE/oauth/authorize with response_type=code, client_id, redirect_uri, "
     "scope, event_id, state, code_challenge and code_challenge_method=S256",
     "res.redirect(`${AUTH_BASE}/oauth/authorize?` + new URLSearchParams({response_type: 'code', client_id, "
     "redirect_uri, scope, event_id, state, code_challenge, code_challenge_method: 'S256'}));",
     "return redirect(AUTH_BASE + '/oauth/authorize?' + urlencode({'response_type': 'code', 'client_id': CLIENT_ID, "
     "'redirect_uri': REDIRECT_URI, 'scope': SCOPE, 'event_id': EVENT_ID, 'state': state, 'code_challenge': "
     "challenge, 'code_challenge_method': 'S256'}))",
     "http.Redirect(w, r, authBase+\"/oauth/authorize?\"+url.Values{\"response_type\": {\"code\"}, \"client_id\": "
     "{clientID}, \"redirect_uri\": {redirectURI}, \"scope\": {scope}, \"event_id\": {eventID}, \"state\": {state}, "
     "\"code_challenge\": {challenge}, \"code_challenge_method\": {\"S256\"}}.Encode(), http.StatusFound)"},
    RuleFix{"pkce",
     "per connect, make a random code_verifier (32 bytes from a CSPRNG, base64url: 43 characters), send "
     "code_challenge = BASE64URL(SHA256(verifier)) with code_challenge_method=S256, keep the verifier with this "
     "browser's session and send it with the code",
     "const verifier = crypto.randomBytes(32).toString('base64url'); const challenge = "
     "crypto.createHash('sha256').update(verifier).digest('base64url');",
     "verifier = secrets.token_urlsafe(32); challenge = "
     "base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b'=').decode()",
     "b := make([]byte, 32); rand.Read(b); verifier := base64.RawURLEncoding.EncodeToString(b); sum := "
     "sha256.Sum256([]byte(verifier)); challenge := base64.RawURLEncoding.EncodeToString(sum[:])"},
    RuleFix{"state",
     "per connect, generate a state of at least 128 random bits, keep it in this browser's session or cookie, and "
     "on the callback refuse (400, no token request) a state that is missing or does not match; use it once",
     "const state = crypto.randomBytes(32).toString('base64url'); res.cookie('oauth_state', state, {httpOnly: true}); "
     "// callback: if (!req.cookies.oauth_state || req.query.state !== req.cookies.oauth_state) return "
     "res.status(400).send('state mismatch'); res.clearCookie('oauth_state');",
     "state = secrets.token_urlsafe(32); session['oauth_state'] = state\n"
     "# callback: expected = session.pop('oauth_state', None)\n"
     "#   if not expected or not hmac.compare_digest(request.args.get('state', ''), expected): abort(400)",
     "b := make([]byte, 32); rand.Read(b); state := base64.RawURLEncoding.EncodeToString(b); http.SetCookie(w, "
     "&http.Cookie{Name: \"oauth_state\", Value: state, HttpOnly: true}) // callback: c, err := "
     "r.Cookie(\"oauth_state\"); if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), "
     "[]byte(r.URL.Query().Get(\"state\"))) != 1 { http.Error(w, \"state mismatch\", 400); return }"},
    RuleFix{"redirect-uri",
     "send a redirect URI the integration registered, byte for byte, from configuration (REDIRECT_URI), and the same "
     "string in the authorize request and the token request",
     "const REDIRECT_URI = process.env.REDIRECT_URI;  // redirect_uri: REDIRECT_URI in both requests",
     "REDIRECT_URI = os.environ['REDIRECT_URI']  # 'redirect_uri': REDIRECT_URI in both requests",
     "redirectURI := os.Getenv(\"REDIRECT_URI\") // \"redirect_uri\": {redirectURI} in both requests"},
    RuleFix{"scopes",
     "ask only for scopes the integration declares, space-separated",
     "scope: 'event.read participants.read'",
     "'scope': 'event.read participants.read'",
     "\"scope\": {\"event.read participants.read\"}"},
    RuleFix{"token-exchange",
     "after the state matches, POST grant_type=authorization_code, the code, the same redirect_uri and the "
     "code_verifier to AUTH_BASE/oauth/token, once; on an error show it, never retry with the same code",
     "await fetch(`${AUTH_BASE}/oauth/token`, {method: 'POST', body: new URLSearchParams({grant_type: "
     "'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier, client_id: CLIENT_ID, client_secret: "
     "CLIENT_SECRET})});",
     "urllib.request.urlopen(AUTH_BASE + '/oauth/token', urlencode({'grant_type': 'authorization_code', 'code': code, "
     "'redirect_uri': REDIRECT_URI, 'code_verifier': verifier, 'client_id': CLIENT_ID, 'client_secret': "
     "CLIENT_SECRET}).encode())",
     "http.PostForm(authBase+\"/oauth/token\", url.Values{\"grant_type\": {\"authorization_code\"}, \"code\": {code}, "
     "\"redirect_uri\": {redirectURI}, \"code_verifier\": {verifier}, \"client_id\": {clientID}, \"client_secret\": "
     "{clientSecret}})"},
    RuleFix{"client-auth",
     "authenticate the client at /oauth/token one way: client_id and client_secret in the form body, or HTTP Basic; "
     "never both",
     "headers: {Authorization: 'Basic ' + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}  // and "
     "no client_secret in the body",
     "req.add_header('Authorization', 'Basic ' + base64.b64encode(f'{CLIENT_ID}:{CLIENT_SECRET}'.encode()).decode())"
     "  # and no client_secret in the form",
     "req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(clientSecret)) // and no client_secret in the form"},
    // ---- refresh ----
    RuleFix{"refresh-rotate",
     "on 401 token_expired, POST grant_type=refresh_token with the stored refresh token, store BOTH tokens of the "
     "answer (the refresh token rotates: the old one is now spent) and retry the call once",
     "const t = await (await fetch(`${AUTH_BASE}/oauth/token`, {method: 'POST', body: new URLSearchParams({grant_type: "
     "'refresh_token', refresh_token: store.refresh, client_id, client_secret})})).json(); store.access = "
     "t.access_token; store.refresh = t.refresh_token;",
     "t = json.load(urllib.request.urlopen(AUTH_BASE + '/oauth/token', urlencode({'grant_type': 'refresh_token', "
     "'refresh_token': store['refresh'], 'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET}).encode()))\n"
     "store['access'], store['refresh'] = t['access_token'], t['refresh_token']",
     "store.Access, store.Refresh = t.AccessToken, t.RefreshToken // keep both tokens of every refresh answer"},
    RuleFix{"single-flight",
     "refresh single-flight: one refresh in progress at a time; every caller that meets the expiry waits for it "
     "and then uses the new access token",
     "refreshing ?\?= refresh().finally(() => { refreshing = null; }); await refreshing;",
     "with refresh_lock:\n    if store['access'] == expired_token: refresh()  # the others find the new token",
     "mu.Lock(); if store.Access == expired { refresh() }; mu.Unlock() // or golang.org/x/sync/singleflight"},
};
// clang-format on

}  // namespace

std::span<const RuleFix> FixCatalog() { return kCatalog; }

void ApplyFix(CheckResult& r, std::string_view key) {
  for (const auto& row : kCatalog) {
    if (row.key != key) continue;
    r.rule = row.rule;
    r.code = {{"node", std::string(row.node)}, {"python", std::string(row.python)}, {"go", std::string(row.go)}};
    return;
  }
}

}  // namespace revento::client::check
