// A correct Revento integration in Go, net/http and the standard library only.
//
// Written for the tests (tests/apps/run_matrix.mjs, docs/check.md "Apps in
// other languages"): it is graded by `revento scenarios run scenarios/app` and
// `revento check all` and must pass both. It follows the app interface of
// issue 19, configured by environment like the quickstart:
//
//	REVENTO_CLIENT_ID, REVENTO_CLIENT_SECRET, REVENTO_WEBHOOK_SECRET,
//	SANDBOX_EVENT_ID, AUTH_BASE, API_BASE, PORT,
//	REDIRECT_URI (default http://localhost:$PORT/callback)
//
// Routes:
//
//	GET  /connect           redirect to AUTH_BASE/oauth/authorize: PKCE S256,
//	                        a fresh random state per request kept in a cookie
//	GET  /callback          state compared in constant time with the cookie's,
//	                        the code exchanged once with HTTP Basic client auth
//	POST /webhooks/revento  HMAC-SHA256 over the raw body, constant-time
//	                        compare, 300 s window, dedupe by delivery id
//	GET  /participants      walks every page of the event's participants with
//	                        the stored token, refreshing single-flight on
//	                        token_expired (the rotated refresh token is stored)
//
// `-bug NAME` (or APP_BUG=NAME) switches on exactly one bug, for the mutation
// matrix; `-list-bugs` prints them. Without it the app is correct.
package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

var bugs = map[string]string{
	"no-pkce":             "sends no code_challenge at all (and no code_verifier)",
	"wrong-redirect-uri":  "builds the redirect URI with 127.0.0.1 instead of the registered localhost",
	"both-auth":           "authenticates at the token endpoint with HTTP Basic and client_secret in the body",
	"state-reusable":      "accepts any state it ever issued, not only the current flow's (never cleared)",
	"slow-answer":         "answers a valid delivery after APP_SLOW_SECONDS (default 12) seconds",
	"refuse-duplicate":    "answers 409 to a repeated delivery id instead of 2xx",
	"rotation-not-stored": "keeps the first refresh token instead of the rotated one",
	"no-pagination":       "reads only the first page of participants (ignores next_cursor)",
	"token-after-denial":  "sends a token request (with an empty code) after a denied consent",
}

type config struct {
	clientID, clientSecret, eventID, authBase, apiBase, redirectURI string
	webhookSecret                                                   []byte
	port                                                            int
	bug                                                             string
	slow                                                            time.Duration
}

func mustEnv(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	if fallback == "" {
		log.Fatalf("app: %s is not set", name)
	}
	return fallback
}

func b64url(raw []byte) string { return base64.RawURLEncoding.EncodeToString(raw) }

func randomToken() string {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		log.Fatalf("app: no randomness: %v", err)
	}
	return b64url(buf)
}

// upstreamError is an error answer of the emulator.
type upstreamError struct {
	status int
	body   json.RawMessage
}

func (e *upstreamError) Error() string { return fmt.Sprintf("%d %s", e.status, e.body) }

func (e *upstreamError) code() string {
	var body struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(e.body, &body)
	return body.Error.Code
}

type app struct {
	cfg        config
	httpClient *http.Client

	mu           sync.Mutex // guards the fields below
	verifiers    map[string]string
	accessToken  string
	refreshToken string
	seen         map[string]bool
	refreshMu    sync.Mutex // one refresh in flight
}

func (a *app) send(req *http.Request, out any) error {
	resp, err := a.httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		if !json.Valid(body) {
			body, _ = json.Marshal(string(body))
		}
		return &upstreamError{resp.StatusCode, body}
	}
	return json.Unmarshal(body, out)
}

type tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

// tokenRequest posts the form to /oauth/token with HTTP Basic client auth.
func (a *app) tokenRequest(form url.Values) (tokens, error) {
	if a.cfg.bug == "both-auth" {
		form.Set("client_id", a.cfg.clientID)
		form.Set("client_secret", a.cfg.clientSecret)
	}
	req, err := http.NewRequest(http.MethodPost, a.cfg.authBase+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		return tokens{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(a.cfg.clientID), url.QueryEscape(a.cfg.clientSecret))
	var t tokens
	err = a.send(req, &t)
	return t, err
}

func (a *app) connect(w http.ResponseWriter, r *http.Request) {
	verifier := randomToken()
	sum := sha256.Sum256([]byte(verifier))
	state := randomToken()
	a.mu.Lock()
	a.verifiers[state] = verifier
	a.mu.Unlock()
	redirectURI := a.cfg.redirectURI
	if a.cfg.bug == "wrong-redirect-uri" {
		redirectURI = strings.Replace(redirectURI, "localhost", "127.0.0.1", 1)
	}
	q := url.Values{
		"response_type": {"code"}, "client_id": {a.cfg.clientID}, "redirect_uri": {redirectURI},
		"scope": {"event.read participants.read"}, "event_id": {a.cfg.eventID}, "state": {state},
		"code_challenge": {b64url(sum[:])}, "code_challenge_method": {"S256"},
	}
	if a.cfg.bug == "no-pkce" {
		q.Del("code_challenge")
		q.Del("code_challenge_method")
	}
	http.SetCookie(w, &http.Cookie{Name: "revento_state", Value: state, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, a.cfg.authBase+"/oauth/authorize?"+q.Encode(), http.StatusFound)
}

// verifierFor answers the verifier of the flow that issued state and forgets
// it (a state is good once), or "" when there is none.
func (a *app) verifierFor(state string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	v := a.verifiers[state]
	if a.cfg.bug != "state-reusable" {
		delete(a.verifiers, state)
	}
	return v
}

func (a *app) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		if a.cfg.bug == "token-after-denial" {
			_, _ = a.tokenRequest(url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")},
				"redirect_uri": {a.cfg.redirectURI}})
		}
		http.Error(w, "Consent not given ("+e+"): nothing was connected.", http.StatusBadRequest)
		return
	}
	state := q.Get("state")
	code := q.Get("code")
	cookie, err := r.Cookie("revento_state")
	stateOK := err == nil && cookie.Value != "" &&
		subtle.ConstantTimeCompare([]byte(state), []byte(cookie.Value)) == 1
	if a.cfg.bug == "state-reusable" {
		stateOK = true // any state it issued will do (checked below)
	}
	if !stateOK || code == "" {
		http.Error(w, "State mismatch: start again from /connect.", http.StatusBadRequest)
		return
	}
	verifier := a.verifierFor(state)
	if verifier == "" {
		http.Error(w, "This connect flow was already used or never started: start again from /connect.",
			http.StatusBadRequest)
		return
	}
	redirectURI := a.cfg.redirectURI
	if a.cfg.bug == "wrong-redirect-uri" {
		redirectURI = strings.Replace(redirectURI, "localhost", "127.0.0.1", 1)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI}}
	if a.cfg.bug != "no-pkce" {
		form.Set("code_verifier", verifier)
	}
	t, err := a.tokenRequest(form)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, map[string]any{"error": "token exchange failed: " + err.Error()})
		return
	}
	a.mu.Lock()
	a.accessToken, a.refreshToken = t.AccessToken, t.RefreshToken
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "revento_state", Value: "", Path: "/", MaxAge: -1})
	writeJSON(w, http.StatusOK, map[string]any{"connected": true})
}

// refresh refreshes unless another caller already replaced expired.
func (a *app) refresh(expired string) error {
	a.refreshMu.Lock()
	defer a.refreshMu.Unlock()
	a.mu.Lock()
	current, refreshToken := a.accessToken, a.refreshToken
	a.mu.Unlock()
	if current != expired {
		return nil
	}
	t, err := a.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}})
	if err != nil {
		return err
	}
	a.mu.Lock()
	a.accessToken = t.AccessToken
	if a.cfg.bug != "rotation-not-stored" {
		a.refreshToken = t.RefreshToken
	}
	a.mu.Unlock()
	return nil
}

type page struct {
	Data       []json.RawMessage `json:"data"`
	NextCursor *string           `json:"next_cursor"`
}

func (a *app) apiGet(path, token string, out any) error {
	req, err := http.NewRequest(http.MethodGet, a.cfg.apiBase+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/vnd.revento.v1+json")
	req.Header.Set("X-Revento-Request-Id", randomToken()[:32])
	return a.send(req, out)
}

func (a *app) getWithRefresh(path string, out any) error {
	a.mu.Lock()
	token := a.accessToken
	a.mu.Unlock()
	err := a.apiGet(path, token, out)
	var up *upstreamError
	if !errors.As(err, &up) || up.status != http.StatusUnauthorized || up.code() != "token_expired" {
		return err
	}
	if err := a.refresh(token); err != nil {
		return err
	}
	a.mu.Lock()
	token = a.accessToken
	a.mu.Unlock()
	return a.apiGet(path, token, out)
}

func (a *app) participants(w http.ResponseWriter, _ *http.Request) {
	a.mu.Lock()
	connected := a.accessToken != ""
	a.mu.Unlock()
	if !connected {
		writeJSON(w, http.StatusConflict, map[string]any{"error": "not connected: visit /connect first"})
		return
	}
	count, cursor := 0, ""
	for {
		q := url.Values{"limit": {"10"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var p page
		if err := a.getWithRefresh("/events/"+url.PathEscape(a.cfg.eventID)+"/participants?"+q.Encode(), &p); err != nil {
			writeJSON(w, http.StatusBadGateway, map[string]any{"error": "Read API call failed: " + err.Error()})
			return
		}
		count += len(p.Data)
		if p.NextCursor == nil || *p.NextCursor == "" || a.cfg.bug == "no-pagination" {
			break
		}
		cursor = *p.NextCursor
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": count})
}

// verify answers "" when the delivery is authentic and fresh, else why not.
func (a *app) verify(r *http.Request, raw []byte) string {
	ts := r.Header.Get("X-Revento-Timestamp")
	seconds, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || ts == "" || ts[0] < '0' || ts[0] > '9' {
		return "missing or malformed X-Revento-Timestamp"
	}
	if d := time.Now().Unix() - seconds; d > 300 || d < -300 {
		return "stale timestamp"
	}
	mac := hmac.New(sha256.New, a.cfg.webhookSecret)
	mac.Write([]byte(ts + "."))
	mac.Write(raw)
	expected := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(expected), []byte(r.Header.Get("X-Revento-Signature"))) {
		return "bad signature"
	}
	return ""
}

func (a *app) webhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	if why := a.verify(r, raw); why != "" {
		http.Error(w, why, http.StatusUnauthorized)
		return
	}
	id := r.Header.Get("X-Revento-Delivery-Id")
	a.mu.Lock()
	repeat := a.seen[id]
	a.seen[id] = true
	a.mu.Unlock()
	if repeat && a.cfg.bug == "refuse-duplicate" {
		http.Error(w, "duplicate delivery", http.StatusConflict)
		return
	}
	if a.cfg.bug == "slow-answer" {
		time.Sleep(a.cfg.slow)
	}
	_, _ = io.WriteString(w, "ok")
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(value)
}

func main() {
	bug := flag.String("bug", os.Getenv("APP_BUG"), "switch on one bug (see -list-bugs)")
	listBugs := flag.Bool("list-bugs", false, "print the bugs and exit")
	flag.Parse()
	if *listBugs {
		names := make([]string, 0, len(bugs))
		for name := range bugs {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Printf("%s: %s\n", name, bugs[name])
		}
		return
	}
	if _, ok := bugs[*bug]; *bug != "" && !ok {
		log.Fatalf("app: unknown bug %q (-list-bugs lists them)", *bug)
	}
	port, err := strconv.Atoi(mustEnv("PORT", ""))
	if err != nil {
		log.Fatalf("app: PORT is not a number: %v", err)
	}
	slow, err := strconv.ParseFloat(mustEnv("APP_SLOW_SECONDS", "12"), 64)
	if err != nil {
		log.Fatalf("app: APP_SLOW_SECONDS is not a number: %v", err)
	}
	cfg := config{
		clientID: mustEnv("REVENTO_CLIENT_ID", ""), clientSecret: mustEnv("REVENTO_CLIENT_SECRET", ""),
		webhookSecret: []byte(mustEnv("REVENTO_WEBHOOK_SECRET", "")), eventID: mustEnv("SANDBOX_EVENT_ID", ""),
		authBase: strings.TrimRight(mustEnv("AUTH_BASE", ""), "/"), apiBase: strings.TrimRight(mustEnv("API_BASE", ""), "/"),
		port: port, bug: *bug, slow: time.Duration(slow * float64(time.Second)),
	}
	cfg.redirectURI = mustEnv("REDIRECT_URI", fmt.Sprintf("http://localhost:%d/callback", port))
	a := &app{cfg: cfg, httpClient: &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		verifiers: map[string]string{}, seen: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/connect", a.connect)
	mux.HandleFunc("/callback", a.callback)
	mux.HandleFunc("/participants", a.participants)
	mux.HandleFunc("/webhooks/revento", a.webhook)
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		log.Fatalf("app: %v", err)
	}
	suffix := ""
	if *bug != "" {
		suffix = " (bug: " + *bug + ")"
	}
	fmt.Printf("Listening on http://localhost:%d%s\n", listener.Addr().(*net.TCPAddr).Port, suffix)
	log.Fatal(http.Serve(listener, mux))
}
