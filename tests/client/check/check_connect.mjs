// `revento check connect` and `revento check all` against real apps: the
// Revento quickstart's server.js (tests/browser/quickstart/server.js, the seed
// "Full code" with AUTH_BASE and API_BASE from the environment), a corrected
// copy made here (a random state per request, kept in a cookie and compared
// on the callback; a refresh route with single-flight refresh and rotation),
// and broken copies, one per grading area. Each app runs in Node (express
// from tests/browser/node_modules) on a free loopback port; its redirect URI
// and the emulator's fixture integration use that port instead of 3000, so
// this test never competes with the browser tests for port 3000.
// Asserts exactly which checks fail, from `--json`, and the exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../..', import.meta.url).pathname;
const emulatorBinary = process.env.REVENTO_EMULATOR_BINARY ?? `${root}build/emulator/revento-emulator`;
const reventoBinary = process.env.REVENTO_CLIENT_BINARY ?? `${root}build/client/revento`;
const quickstart = readFileSync(`${root}tests/browser/quickstart/server.js`, 'utf8');

const freePort = () => new Promise((resolve) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

function firstLine(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing a line`)));
  });
}

// Replaces `from` (which must occur exactly once) with `to`.
function edit(source, from, to) {
  const at = source.indexOf(from);
  assert.ok(at >= 0 && source.indexOf(from, at + 1) < 0, `server.js changed: "${from}" is not there exactly once`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

// The quickstart with its port (app.listen and REDIRECT_URI) from PORT.
function portable(source) {
  let out = edit(source, "'http://localhost:3000/callback'", '`http://localhost:${process.env.PORT}/callback`');
  out = edit(out, 'app.listen(3000,', 'app.listen(Number(process.env.PORT),');
  out = edit(out, "'Listening on http://localhost:3000'", '`Listening on http://localhost:${process.env.PORT}`');
  assert.ok(!out.includes('3000'), 'server.js changed: cannot make its port configurable');
  return out;
}

const REFRESH_ROUTE = `
let refreshing = null;
async function refreshTokens() {
  const r = await fetch(\`\${AUTH_BASE}/oauth/token\`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: state.refreshToken,
                                client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
  });
  const tokens = await r.json();
  if (!r.ok) throw new Error(JSON.stringify(tokens));
  state.accessToken = tokens.access_token;
  state.refreshToken = tokens.refresh_token; // STORE-ROTATED
}
// SINGLE-FLIGHT: every caller awaits the one refresh in progress.
const refreshOnce = () => (refreshing ??= refreshTokens().finally(() => { refreshing = null; }));
const callApi = (token) => fetch(\`\${API_BASE}/events/\${process.env.SANDBOX_EVENT_ID}/participants?limit=1\`,
  { headers: { 'Authorization': \`Bearer \${token}\`, 'Accept': 'application/vnd.revento.v1+json' } });
app.get('/participants', async (req, res) => {
  const used = state.accessToken;
  let r = await callApi(used);
  if (r.status === 401 && (await r.clone().json()).error?.code === 'token_expired') {
    try {
      if (state.accessToken === used) await refreshOnce();
    } catch (e) {
      return res.status(502).send(String(e));
    }
    r = await callApi(state.accessToken);
  }
  res.status(r.status).json(await r.json());
});
`;

// The quickstart corrected: a random state per request in a cookie, compared
// on the callback; and a route that calls the API, refreshing when needed.
function corrected(source) {
  let out = edit(source, "app.get('/connect', (req, res) => {",
    "app.get('/connect', (req, res) => {\nconst perRequestState = base64url(crypto.randomBytes(32));\n" +
    "res.setHeader('Set-Cookie', `oauth_state=${perRequestState}; HttpOnly; SameSite=Lax; Path=/`);");
  out = edit(out, "url.searchParams.set('state', 'demo-state-123');", "url.searchParams.set('state', perRequestState);");
  out = edit(out, "if (returnedState !== 'demo-state-123') return res.status(400).send('State mismatch');",
    "const expectedState = (/(?:^|;\\s*)oauth_state=([^;]+)/.exec(req.headers.cookie || '') || [])[1];\n" +
    "if (!expectedState || returnedState !== expectedState) return res.status(400).send('State mismatch');\n" +
    "res.setHeader('Set-Cookie', 'oauth_state=; Max-Age=0; Path=/');");
  return edit(out, "app.listen(", `${REFRESH_ROUTE}\napp.listen(`);
}

const variants = {
  quickstart: (s) => s,
  corrected,
  plainPkce: (s) => edit(edit(corrected(s), "url.searchParams.set('code_challenge', challenge);",
    "url.searchParams.set('code_challenge', verifier);"),
    "url.searchParams.set('code_challenge_method', 'S256');", "url.searchParams.set('code_challenge_method', 'plain');"),
  // A classic: the redirect URI built with 127.0.0.1, which is not the registered localhost one.
  wrongRedirectUri: (s) => edit(corrected(s), "url.searchParams.set('redirect_uri', REDIRECT_URI);",
    "url.searchParams.set('redirect_uri', REDIRECT_URI.replace('localhost', '127.0.0.1'));"),
  // The quickstart (its constant state) with that redirect URI: no flow yields a code, so each forged callback
  // carries a code invented for its own check; the journal must blame c6b alone.
  constantStateWrongRedirectUri: (s) => edit(s, "url.searchParams.set('redirect_uri', REDIRECT_URI);",
    "url.searchParams.set('redirect_uri', REDIRECT_URI.replace('localhost', '127.0.0.1'));"),
  // The verifier of another flow: the emulator refuses the exchange.
  otherVerifier: (s) => edit(corrected(s), 'code_verifier: state.codeVerifier,',
    'code_verifier: base64url(crypto.randomBytes(32)),'),
  // Exchanges every code twice (a retry): the second use is invalid_grant.
  codeTwice: (s) => edit(corrected(s), 'if (!tokenResp.ok) return res.status(500).send(await tokenResp.text());',
    'if (!tokenResp.ok) return res.status(500).send(await tokenResp.text());\n' +
    'await fetch(`${AUTH_BASE}/oauth/token`, { method: \'POST\', body: new URLSearchParams({ grant_type: ' +
    '\'authorization_code\', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ' +
    'code_verifier: state.codeVerifier }) });'),
  // HTTP Basic instead of the body: as good.
  basicAuth: (s) => edit(edit(corrected(s), 'client_id: CLIENT_ID,\nclient_secret: CLIENT_SECRET,\ncode_verifier', 'code_verifier'),
    "headers: { 'Content-Type': 'application/x-www-form-urlencoded' },\nbody: new URLSearchParams({\ngrant_type: 'authorization_code',",
    "headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Authorization': 'Basic ' + " +
    "Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64') },\nbody: new URLSearchParams({\n" +
    "grant_type: 'authorization_code',"),
  // Both: the contract allows one method (invalid_request).
  bothAuth: (s) => edit(corrected(s),
    "headers: { 'Content-Type': 'application/x-www-form-urlencoded' },\nbody: new URLSearchParams({\ngrant_type: 'authorization_code',",
    "headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Authorization': 'Basic ' + " +
    "Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64') },\nbody: new URLSearchParams({\n" +
    "grant_type: 'authorization_code',"),
  noRotationStored: (s) => edit(corrected(s), 'state.refreshToken = tokens.refresh_token; // STORE-ROTATED', ''),
  // Refreshes on every 401, each caller its own (slow, as over a real network).
  noSingleFlight: (s) => edit(edit(corrected(s),
    'const refreshOnce = () => (refreshing ??= refreshTokens().finally(() => { refreshing = null; }));',
    'const refreshOnce = async () => { await new Promise((r) => setTimeout(r, 100)); return refreshTokens(); };'),
    'if (state.accessToken === used) await refreshOnce();', 'await refreshOnce();'),
};

// Starts an emulator and the app variant on a free port; runs `revento args...`
// with --app and --emulator; answers { code, report, stdout, stderr }. With
// `manifest`, the app uses an integration registered from it (POST
// /_sandbox/integrations; its redirect URI is the app's) instead of the fixture's.
async function check(variant, args, emulatorArgs = [], manifest = null) {
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'revento-check-connect-'));
  const fixtures = readFileSync(`${root}fixtures/default.json`, 'utf8')
    .replaceAll('http://localhost:3000', `http://localhost:${port}`);
  writeFileSync(join(work, 'fixtures.json'), fixtures);
  // The copy lives beside the original so that `import express` resolves from tests/browser/node_modules.
  const copy = `${root}tests/browser/quickstart/.check-${variant}-${process.pid}.js`;
  writeFileSync(copy, variants[variant](portable(quickstart)));
  const emulator = spawn(emulatorBinary, ['--port', '0', '--print-config', '--log-level', 'warn',
    '--fixtures', join(work, 'fixtures.json'), ...emulatorArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let app;
  try {
    const config = JSON.parse(await firstLine(emulator));
    if (manifest) {
      const registered = await (await fetch(`http://127.0.0.1:${config.port}/_sandbox/integrations`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...manifest, redirect_uris: [`http://localhost:${port}/callback`] }),
      })).json();
      assert.ok(registered.client_id, JSON.stringify(registered));
      Object.assign(config, { client_id: registered.client_id, client_secret: registered.client_secret });
    }
    app = spawn(process.execPath, [copy], {
      env: { ...process.env, PORT: String(port), REVENTO_CLIENT_ID: config.client_id,
             REVENTO_CLIENT_SECRET: config.client_secret, REVENTO_WEBHOOK_SECRET: config.webhook_secret,
             SANDBOX_EVENT_ID: config.event_id, AUTH_BASE: config.auth_base, API_BASE: config.api_base },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await firstLine(app);
    const runner = spawn(reventoBinary, [...args.map((a) => a.replaceAll('WEBHOOK_SECRET', config.webhook_secret)),
      '--app', `http://localhost:${port}`, '--emulator', `http://127.0.0.1:${config.port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    runner.stdout.on('data', (d) => { stdout += d; });
    runner.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise((resolve) => runner.on('close', (c) => resolve(c ?? 1)));
    let report = null;
    if (args.includes('--json') && stdout) report = JSON.parse(stdout);
    return { code, report, stdout, stderr };
  } finally {
    app?.kill('SIGTERM');
    emulator.kill('SIGTERM');
    rmSync(copy, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

const failed = (report) => report.checks.filter((c) => !c.passed && !c.skipped).map((c) => c.id).sort();
const ids = (report) => report.checks.map((c) => c.id);
const CONNECT = ['c1', 'c2', 'c3a', 'c3b', 'c3c', 'c4', 'c5', 'c6a', 'c6b', 'c7a', 'c7b', 'c7c', 'c7d'];
const REFRESH = ['r1', 'r2', 'r3'];
const skipped = (report) => report.checks.filter((c) => c.skipped).map((c) => c.id).sort();
const NO_REFRESH_PATH = 'pass --refresh-path PATH, a route of your app that calls the Read API';

// ---- broken apps first ----

test('the quickstart fails exactly the state checks (its state is the constant demo-state-123)', async () => {
  const { code, report } = await check('quickstart', ['check', 'connect', '--json']);
  assert.deepEqual(ids(report), [...CONNECT, ...REFRESH]);
  assert.deepEqual(failed(report), ['c3b', 'c3c', 'c6b']);
  assert.equal(code, 1);
  const entropy = report.checks.find((c) => c.id === 'c3b');
  assert.match(entropy.problem, /demo-state-123/);
  assert.match(entropy.fix, /generate state per request/);
  assert.match(entropy.rule, /at least 128 random bits/);
  assert.deepEqual(Object.keys(entropy.fix_code), ['go', 'node', 'python']);
  assert.match(entropy.fix_code.python, /secrets\.token_urlsafe/);
  assert.match(entropy.exchanges[0].sent.query.state, /^demo-state-123$/);
  assert.match(report.checks.find((c) => c.id === 'c6b').bug, /the state of run 1, a flow that completed/);
  assert.equal(report.passed, 10);
  assert.equal(report.failed, 3);
  assert.equal(report.skipped, 3);
  assert.deepEqual(skipped(report), REFRESH);
  assert.equal(report.checks.find((c) => c.id === 'r1').skip_reason, NO_REFRESH_PATH);
});

test('forged callbacks without a fresh code carry a code of their own: only the accepted one fails', async () => {
  const { report } = await check('constantStateWrongRedirectUri', ['check', 'connect', '--json']);
  assert.deepEqual(failed(report), ['c1', 'c3b', 'c3c', 'c4', 'c6b', 'c7a', 'c7b', 'c7c', 'c7d']);
  const [c6a, c6b] = ['c6a', 'c6b'].map((id) => report.checks.find((c) => c.id === id));
  assert.match(c6a.title, /one invented for this check/);
  assert.match(c6b.title, /one invented for this check/);
  assert.match(c6b.bug, /that flow never completed \(it brought back no code\)/);
});

test('an app that sends PKCE plain fails the PKCE check and every check of the flow it broke', async () => {
  const { report } = await check('plainPkce', ['check', 'connect', '--json']);
  assert.deepEqual(failed(report), ['c1', 'c2', 'c7a', 'c7b', 'c7c', 'c7d']);
  assert.match(report.checks.find((c) => c.id === 'c2').problem, /code_challenge_method=plain/);
});

test('an app that sends an unregistered redirect_uri fails the redirect check and the flow', async () => {
  const { report } = await check('wrongRedirectUri', ['check', 'connect', '--json']);
  assert.deepEqual(failed(report), ['c1', 'c4', 'c7a', 'c7b', 'c7c', 'c7d']);
  assert.match(report.checks.find((c) => c.id === 'c4').problem, /127\.0\.0\.1.*is not registered/);
});

test('an app that sends the verifier of another flow fails the PKCE token check and the flow', async () => {
  const { report } = await check('otherVerifier', ['check', 'connect', '--json']);
  assert.deepEqual(failed(report), ['c1', 'c7b']);
  assert.match(report.checks.find((c) => c.id === 'c7b').problem, /SHA-256 of the code_verifier starts/);
});

test('an app that exchanges each code twice fails the code-once check', async () => {
  const { report } = await check('codeTwice', ['check', 'connect', '--json']);
  assert.deepEqual(failed(report), ['c7c']);
  assert.match(report.checks.find((c) => c.id === 'c7c').problem, /sent to \/oauth\/token 2 times/);
});

test('an app that authenticates twice (Basic and the body) fails the client-auth check', async () => {
  const { report } = await check('bothAuth', ['check', 'connect', '--json']);
  assert.deepEqual(failed(report), ['c1', 'c7b', 'c7d']);
  assert.match(report.checks.find((c) => c.id === 'c7d').problem, /client_secret in the body and an Authorization: Basic/);
});

test('an app that authenticates with HTTP Basic only passes the client-auth check', async () => {
  const { code, report } = await check('basicAuth', ['check', 'connect', '--json']);
  assert.deepEqual(failed(report), []);
  assert.equal(code, 0);
});

test('an app that keeps the original refresh token fails the rotation checks', async () => {
  const { report } = await check('noRotationStored', ['check', 'connect', '--refresh-path', '/participants', '--json']);
  assert.deepEqual(ids(report), [...CONNECT, ...REFRESH]);
  assert.deepEqual(failed(report), ['r2', 'r3']);
  assert.match(report.checks.find((c) => c.id === 'r2').fix, /store the refresh_token of every refresh answer/);
  const r3 = report.checks.find((c) => c.id === 'r3');
  assert.match(r3.problem, /the token family was revoked by r2/);
  assert.doesNotMatch(r3.bug, /does not refresh/);
});

test('an app that refreshes once per caller fails the single-flight check', async () => {
  const { report } = await check('noSingleFlight', ['check', 'connect', '--refresh-path', '/participants', '--json']);
  assert.deepEqual(failed(report), ['r3']);
  assert.match(report.checks.find((c) => c.id === 'r3').fix, /single-flight/);
});

test('--lang keeps one language\'s code in each fix; the text shows the rule and the code', async () => {
  const { report } = await check('quickstart', ['check', 'connect', '--json', '--lang', 'go']);
  assert.deepEqual(Object.keys(report.checks.find((c) => c.id === 'c3b').fix_code), ['go']);
  const { stdout } = await check('quickstart', ['check', 'connect']);
  assert.match(stdout, /^ {7}rule: per connect, generate a state/m);
  assert.match(stdout, /^ {9}node: const state = crypto\.randomBytes/m);
  assert.match(stdout, /^ {9}python: state = secrets\.token_urlsafe/m);
  assert.match(stdout, /^ {9}go: b := make/m);
  assert.match(stdout, /^SKIP r1 refresh-once/m);
});

test('the control plane calls carry --admin-token for an emulator that asks for one', async () => {
  const refused = await check('quickstart', ['check', 'connect', '--json'], ['--admin-token', 'adm_check']);
  assert.equal(refused.code, 1);
  assert.equal(refused.stdout, '');
  const { report } = await check('quickstart', ['check', 'connect', '--json', '--admin-token', 'adm_check'],
    ['--admin-token', 'adm_check']);
  assert.deepEqual(failed(report), ['c3b', 'c3c', 'c6b']);
});

// ---- the corrected app ----

test('the corrected quickstart passes every connect and refresh check; text ends with the tally', async () => {
  const { code, stdout } = await check('corrected', ['check', 'connect', '--refresh-path', '/participants']);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /^PASS c6b replayed-state/m);
  assert.ok(stdout.endsWith('\n16 passed, 0 failed\n'), stdout);
});

test('without --refresh-path the refresh checks are counted as skipped and named, in text and JUnit', async () => {
  const junit = join(tmpdir(), `revento-check-skipped-${process.pid}.xml`);
  try {
    const { code, stdout } = await check('corrected', ['check', 'connect', '--junit', junit]);
    assert.equal(code, 0, stdout);
    assert.ok(stdout.endsWith(`\n13 passed, 0 failed, 3 skipped (${NO_REFRESH_PATH})\n`), stdout);
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /<testsuite [^>]*failures="0" errors="0" skipped="3"/);
    assert.equal(xml.match(/<skipped message="pass --refresh-path PATH/g).length, 3);
  } finally {
    rmSync(junit, { force: true });
  }
});

test('check all runs connect and webhooks (to the integration\'s webhook URL) in one report', async () => {
  const { code, report } = await check('corrected', ['check', 'all', '--secret', 'WEBHOOK_SECRET', '--json']);
  assert.equal(code, 0, JSON.stringify(report.checks.filter((c) => !c.passed && !c.skipped)));
  assert.equal(report.suite, 'revento check all');
  assert.deepEqual(ids(report), [...CONNECT, ...REFRESH, '1', '2a', '2b', '3a', '3b', '3c', '3d', '4a', '4b', '5a', '5b',
    '6', '7', '8']);
  assert.equal(report.skipped, 3);
  assert.equal(report.summary, `27 passed, 0 failed, 3 skipped (${NO_REFRESH_PATH})`);
  assert.match(report.target, /\/webhooks\/revento$/);
});

test('check all without --to needs an integration with a webhook URL (exit 2)', async () => {
  const { code, stdout, stderr } = await check('corrected', ['check', 'all', '--secret', 'whsec_x'], [],
    { name: 'No webhooks', scopes: ['event.read', 'participants.read'] });
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /--to is required: the integration the app connected with \(client_id "[^"]+"\) has no webhook URL/);
});

test('check all fails the webhook checks of a wrong secret, and the quickstart\'s state checks', async () => {
  const { code, report } = await check('quickstart', ['check', 'all', '--secret', 'whsec_not_the_secret', '--json']);
  assert.equal(code, 1);
  assert.deepEqual(failed(report), ['1', '6', '7', 'c3b', 'c3c', 'c6b']);
});
