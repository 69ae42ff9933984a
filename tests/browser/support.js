// Shared helpers for the browser tests: start the real emulator on port 0 and
// launch Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const BINARY = process.env.REVENTO_EMULATOR_BINARY ?? new URL('../../build/emulator/revento-emulator', import.meta.url).pathname;

// Starts revento-emulator with --port 0 --print-config plus `args`; resolves
// to { config, base, stop }.
export async function startEmulator(args = []) {
  const child = spawn(BINARY, ['--port', '0', '--print-config', '--log-level', 'warn', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const config = JSON.parse(first);
  const base = `http://127.0.0.1:${config.port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/_sandbox/health`)).ok) break;
    } catch { /* not accepting yet */ }
    await new Promise((r) => setTimeout(r, 10));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { config, base, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
