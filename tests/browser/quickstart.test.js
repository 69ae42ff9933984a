// CONTRACT.md: the quickstart's server.js, unchanged but for AUTH_BASE and
// API_BASE, completes the whole walk against the emulator: connect, consent,
// callback, participants, and a signed webhook accepted by its receiver.
// It listens on port 3000 and uses http://localhost:3000/callback, exactly as
// the quickstart and the default sandbox say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { startEmulator, launchBrowser } from './support.js';

const here = new URL('.', import.meta.url).pathname;

async function startQuickstart(config) {
  const child = spawn(process.execPath, [`${here}quickstart/server.js`], {
    cwd: here,
    env: {
      ...process.env,
      REVENTO_CLIENT_ID: config.client_id,
      REVENTO_CLIENT_SECRET: config.client_secret,
      REVENTO_WEBHOOK_SECRET: config.webhook_secret,
      SANDBOX_EVENT_ID: config.event_id,
      AUTH_BASE: config.auth_base,
      API_BASE: config.api_base,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  for (let i = 0; i < 500 && !output.includes('Listening on'); i++) {
    if (child.exitCode !== null) throw new Error(`quickstart exited: ${output}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, output: () => output, stop: () => child.kill('SIGTERM') };
}

// Polls `fn` until it returns a truthy value (bounded; no fixed sleeps).
async function eventually(fn, what) {
  for (let i = 0; i < 500; i++) {
    const value = await fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('server.js differs from the quickstart only in AUTH_BASE and API_BASE', { skip: !existsSync(`${here}../../../shared/seed`) && 'shared/ not beside the clone' }, () => {
  const seedDir = `${here}../../../shared/seed/`;
  const seed = readFileSync(`${seedDir}000_c42b2981b61f559b.txt`, 'utf8');
  const full = seed.slice(seed.indexOf('Full code')).split('\n').slice(1).map((l) => l.trimEnd()).filter(Boolean);
  const ours = readFileSync(`${here}quickstart/server.js`, 'utf8').split('\n').map((l) => l.trimEnd())
    .filter((l) => l && !l.startsWith('//'));
  assert.equal(ours.length, full.length);
  const differing = ours.map((l, i) => [l, full[i]]).filter(([a, b]) => a !== b);
  assert.deepEqual(differing.map(([a]) => a), [
    'const AUTH_BASE = process.env.AUTH_BASE;',
    'const API_BASE = process.env.API_BASE;',
  ]);
});

test('the quickstart completes connect, consent, callback, participants and a signed webhook', async () => {
  const emulator = await startEmulator();
  const app = await startQuickstart(emulator.config);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto('http://localhost:3000/connect');
    // The consent page names the integration, the organization, the event and each scope.
    const consent = await page.textContent('body');
    assert.match(consent, /Quickstart App/);
    assert.match(consent, /Revento Summit 2026/);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(/localhost:3000\/callback/);
    const result = JSON.parse(await page.textContent('body'));
    assert.equal(result.message, 'Connected!');
    assert.equal(result.participants.data.length, 10);
    assert.ok(result.participants.next_cursor);

    // An organizer publishes the event: the quickstart receives a signed event.published.
    const publish = await fetch(`${emulator.base}/_sandbox/events/${emulator.config.event_id}/publish`, { method: 'POST' });
    assert.equal(publish.status, 200, await publish.text());
    await eventually(() => app.output().includes('[event.published]'), 'the quickstart to accept event.published');
    // The app prints before its 200 reaches the emulator, so wait for the recorded outcome.
    const delivered = await eventually(async () => {
      const deliveries = await (await fetch(`${emulator.base}/_sandbox/deliveries?type=event.published`)).json();
      const found = deliveries.data.find((d) => d.type === 'event.published');
      return found && found.status !== 'in_flight' && found.status !== 'pending' ? found : null;
    }, 'the emulator to record the event.published outcome');
    assert.equal(delivered.status, 'succeeded');
  } finally {
    await browser.close();
    app.stop();
    assert.equal(await emulator.stop(), 0);
  }
});
