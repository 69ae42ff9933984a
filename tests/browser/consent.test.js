// The consent page in headless Chromium: Authorize and Deny follow the
// redirect back to a real callback server, and a consent id works once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import crypto from 'node:crypto';
import { startEmulator, launchBrowser } from './support.js';

const base64url = (buf) => buf.toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');

let callbackServer, callbackUri, emulator, browser;

before(async () => {
  // A tiny integration: its /callback answers 200 and shows the query.
  callbackServer = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`callback received ${req.url}`);
  });
  await new Promise((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callbackUri = `http://127.0.0.1:${callbackServer.address().port}/callback`;
  // The default sandbox, with the callback server registered as well.
  const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url)));
  fixtures.integrations[0].redirect_uris.push(callbackUri);
  const path = join(mkdtempSync(join(tmpdir(), 'revento-consent-')), 'fixtures.json');
  writeFileSync(path, JSON.stringify(fixtures));
  emulator = await startEmulator(['--fixtures', path]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  assert.equal(await emulator?.stop(), 0);
  callbackServer?.close();
});

function authorizeUrl(verifier, state) {
  const url = new URL(`${emulator.base}/oauth/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', emulator.config.client_id);
  url.searchParams.set('redirect_uri', callbackUri);
  url.searchParams.set('scope', 'event.read participants.read');
  url.searchParams.set('event_id', emulator.config.event_id);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', base64url(crypto.createHash('sha256').update(verifier).digest()));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

test('the consent page shows who asks for what, and Authorize returns a code', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const verifier = base64url(crypto.randomBytes(32));
  const state = 'st&te=with/odd chars';
  const response = await page.goto(authorizeUrl(verifier, state));
  assert.equal(response.status(), 200);
  assert.equal(await page.textContent('#integration'), 'Quickstart App');
  assert.equal(await page.textContent('#organization'), 'Acme Conferences');
  assert.equal(await page.textContent('#event'), 'Revento Summit 2026');
  const scopes = await page.locator('#scopes li').allTextContents();
  assert.equal(scopes.length, 2);
  assert.match(scopes[0], /See the event's details/);
  assert.match(scopes[1], /See the event's participants/);

  await Promise.all([page.waitForURL(`${callbackUri}?**`), page.click('#authorize')]);
  const back = new URL(page.url());
  assert.equal(`${back.origin}${back.pathname}`, callbackUri);
  assert.equal(back.searchParams.get('state'), state);
  const code = back.searchParams.get('code');
  assert.match(code, /^rev_code_/);
  assert.match(await page.textContent('body'), /callback received/);

  const token = await fetch(`${emulator.base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: callbackUri,
      client_id: emulator.config.client_id, client_secret: emulator.config.client_secret, code_verifier: verifier,
    }),
  });
  assert.equal(token.status, 200);
  assert.equal((await token.json()).event_id, emulator.config.event_id);
  await context.close();
});

test('Deny returns access_denied with the state', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(authorizeUrl(base64url(crypto.randomBytes(32)), 'deny-state'));
  await Promise.all([page.waitForURL(`${callbackUri}?**`), page.click('#deny')]);
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('error'), 'access_denied');
  assert.ok(back.searchParams.get('error_description'));
  assert.equal(back.searchParams.get('state'), 'deny-state');
  assert.equal(back.searchParams.get('code'), null);
  await context.close();
});

test('a second submit of the same consent id is refused', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(authorizeUrl(base64url(crypto.randomBytes(32)), 'once'));
  const consentId = await page.getAttribute('input[name=consent_id]', 'value');
  await Promise.all([page.waitForURL(`${callbackUri}?**`), page.click('#authorize')]);

  // Submit the very same form again, from the emulator's origin.
  await page.goto(`${emulator.base}/_sandbox/health`);
  await page.setContent(`<form method="post" action="${emulator.base}/oauth/consent">
    <input type="hidden" name="consent_id" value="${consentId}">
    <button id="again" type="submit" name="decision" value="authorize">Authorize</button></form>`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/oauth/consent')),
    page.click('#again'),
  ]);
  assert.equal(response.status(), 400);
  assert.equal(response.headers().location, undefined);
  await page.waitForLoadState();
  assert.match(await page.textContent('h1'), /already submitted/);
  await context.close();
});
