// Smoke test: Chromium reaches the emulator and reads its health document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, launchBrowser } from './support.js';

test('chromium reads /_sandbox/health', async () => {
  const emulator = await startEmulator();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const response = await page.goto(`${emulator.base}/_sandbox/health`);
    assert.equal(response.status(), 200);
    const body = JSON.parse(await page.textContent('body'));
    assert.equal(body.status, 'ok');
  } finally {
    await browser.close();
    assert.equal(await emulator.stop(), 0);
  }
});
