// Runs scenarios/app against the Revento quickstart's server.js, the way a
// user tests their own app: `revento scenarios run scenarios/app --emulator
// URL --app URL`. The quickstart listens on port 3000 (which the browser
// tests use), so this runs a copy whose port (in app.listen and in
// REDIRECT_URI) comes from PORT and is otherwise the file verbatim, and an
// emulator whose fixture integration points at that port.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const emulatorBinary = process.env.REVENTO_EMULATOR_BINARY;
const reventoBinary = process.env.REVENTO_CLIENT_BINARY;

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

const port = await freePort();
const work = mkdtempSync(join(tmpdir(), 'revento-app-scenarios-'));
const fixtures = readFileSync(`${root}fixtures/default.json`, 'utf8').replaceAll('http://localhost:3000', `http://localhost:${port}`);
writeFileSync(join(work, 'fixtures.json'), fixtures);
// The copy lives beside the original so that `import express` resolves from tests/browser/node_modules.
const copy = `${root}tests/browser/quickstart/.server-port-${process.pid}.js`;
const source = readFileSync(`${root}tests/browser/quickstart/server.js`, 'utf8');
const portable = source
  .replace("'http://localhost:3000/callback'", '`http://localhost:${process.env.PORT}/callback`')
  .replace('app.listen(3000,', 'app.listen(Number(process.env.PORT),')
  .replace("'Listening on http://localhost:3000'", '`Listening on http://localhost:${process.env.PORT}`');
if (portable.includes('3000')) throw new Error('server.js changed: cannot make its port configurable');
writeFileSync(copy, portable);

const emulator = spawn(emulatorBinary, ['--port', '0', '--print-config', '--log-level', 'warn', '--fixtures', join(work, 'fixtures.json')],
  { stdio: ['ignore', 'pipe', 'inherit'] });
let app;
let code = 1;
try {
  const config = JSON.parse(await firstLine(emulator));
  app = spawn(process.execPath, [copy], {
    env: { ...process.env, PORT: String(port), REVENTO_CLIENT_ID: config.client_id, REVENTO_CLIENT_SECRET: config.client_secret,
           REVENTO_WEBHOOK_SECRET: config.webhook_secret, SANDBOX_EVENT_ID: config.event_id,
           AUTH_BASE: config.auth_base, API_BASE: config.api_base },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await firstLine(app);
  const runner = spawn(reventoBinary, ['scenarios', 'run', `${root}scenarios/app`, '--emulator', `http://127.0.0.1:${config.port}`,
    '--app', `http://localhost:${port}`], { stdio: 'inherit' });
  code = await new Promise((resolve) => runner.on('exit', (c) => resolve(c ?? 1)));
} finally {
  app?.kill('SIGTERM');
  emulator.kill('SIGTERM');
  rmSync(copy, { force: true });
  rmSync(work, { recursive: true, force: true });
}
process.exit(code);
