// Interop: the Revento quickstart's POST /webhooks/revento handler, verbatim
// but for the Express plumbing (node:http collects the raw body as
// express.json's verify callback would), receiving deliveries from the real
// revento-emulator after the quickstart's consent. Checks that the handler
// accepts them (200) — including a body with non-ASCII UTF-8 — that it
// rejects a real delivery replayed with one byte of its body changed or with
// another timestamp (401 'Bad signature'), and that the emulator logs each
// acceptance and a receiver's refusal.
//
//   REVENTO_EMULATOR_BINARY=build/emulator/revento-emulator node tests/interop/quickstart_webhook.mjs
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import http from 'node:http';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';

const BINARY = process.env.REVENTO_EMULATOR_BINARY ??
  new URL('../../build/emulator/revento-emulator', import.meta.url).pathname;

// ---- the quickstart's handler (Step 5), verbatim inside `handle` ----
function makeHandler(WEBHOOK_SECRET, seen) {
  return (req, res) => {
    const eventType = req.headers['x-revento-event'];
    const deliveryId = req.headers['x-revento-delivery-id'];
    const timestamp = req.headers['x-revento-timestamp'];
    const signature = req.headers['x-revento-signature']; // "sha256=..."
    const ageSeconds = Math.abs(Date.now() / 1000 - Number(timestamp));
    if (ageSeconds > 300) {
      return res.status(401).send('Stale timestamp');
    }
    const hmac = crypto.createHmac('sha256', WEBHOOK_SECRET);
    hmac.update(`${timestamp}.`);
    hmac.update(req.rawBody);
    const expected = 'sha256=' + hmac.digest('hex');
    const expectedBuf = Buffer.from(expected);
    const sigBuf = Buffer.from(signature || '');
    if (
      expectedBuf.length !== sigBuf.length ||
      !crypto.timingSafeEqual(expectedBuf, sigBuf)
    ) {
      return res.status(401).send('Bad signature');
    }
    seen.push({ eventType, deliveryId, body: req.body, headers: req.headers, rawBody: req.rawBody });
    res.status(200).send('ok');
  };
}

// Express-like plumbing over node:http: rawBody and a parsed JSON body.
function startReceiver(handler) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      req.rawBody = Buffer.concat(chunks);
      req.body = JSON.parse(req.rawBody.toString('utf8'));
      const wrapped = {
        status(code) { res.statusCode = code; return wrapped; },
        send(text) { res.end(text); },
      };
      handler(req, wrapped);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

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

const base64url = (buf) => buf.toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');

async function consent(base, config) {
  const verifier = base64url(crypto.randomBytes(32));
  const challenge = base64url(crypto.createHash('sha256').update(verifier).digest());
  const url = new URL(`${base}/oauth/authorize`);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: config.client_id, redirect_uri: config.redirect_uri,
    scope: 'event.read participants.read', event_id: config.event_id, state: 'demo-state-123',
    code_challenge: challenge, code_challenge_method: 'S256',
  })) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const code = new URL(res.headers.get('location')).searchParams.get('code');
  const token = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: config.redirect_uri,
      client_id: config.client_id, client_secret: config.client_secret, code_verifier: verifier,
    }),
  });
  assert.equal(token.status, 200);
}

async function sandbox(base, path, body = {}) {
  const r = await fetch(`${base}/_sandbox${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return r.json();
}

const seen = [];
let secret = null;
const receiver = await startReceiver((req, res) => makeHandler(secret, seen)(req, res));
const webhookUrl = `http://127.0.0.1:${receiver.address().port}/webhooks/revento`;
const { config, base, stop } = await startEmulator(['--auto-consent', '--webhook-url', webhookUrl]);
try {
  secret = config.webhook_secret;
  await consent(base, config);
  // "approve an application, publish the event — the delivery should land within seconds"
  const approved = await sandbox(base, '/events/evt_abc123/applications/app_001/approve');
  assert.equal(approved.delivery_ids.length, 1);
  const published = await sandbox(base, '/events/evt_abc123/publish');
  assert.equal(published.delivery_ids.length, 1);
  const unicode = await sandbox(base, '/webhooks/trigger', {
    type: 'participant.updated', event_id: 'evt_abc123', overrides: { first_name: 'Zoë 🎉 Ōtsuka' },
  });
  assert.equal(unicode.delivery_ids.length, 1);
  await sandbox(base, '/deliveries/flush');
  assert.deepEqual(seen.map((s) => s.eventType).sort(),
    ['event.published', 'participant.registered', 'participant.updated']);
  assert.equal(seen.find((s) => s.eventType === 'participant.updated').body.data.first_name, 'Zoë 🎉 Ōtsuka');
  for (const id of [...approved.delivery_ids, ...published.delivery_ids, ...unicode.delivery_ids]) {
    const d = await (await fetch(`${base}/_sandbox/deliveries/${id}`)).json();
    assert.equal(d.status, 'succeeded', JSON.stringify(d));
    assert.equal(d.attempts[0].status_code, 200);
  }
  // A delivery as the emulator sent it, replayed to the handler: verbatim it
  // is accepted; with one byte of the body changed, or a later timestamp,
  // the signature no longer matches.
  const original = seen.find((s) => s.eventType === 'participant.updated');
  const replay = async (body, headers = {}) => {
    const r = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Revento-Event': original.headers['x-revento-event'],
        'X-Revento-Delivery-Id': original.headers['x-revento-delivery-id'],
        'X-Revento-Timestamp': original.headers['x-revento-timestamp'],
        'X-Revento-Signature': original.headers['x-revento-signature'],
        ...headers,
      },
      body,
    });
    return { status: r.status, text: await r.text() };
  };
  const countBefore = seen.length;
  assert.deepEqual(await replay(original.rawBody), { status: 200, text: 'ok' });
  const tampered = Buffer.from(original.rawBody.toString('utf8').replace('Zoë', 'Zoe'), 'utf8');
  assert.notDeepEqual(tampered, original.rawBody);
  assert.doesNotThrow(() => JSON.parse(tampered.toString('utf8')), 'the tampered body is still valid JSON');
  assert.deepEqual(await replay(tampered), { status: 401, text: 'Bad signature' });
  const sameLength = Buffer.from(original.rawBody.toString('utf8').replace('evt_abc123', 'evt_abc124'), 'utf8');
  assert.equal(sameLength.length, original.rawBody.length);
  assert.notDeepEqual(sameLength, original.rawBody);
  assert.deepEqual(await replay(sameLength), { status: 401, text: 'Bad signature' });
  const later = String(Number(original.headers['x-revento-timestamp']) + 1);
  assert.deepEqual(await replay(original.rawBody, { 'X-Revento-Timestamp': later }),
    { status: 401, text: 'Bad signature' });
  assert.equal(seen.length, countBefore + 1, 'only the verbatim replay reached the handler\'s success path');

  // A wrong secret on the receiver's side: the handler answers 401 and the
  // emulator logs a failed attempt with the handler's words.
  secret = 'whsec_wrong';
  const rejected = await sandbox(base, '/webhooks/trigger', { type: 'event.updated', event_id: 'evt_abc123' });
  await sandbox(base, '/deliveries/flush');
  const d = await (await fetch(`${base}/_sandbox/deliveries/${rejected.delivery_ids[0]}`)).json();
  assert.equal(d.status, 'pending');
  assert.equal(d.attempts[0].status_code, 401);
  assert.equal(d.attempts[0].response_excerpt, 'Bad signature');
  console.log('quickstart webhook handler: ok');
} finally {
  stop();
  receiver.close();
}
