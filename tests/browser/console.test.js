// The sandbox console in headless Chromium with JavaScript off: approve an
// application and see its delivery appear, replay it, advance the clock,
// check someone in, revoke an installation (when the control plane serves
// it), sign in with --admin-token, and fixture names holding <script> stay
// text. A screenshot of each page is kept under <build>/artifacts/console/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import crypto from 'node:crypto';
import { startEmulator, launchBrowser } from './support.js';

const BINARY = process.env.REVENTO_EMULATOR_BINARY ?? new URL('../../build/emulator/revento-emulator', import.meta.url).pathname;
const ARTIFACTS = join(dirname(dirname(BINARY)), 'artifacts', 'console');
const SCRIPT = '<script>alert("pwned")</script>';
const base64url = (buf) => buf.toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');

let receiver, received = 0, emulator, browser, context, page;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  receiver = createServer((req, res) => { req.resume(); req.on('end', () => { received++; res.writeHead(200); res.end('ok'); }); });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url)));
  fixtures.applications.find((a) => a.id === 'app_002').applicant_name = `Mallory ${SCRIPT}`;
  fixtures.participants.find((p) => p.id === 'par_003').first_name = SCRIPT;
  const path = join(mkdtempSync(join(tmpdir(), 'revento-console-')), 'fixtures.json');
  writeFileSync(path, JSON.stringify(fixtures));
  emulator = await startEmulator(['--fixtures', path, '--webhook-url', `http://127.0.0.1:${receiver.address().port}/hook`]);
  browser = await launchBrowser();
  context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await connect();  // deliveries go to installed integrations only
});

after(async () => {
  await browser?.close();
  assert.equal(await emulator?.stop(), 0);
  receiver?.close();
});

const url = (path) => `${emulator.base}/_sandbox/console${path}`;
const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const row = (table, id) => page.locator(`#${table} tr[data-id="${id}"]`);

// An installation, made the way an app makes one: consent, then the code exchange.
async function connect() {
  const verifier = base64url(crypto.randomBytes(32));
  const query = new URLSearchParams({
    response_type: 'code', client_id: emulator.config.client_id, redirect_uri: emulator.config.redirect_uri,
    scope: 'event.read participants.read applications.read attendance.read', event_id: emulator.config.event_id, state: 's',
    code_challenge: base64url(crypto.createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  });
  const consent = await (await fetch(`${emulator.base}/oauth/authorize?${query}`)).text();
  const consentId = consent.match(/name="consent_id" value="([^"]+)"/)[1];
  const decided = await fetch(`${emulator.base}/oauth/consent`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent_id: consentId, decision: 'authorize' }),
  });
  const code = new URL(decided.headers.get('location')).searchParams.get('code');
  const token = await fetch(`${emulator.base}/oauth/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: emulator.config.redirect_uri, code_verifier: verifier,
      client_id: emulator.config.client_id, client_secret: emulator.config.client_secret,
    }),
  });
  assert.equal(token.status, 200);
}

test('the integration page shows the credentials as a copy-ready .env block', async () => {
  const response = await page.goto(url(''));
  assert.equal(response.status(), 200);
  const env = await page.textContent('#env-int_quickstart');
  assert.equal(env, [
    `REVENTO_CLIENT_ID=${emulator.config.client_id}`,
    `REVENTO_CLIENT_SECRET=${emulator.config.client_secret}`,
    `REVENTO_WEBHOOK_SECRET=${emulator.config.webhook_secret}`,
    `SANDBOX_EVENT_ID=${emulator.config.event_id}`, ''].join('\n'));
  await shot('integration');
});

test('approving an application shows the flash, the new status and its delivery', async () => {
  await page.goto(url('/applications'));
  await page.locator('#applications tr[data-id="app_001"] button', { hasText: 'Approve' }).click();
  await page.waitForURL(/\/_sandbox\/console\/applications/);
  assert.match(await page.textContent('#flash'), /Application app_001 approved\. 2 webhook deliveries queued\./);
  assert.equal((await row('applications', 'app_001').locator('.status').textContent()).trim(), 'approved');
  assert.equal(await row('applications', 'app_002').locator('.name').textContent(), `Mallory ${SCRIPT}`);
  await shot('applications');

  await page.goto(url('/applications'));
  assert.equal(await page.locator('#flash').count(), 0, 'a flash shows once');

  await page.goto(url('/deliveries'));
  await page.getByRole('button', { name: 'Send due deliveries now' }).click();
  assert.match(await page.textContent('#flash'), /Due deliveries sent/);
  const approved = page.locator('#deliveries tbody tr', { has: page.locator('.type', { hasText: 'application.approved' }) });
  assert.equal(await approved.count(), 1);
  assert.equal((await approved.locator('.status').textContent()).trim(), 'succeeded');
  assert.equal((await approved.locator('.attempts').textContent()).trim(), '1');
  await shot('deliveries');
});

test('replaying a delivery adds a new delivery of the same payload', async () => {
  await page.goto(url('/deliveries'));
  const approved = page.locator('#deliveries tbody tr', { has: page.locator('.type', { hasText: 'application.approved' }) });
  const original = await approved.getAttribute('data-id');
  const before = await page.locator('#deliveries tbody tr').count();
  await approved.getByRole('button', { name: 'Replay' }).click();
  assert.match(await page.textContent('#flash'), new RegExp(`Delivery ${original} replayed\\. 1 webhook delivery queued\\.`));
  assert.equal(await page.locator('#deliveries tbody tr').count(), before + 1);
  assert.equal(await page.locator('#deliveries tbody tr', { hasText: `replay of ${original}` }).count(), 1);

  await page.locator(`#deliveries tr[data-id="${original}"] a`).click();
  assert.equal(await page.textContent('#field-id'), original);
  assert.match(await page.textContent('#payload'), /"type": "application.approved"/);
  // The exact bytes signed and sent, as the API serves them (not re-serialised).
  const logged = await (await fetch(`${emulator.base}/_sandbox/deliveries/${original}`)).json();
  assert.equal(await page.textContent('#body-raw'), logged.body_raw);
  assert.match(logged.body_raw, /"type":"application.approved"/);
  assert.match(await page.textContent('main'), /The exact bytes that were signed/);
  await shot('delivery');
});

test('the clock buttons move the sandbox clock', async () => {
  await page.goto(url('/clock'));
  const offset = async () => Number((await page.textContent('#clock-offset')).replace(/[^0-9-]/g, ''));
  const start = await offset();
  await page.getByRole('button', { name: '+1 hour' }).click();
  assert.match(await page.textContent('#flash'), /Clock moved\. Sandbox time: /);
  assert.ok((await offset()) - start >= 3600);
  await page.getByRole('button', { name: '+1 day' }).click();
  assert.ok((await offset()) - start >= 3600 + 86400);
  await shot('clock');
});

test('participants: check in, pages, and a <script> name stays text', async () => {
  await page.goto(url('/participants'));
  await row('participants', 'par_001').getByRole('button', { name: 'Check in' }).click();
  assert.match(await page.textContent('#flash'), /Participant par_001 checked in/);
  assert.notEqual((await row('participants', 'par_001').locator('.checked-in').textContent()).trim(), '\u2014');
  assert.match(await row('participants', 'par_003').locator('.name').textContent(), /<script>alert/);
  await shot('participants');
  await row('participants', 'par_001').getByRole('button', { name: 'Check in' }).click();
  assert.match(await page.textContent('#flash'), /409 invalid_transition/);
});

test('events: publish, then the refusal of a second publish', async () => {
  await page.goto(url('/events'));
  await row('events', emulator.config.event_id).getByRole('button', { name: 'Publish' }).click();
  assert.match(await page.textContent('#flash'), /published/);
  assert.equal((await row('events', emulator.config.event_id).locator('.status').textContent()).trim(), 'published');
  await shot('events');
  await row('events', emulator.config.event_id).getByRole('button', { name: 'Publish' }).click();
  assert.match(await page.textContent('#flash'), /409 invalid_transition/);
});

test('installations: the list, and Revoke', async () => {
  await page.goto(url('/installations'));
  const rows = page.locator('#installations tbody tr[data-id]');
  assert.equal(await rows.count(), 1);
  await shot('installations');
  const revoke = rows.first().getByRole('button', { name: 'Revoke' });
  assert.equal(await revoke.count(), 1, 'a live installation has a Revoke button');
  await revoke.click();
  assert.match(await page.textContent('#flash'), /revoked/);
  assert.match(await rows.first().locator('.status').textContent(), /revoked/);
  await shot('installations-revoked');
});

test('requests page renders', async () => {
  const response = await page.goto(url('/requests'));
  assert.equal(response.status(), 200);
  await shot('requests');
});

test('with JavaScript on, no fixture value runs as script', async () => {
  const jsContext = await browser.newContext();
  const jsPage = await jsContext.newPage();
  let dialogs = 0;
  jsPage.on('dialog', (dialog) => { dialogs++; dialog.dismiss(); });
  for (const path of ['', '/events', '/applications', '/participants', '/deliveries', '/installations', '/clock', '/requests']) {
    assert.equal((await jsPage.goto(url(path))).status(), 200);
  }
  assert.equal(dialogs, 0);
  await jsContext.close();
});

test('a bad page parameter answers a 400 page that names it', async () => {
  const response = await page.goto(url('/participants?after=soon'));
  assert.equal(response.status(), 400);
  assert.match(await page.textContent('#detail'), /after: must be a non-negative whole number/);
  await shot('bad-request');
});

test('with --admin-token the console asks for the token once and keeps an HttpOnly, Strict cookie', async () => {
  const guarded = await startEmulator(['--admin-token', 'console-browser-token']);
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  try {
    const p = await ctx.newPage();
    await p.goto(`${guarded.base}/_sandbox/console/clock`);
    assert.match(p.url(), /\/_sandbox\/console\/login\?next=/);
    await p.screenshot({ path: join(ARTIFACTS, 'login.png') });
    await p.fill('#token', 'wrong');
    await p.click('button[type=submit]');
    assert.match(await p.textContent('#problem'), /not the token/);
    await p.fill('#token', 'console-browser-token');
    await p.click('button[type=submit]');
    assert.equal(new URL(p.url()).pathname, '/_sandbox/console/clock');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'revento_console');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.notEqual(cookie.value, 'console-browser-token');
    await p.getByRole('button', { name: '+1 hour' }).click();
    assert.match(await p.textContent('#flash'), /Clock moved/);
    await p.getByRole('button', { name: 'Sign out' }).click();
    assert.match(p.url(), /\/_sandbox\/console\/login/);
    await p.goto(`${guarded.base}/_sandbox/console`);
    assert.match(p.url(), /\/_sandbox\/console\/login/);
  } finally {
    await ctx.close();
    assert.equal(await guarded.stop(), 0);
  }
});
