// Every response the real emulator gives to a representative run (every
// endpoint, success and error statuses) is checked against docs/openapi.yaml
// by response_checker.js: the status is documented for the operation, the
// Content-Type is one the operation lists (or there is no body when it lists
// none), documented headers are present, and a JSON body validates against
// the schema. Finally every documented operation must have been exercised, so
// nothing goes undescribed or untested. (recorded.test.js applies the same
// checks to every response the C++ end-to-end tests received.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import crypto from 'node:crypto';
import { loadChecker } from './response_checker.js';
import { startEmulator } from './emulator.js';

const base64url = (buf) => buf.toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');

let checker, receiver, emulator, guarded;
const exercised = new Set();  // "METHOD template"
const checked = [];          // one line per response, for the failure message

before(async () => {
  checker = await loadChecker();
  // A webhook receiver that answers 200, so deliveries succeed.
  receiver = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200); res.end('ok'); }); });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${receiver.address().port}/webhooks/revento`;
  emulator = await startEmulator(['--webhook-url', webhookUrl]);
  guarded = await startEmulator(['--admin-token', 'conformance-token']);
});

after(async () => {
  assert.equal(await emulator?.stop(), 0);
  assert.equal(await guarded?.stop(), 0);
  receiver?.close();
});

// Sends one request and checks the response against the document. Returns
// { res, text, json }.
async function call(target, method, path, { headers = {}, body, form, json } = {}) {
  const init = { method, headers: { ...headers }, redirect: 'manual' };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['Content-Type'] = 'application/json';
  } else if (form !== undefined) {
    init.body = new URLSearchParams(form).toString();
    init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await fetch(`${target.base}${path}`, init);
  const text = await res.text();
  const where = `${method} ${path} -> ${res.status}`;
  checked.push(where);
  const result = checker.check({
    method, path: path.split('?')[0], status: res.status, contentType: res.headers.get('content-type'),
    headers: Object.fromEntries(res.headers), text,
  });
  if (result.template) exercised.add(`${method} ${result.template}`);
  assert.deepEqual(result.problems, [], where);
  return { res, text, json: result.json };
}

test('every response of a representative run matches docs/openapi.yaml', async () => {
  const e = emulator;
  const event = e.config.event_id;
  const client = { client_id: e.config.client_id, client_secret: e.config.client_secret };

  // OAuth metadata and authorization with consent.
  await call(e, 'GET', '/.well-known/oauth-authorization-server');
  await call(e, 'GET', '/');
  await call(e, 'GET', '/', { headers: { Accept: 'text/html' } });
  await call(e, 'GET', '/api/v1');
  const verifier = base64url(crypto.randomBytes(32));
  const authorize = new URLSearchParams({
    response_type: 'code', client_id: client.client_id, redirect_uri: e.config.redirect_uri,
    scope: 'event.read participants.read applications.read attendance.read', event_id: event,
    state: 'st', code_challenge: base64url(crypto.createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  });
  const consentPage = await call(e, 'GET', `/oauth/authorize?${authorize}`);
  assert.equal(consentPage.res.status, 200);
  await call(e, 'GET', `/oauth/authorize?client_id=nope`);
  const consentId = consentPage.text.match(/name="consent_id" value="([^"]+)"/)[1];
  const consented = await call(e, 'POST', '/oauth/consent', { form: { consent_id: consentId, decision: 'authorize' } });
  assert.equal(consented.res.status, 302);
  await call(e, 'POST', '/oauth/consent', { form: { consent_id: consentId, decision: 'authorize' } });
  const code = new URL(consented.res.headers.get('location')).searchParams.get('code');

  // Token: exchange, refresh, refusals.
  const exchanged = await call(e, 'POST', '/oauth/token', {
    form: { grant_type: 'authorization_code', code, redirect_uri: e.config.redirect_uri, code_verifier: verifier, ...client },
  });
  assert.equal(exchanged.res.status, 200);
  const refreshed = await call(e, 'POST', '/oauth/token', {
    form: { grant_type: 'refresh_token', refresh_token: exchanged.json.refresh_token, ...client },
  });
  assert.equal(refreshed.res.status, 200);
  await call(e, 'POST', '/oauth/token', { form: { grant_type: 'password', ...client } });
  await call(e, 'POST', '/oauth/token', { form: { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'nope', client_secret: 'x' } });
  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
    await call(e, method, '/oauth/token');
    await call(e, method, '/oauth/revoke');
  }
  await call(e, 'POST', '/oauth/token', { body: 'x'.repeat(9000), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });

  // Read API, with the refreshed token.
  const bearer = { Authorization: `Bearer ${refreshed.json.access_token}` };
  await call(e, 'GET', `/api/v1/events/${event}`, { headers: bearer });
  const participants = await call(e, 'GET', `/api/v1/events/${event}/participants?limit=2`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/participants?cursor=${participants.json.next_cursor}`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/participants/par_001`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/participants/par_nope`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/applications?status=pending`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/applications/app_001`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/check-ins`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/participants?limit=0`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}/participants?cursor=garbage`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}`);
  await call(e, 'GET', `/api/v1/events/evt_def456`, { headers: bearer });
  await call(e, 'GET', `/api/v1/events/${event}`, { headers: { ...bearer, Accept: 'text/html' } });

  // Revoke the refreshed access token, then a refusal.
  const revoked = await call(e, 'POST', '/oauth/revoke', { form: { token: refreshed.json.access_token, ...client } });
  assert.equal(revoked.res.status, 200);
  await call(e, 'POST', '/oauth/revoke', { form: { ...client } });
  await call(e, 'POST', '/oauth/revoke', { form: { token: 'x', client_id: client.client_id, client_secret: 'wrong' } });

  // Sandbox control plane.
  await call(e, 'GET', '/_sandbox/openapi.json');
  await call(e, 'GET', '/_sandbox/health');
  await call(e, 'GET', '/_sandbox/clock');
  await call(e, 'POST', '/_sandbox/clock', { json: { advance_seconds: 60 } });
  await call(e, 'POST', '/_sandbox/clock', { json: { advance_seconds: -1 } });
  await call(e, 'POST', '/_sandbox/clock', { body: 'advance', headers: { 'Content-Type': 'text/plain' } });
  await call(e, 'GET', '/_sandbox/installations');
  await call(e, 'GET', '/_sandbox/integrations');
  await call(e, 'POST', '/_sandbox/integrations', {
    json: { name: 'Conformance', redirect_uris: ['http://127.0.0.1:9/cb'], scopes: ['event.read'],
      webhook_url: 'http://127.0.0.1:9/hook', webhook_events: ['event.updated'] },
  });
  await call(e, 'POST', '/_sandbox/integrations', { json: { name: 'x', redirect_uris: [], scopes: [] } });
  await call(e, 'POST', `/_sandbox/events/${event}/publish`);
  await call(e, 'POST', `/_sandbox/events/${event}/publish`);
  await call(e, 'POST', '/_sandbox/events/evt_nope/publish');
  await call(e, 'POST', `/_sandbox/events/${event}/update`, { json: { venue: 'Hall B' } });
  await call(e, 'POST', `/_sandbox/events/${event}/update`, { json: { colour: 'red' } });
  const submitted = await call(e, 'POST', `/_sandbox/events/${event}/applications`, {
    json: { applicant_name: 'Joan Clarke', applicant_email: 'joan@example.com', answers: { why: 'to learn' } },
  });
  assert.equal(submitted.res.status, 201);
  const approved = await call(e, 'POST', `/_sandbox/events/${event}/applications/${submitted.json.application.id}/approve`);
  assert.equal(approved.res.status, 200);
  await call(e, 'POST', `/_sandbox/events/${event}/applications/${submitted.json.application.id}/reject`);
  await call(e, 'POST', `/_sandbox/events/${event}/applications/app_002/reject`);
  await call(e, 'POST', `/_sandbox/events/${event}/applications/app_nope/approve`);
  const registered = await call(e, 'POST', `/_sandbox/events/${event}/participants`, {
    json: { first_name: 'Zoë', last_name: 'Ng', email: 'zoe@example.com' },
  });
  const participant = registered.json.participant.id;
  await call(e, 'POST', `/_sandbox/events/${event}/participants`, { json: { first_name: 'x' } });
  await call(e, 'POST', `/_sandbox/events/${event}/participants/${participant}/update`, { json: { ticket_type: 'vip' } });
  await call(e, 'POST', `/_sandbox/events/${event}/participants/${participant}/check-in`, { json: { method: 'qr' } });
  await call(e, 'POST', `/_sandbox/events/${event}/participants/${participant}/check-in`);
  await call(e, 'POST', `/_sandbox/events/${event}/participants/${participant}/cancel`);
  await call(e, 'POST', `/_sandbox/events/${event}/participants/par_nope/cancel`);
  await call(e, 'POST', '/_sandbox/webhooks/trigger', { json: { type: 'participant.updated', event_id: event, overrides: { first_name: 'Q' } } });
  await call(e, 'POST', '/_sandbox/webhooks/trigger', { json: { type: 'nope', event_id: event } });
  await call(e, 'POST', '/_sandbox/webhooks/trigger', { json: { type: 'participant.updated', event_id: 'evt_def456' } });
  await call(e, 'POST', '/_sandbox/deliveries/flush');
  const deliveries = await call(e, 'GET', '/_sandbox/deliveries?limit=5');
  assert.ok(deliveries.json.data.length > 0);
  const delivery = deliveries.json.data[0].id;
  await call(e, 'GET', `/_sandbox/deliveries/${delivery}`);
  await call(e, 'GET', '/_sandbox/deliveries/dlv_nope');
  await call(e, 'GET', '/_sandbox/deliveries?status=lost');
  await call(e, 'POST', `/_sandbox/deliveries/${delivery}/replay`);
  await call(e, 'POST', '/_sandbox/deliveries/dlv_nope/replay');
  await call(e, 'POST', `/_sandbox/events/evt_def456/cancel`);

  // Journal, faults, installation revoke, state export and import.
  await call(e, 'GET', '/_sandbox/requests?limit=5&path_prefix=%2Foauth');
  await call(e, 'GET', '/_sandbox/requests?limit=0');
  const fault = await call(e, 'POST', '/_sandbox/faults', {
    json: { match: { method: 'GET', path_prefix: '/api/v1/never' }, action: { status: 503 }, times: 1 },
  });
  assert.equal(fault.res.status, 201);
  await call(e, 'POST', '/_sandbox/faults', { json: { match: { path_prefix: '/_sandbox' }, action: { status: 500 } } });
  await call(e, 'POST', '/_sandbox/faults', { json: { match: { path: '/api/v1/never/2' }, action: { delay_ms: 1 } } });
  await call(e, 'GET', '/_sandbox/faults');
  await call(e, 'DELETE', `/_sandbox/faults/${fault.json.id}`);
  await call(e, 'DELETE', '/_sandbox/faults/flt_nope');
  await call(e, 'DELETE', '/_sandbox/faults');
  const installation = (await call(e, 'GET', '/_sandbox/installations')).json.data.find((i) => !i.revoked).id;
  await call(e, 'POST', `/_sandbox/installations/${installation}/revoke`);
  await call(e, 'POST', `/_sandbox/installations/${installation}/revoke`);
  await call(e, 'POST', '/_sandbox/installations/ins_nope/revoke');
  const state = await call(e, 'GET', '/_sandbox/state');
  await call(e, 'PUT', '/_sandbox/state', { json: state.json });
  await call(e, 'PUT', '/_sandbox/state', { json: { format: 'nope' } });
  await call(e, 'DELETE', '/_sandbox/requests');

  // Console pages and buttons.
  for (const page of ['', '/events', '/applications', '/participants', '/deliveries', '/installations', '/clock',
    '/requests', `/deliveries/${delivery}`, '/login']) {
    await call(e, 'GET', `/_sandbox/console${page}`);
  }
  await call(e, 'GET', '/_sandbox/console/participants?after=x');
  await call(e, 'GET', '/_sandbox/console/applications?event_id=evt_nope');
  await call(e, 'GET', '/_sandbox/console/deliveries?status=lost');
  await call(e, 'GET', '/_sandbox/console/deliveries/dlv_nope');
  await call(e, 'GET', '/_sandbox/console/requests?limit=x');
  const back = { return_to: '/_sandbox/console/events' };
  await call(e, 'POST', `/_sandbox/console/events/${event}/publish`, { form: back });
  await call(e, 'POST', `/_sandbox/console/events/${event}/cancel`, { form: back, headers: { Origin: 'http://127.0.0.1:1' } });
  await call(e, 'POST', `/_sandbox/console/events/${event}/applications/app_003/approve`, { form: { ticket_type: 'vip' } });
  await call(e, 'POST', `/_sandbox/console/events/${event}/applications/app_004/reject`, { form: { colour: 'red' } });
  await call(e, 'POST', `/_sandbox/console/events/${event}/participants/par_002/check-in`, { form: { method: 'qr' } });
  await call(e, 'POST', '/_sandbox/console/deliveries/flush', { form: {} });
  await call(e, 'POST', `/_sandbox/console/deliveries/${delivery}/replay`, { form: {} });
  await call(e, 'POST', '/_sandbox/console/clock', { form: { advance_seconds: '3600' } });
  await call(e, 'POST', '/_sandbox/console/clock', { form: { advance_seconds: 'soon' } });
  await call(e, 'POST', '/_sandbox/console/installations/ins_nope/revoke', { form: {} });
  await call(e, 'POST', '/_sandbox/console/requests/clear', { form: {} });
  await call(e, 'POST', '/_sandbox/console/login', { form: { token: 'x' } });
  await call(e, 'POST', '/_sandbox/console/logout', { form: {} });
  await call(e, 'POST', '/_sandbox/reset');

  // With --admin-token: the control plane and the console refuse strangers.
  const g = guarded;
  await call(g, 'GET', '/_sandbox/health');
  await call(g, 'GET', '/_sandbox/clock', { headers: { 'X-Revento-Admin-Token': 'conformance-token' } });
  await call(g, 'GET', '/_sandbox/console');
  await call(g, 'GET', '/_sandbox/console/login?next=%2F_sandbox%2Fconsole');
  await call(g, 'POST', '/_sandbox/console/login', { form: { token: 'wrong' } });
  await call(g, 'POST', '/_sandbox/console/login', { form: { token: 'conformance-token' }, headers: { Origin: 'http://127.0.0.1:1' } });
  await call(g, 'POST', '/_sandbox/console/login', { body: 'token=%zz', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const signedIn = await call(g, 'POST', '/_sandbox/console/login', { form: { token: 'conformance-token' } });
  assert.equal(signedIn.res.status, 303);
  await call(g, 'POST', '/_sandbox/console/logout', { form: {}, headers: { Origin: 'http://127.0.0.1:1' } });

  // Every documented operation was exercised.
  const missing = checker.operations().filter((operation) => !exercised.has(operation));
  assert.deepEqual(missing, [], 'documented operations this run never exercised');
  assert.ok(checked.length > 100, `${checked.length} responses checked`);
});
