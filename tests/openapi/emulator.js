// Starts the real revento-emulator on port 0 (no npm packages needed).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const BINARY = process.env.REVENTO_EMULATOR_BINARY ??
  new URL('../../build/emulator/revento-emulator', import.meta.url).pathname;

// Resolves to { config, base, stop } once /_sandbox/health answers.
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
      const res = await fetch(`${base}/_sandbox/health`);
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) break;
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
