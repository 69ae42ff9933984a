// Interop: the Revento quickstart's /connect and /callback, call for call, in
// plain Node 20 (node:crypto, fetch, URL, URLSearchParams; no npm packages),
// against the real revento-emulator. Also the quickstart's refreshAccessToken
// (rotation), and the same flow through the consent page as a browser
// without JavaScript would submit it.
//
//   REVENTO_EMULATOR_BINARY=build/emulator/revento-emulator node tests/interop/quickstart_flow.mjs
// Exits 0 when every step behaves as the quickstart expects.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';

const BINARY = process.env.REVENTO_EMULATOR_BINARY ??
  new URL('../../build/emulator/revento-emulator', import.meta.url).pathname;

async function startEmulator(args) {
  const child = spawn(BINARY, ['--port', '0', '--print-config', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const first = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const config = JSON.parse(first);
  const base = `http://localhost:${config.port}`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${base}/_sandbox/health`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { config, base, stop: () => child.kill('SIGTERM') };
}

// ---- the quickstart, verbatim but for AUTH_BASE and the Express plumbing ----
const base64url = (buf) => buf.toString('base64')
  .replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');

function connect(AUTH_BASE, CLIENT_ID, REDIRECT_URI, SANDBOX_EVENT_ID, state) {
  const verifier = base64url(crypto.randomBytes(32));
  const challenge = base64url(crypto.createHash('sha256').update(verifier).digest());
  state.codeVerifier = verifier;
  const url = new URL(`${AUTH_BASE}/oauth/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', CLIENT_ID);
  url.searchParams.set('redirect_uri', REDIRECT_URI);
  url.searchParams.set('scope', 'event.read participants.read');
  url.searchParams.set('event_id', SANDBOX_EVENT_ID);
  url.searchParams.set('state', 'demo-state-123');
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString(); // res.redirect(url.toString())
}

async function callback(query, AUTH_BASE, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, state) {
  const { code, state: returnedState } = query;
  if (returnedState !== 'demo-state-123') throw new Error('State mismatch');
  const tokenResp = await fetch(`${AUTH_BASE}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code_verifier: state.codeVerifier,
    }),
  });
  if (!tokenResp.ok) throw new Error(`Token exchange failed: ${await tokenResp.text()}`);
  const tokens = await tokenResp.json();
  state.accessToken = tokens.access_token;
  state.refreshToken = tokens.refresh_token;
  return { tokens, tokenResp };
}

async function refreshAccessToken(AUTH_BASE, CLIENT_ID, CLIENT_SECRET, state) {
  const r = await fetch(`${AUTH_BASE}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: state.refreshToken,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }),
  });
  const tokens = await r.json();
  state.accessToken = tokens.access_token;
  state.refreshToken = tokens.refresh_token;
  return { r, tokens };
}
// ---------------------------------------------------------------------------

function checkTokens(tokens, config) {
  assert.deepEqual(Object.keys(tokens).sort(),
    ['access_token', 'event_id', 'expires_in', 'organization_id', 'refresh_token', 'scope', 'token_type']);
  assert.match(tokens.access_token, /^rev_install_/);
  assert.match(tokens.refresh_token, /^rev_refresh_/);
  assert.equal(tokens.token_type, 'Bearer');
  assert.equal(tokens.expires_in, 3600);
  assert.equal(tokens.scope, 'event.read participants.read');
  assert.equal(tokens.event_id, config.event_id);
  assert.equal(tokens.organization_id, config.organization_id);
}

// The browser's part: follow /connect's redirect to the callback URL.
async function browserTo(url) {
  const res = await fetch(url, { redirect: 'manual' });
  return res;
}

async function autoConsentFlow() {
  const { config, base, stop } = await startEmulator(['--auto-consent']);
  try {
    const state = { codeVerifier: null, accessToken: null, refreshToken: null };
    const authorizeUrl = connect(base, config.client_id, config.redirect_uri, config.event_id, state);
    const res = await browserTo(authorizeUrl);
    assert.equal(res.status, 302);
    const callbackUrl = new URL(res.headers.get('location'));
    assert.equal(`${callbackUrl.origin}${callbackUrl.pathname}`, config.redirect_uri);
    const query = Object.fromEntries(callbackUrl.searchParams);
    const { tokens, tokenResp } = await callback(query, base, config.client_id, config.client_secret,
      config.redirect_uri, state);
    assert.equal(tokenResp.headers.get('cache-control'), 'no-store');
    checkTokens(tokens, config);

    const before = state.refreshToken;
    const { r, tokens: refreshed } = await refreshAccessToken(base, config.client_id, config.client_secret, state);
    assert.equal(r.status, 200);
    checkTokens(refreshed, config);
    assert.notEqual(refreshed.refresh_token, before);

    // "If you accidentally use a refresh token twice ... Revento revokes the
    // entire token family."
    state.refreshToken = before;
    const { r: reuse, tokens: reuseBody } = await refreshAccessToken(base, config.client_id, config.client_secret, state);
    assert.equal(reuse.status, 400);
    assert.equal(reuseBody.error, 'invalid_grant');
    state.refreshToken = refreshed.refresh_token;
    const { r: newest } = await refreshAccessToken(base, config.client_id, config.client_secret, state);
    assert.equal(newest.status, 400);
    const installations = await (await fetch(`${base}/_sandbox/installations`)).json();
    assert.equal(installations.data[0].revoked_reason, 'refresh token reuse');
    console.log('ok - quickstart /connect + /callback + refresh rotation with --auto-consent');
  } finally {
    stop();
  }
}

async function consentPageFlow() {
  const { config, base, stop } = await startEmulator([]);
  try {
    const state = { codeVerifier: null, accessToken: null, refreshToken: null };
    const page = await browserTo(connect(base, config.client_id, config.redirect_uri, config.event_id, state));
    assert.equal(page.status, 200);
    const html = await page.text();
    const consentId = html.match(/name="consent_id" value="([^"]+)"/)[1];
    const form = new URLSearchParams({ consent_id: consentId, decision: 'authorize' });
    const submitted = await fetch(`${base}/oauth/consent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    assert.equal(submitted.status, 302);
    const query = Object.fromEntries(new URL(submitted.headers.get('location')).searchParams);
    const { tokens } = await callback(query, base, config.client_id, config.client_secret, config.redirect_uri, state);
    checkTokens(tokens, config);
    const again = await fetch(`${base}/oauth/consent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    assert.equal(again.status, 400);
    console.log('ok - quickstart flow through the consent page');
  } finally {
    stop();
  }
}

await autoConsentFlow();
await consentPageFlow();
