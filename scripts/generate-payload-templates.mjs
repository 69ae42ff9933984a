#!/usr/bin/env node
// Regenerates fixtures/payloads/<type>.json, the `data` templates of
// `revento webhooks send` and `revento check webhooks`, from what the real
// emulator sends: it starts revento-emulator (default sandbox, auto-consent)
// with a loopback receiver as the webhook URL, installs the quickstart
// integration with every scope, approves app_001 (so that an approved
// application exists), triggers each catalog type (POST
// /_sandbox/webhooks/trigger, the ids below) and writes the received
// delivery's `data` in the order the emulator sent its keys.
// tests/client/webhooks/payload_templates_drift_test.cc triggers the same and fails when a
// template's shape drifts.
//
//   node scripts/generate-payload-templates.mjs build/emulator/revento-emulator
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';

const BINARY = process.argv[2] ?? new URL('../build/emulator/revento-emulator', import.meta.url).pathname;
const OUT = new URL('../fixtures/payloads/', import.meta.url).pathname;
const TRIGGERS = [
  ['event.published', {}], ['event.updated', {}], ['event.cancelled', {}],
  ['application.submitted', { application_id: 'app_002' }],
  ['application.approved', { application_id: 'app_001' }],
  ['application.rejected', { application_id: 'app_006' }],
  ['participant.registered', { participant_id: 'par_001' }],
  ['participant.updated', { participant_id: 'par_001' }],
  ['participant.cancelled', { participant_id: 'par_030' }],
  ['participant.checked_in', { participant_id: 'par_001' }],
  ['installation.revoked', {}],
];

const bodies = new Map();
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { bodies.set(req.headers['x-revento-delivery-id'], Buffer.concat(chunks).toString('utf8')); res.end('ok'); });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const hook = `http://127.0.0.1:${receiver.address().port}/webhooks/revento`;

const child = spawn(BINARY, ['--port', '0', '--print-config', '--log-level', 'warn', '--auto-consent',
  '--webhook-url', hook], { stdio: ['ignore', 'pipe', 'inherit'] });
const config = JSON.parse(await new Promise((r) => createInterface({ input: child.stdout }).once('line', r)));
const base = `http://127.0.0.1:${config.port}`;
try {
  const post = async (path, body) => {
    const r = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  const b64 = (b) => b.toString('base64url');
  const verifier = b64(crypto.randomBytes(32));
  const authorize = new URL(`${base}/oauth/authorize`);
  Object.entries({ response_type: 'code', client_id: config.client_id, redirect_uri: 'http://localhost:3000/callback',
    scope: 'event.read participants.read applications.read attendance.read', event_id: 'evt_abc123', state: 's',
    code_challenge: b64(crypto.createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256' })
    .forEach(([k, v]) => authorize.searchParams.set(k, v));
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location')).searchParams.get('code');
  const token = await fetch(`${base}/oauth/token`, { method: 'POST', body: new URLSearchParams({
    grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3000/callback', client_id: config.client_id,
    client_secret: config.client_secret, code_verifier: verifier }) });
  if (!token.ok) throw new Error(`token: ${await token.text()}`);
  await post('/_sandbox/events/evt_abc123/applications/app_001/approve');
  for (const [type, ids] of TRIGGERS) {
    const { delivery_ids: [id] } = await post('/_sandbox/webhooks/trigger', { type, event_id: 'evt_abc123', ...ids });
    await post('/_sandbox/deliveries/flush');
    const { data } = JSON.parse(bodies.get(id));
    fs.writeFileSync(`${OUT}${type}.json`, JSON.stringify(data, null, 2) + '\n');
    console.log(`${type}: ${Object.keys(data).length} keys`);
  }
} finally {
  child.kill('SIGTERM');
  receiver.close();
}
