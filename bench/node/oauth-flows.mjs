// OAuth authorization-code flows per second with Node's fetch (undici,
// keep-alive), 32 flows in flight, against revento-emulator (--auto-consent)
// and against the npm oauth2-mock-server. Prints figures; asserts nothing.
//
//   node bench/node/oauth-flows.mjs [path/to/revento-emulator] [seconds=5] [concurrency=32]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import crypto from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';

const binary = process.argv[2] ?? new URL('../../build/emulator/revento-emulator', import.meta.url).pathname;
const seconds = Number(process.argv[3] ?? 5);
const concurrency = Number(process.argv[4] ?? 32);
const b64url = (buf) => buf.toString('base64').replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');

async function run(label, oneFlow) {
  const latencies = [];
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      const t0 = performance.now();
      try { await oneFlow(); latencies.push(performance.now() - t0); } catch { failures++; }
    }
  }));
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(2);
  console.log(`${label}: ${(latencies.length / seconds).toFixed(0)} flows/s  p50 ${q(0.5)} ms  p99 ${q(0.99)} ms  failures ${failures}`);
}

async function emulatorFlows() {
  const child = spawn(binary, ['--port', '0', '--print-config', '--auto-consent', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const config = JSON.parse(await new Promise((r) => createInterface({ input: child.stdout }).once('line', r)));
  const base = `http://127.0.0.1:${config.port}`;
  await run(`revento-emulator (${concurrency} concurrent, Node fetch)`, async () => {
    const verifier = b64url(crypto.randomBytes(32));
    const challenge = b64url(crypto.createHash('sha256').update(verifier).digest());
    const url = new URL(`${base}/oauth/authorize`);
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: config.client_id, redirect_uri: config.redirect_uri,
      scope: 'event.read participants.read', event_id: config.event_id, state: 's', code_challenge: challenge, code_challenge_method: 'S256' })) url.searchParams.set(k, v);
    const auth = await fetch(url, { redirect: 'manual' });
    await auth.arrayBuffer();
    const code = new URL(auth.headers.get('location')).searchParams.get('code');
    const token = await fetch(`${base}/oauth/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: config.redirect_uri,
        client_id: config.client_id, client_secret: config.client_secret, code_verifier: verifier }),
    });
    if (!token.ok) throw new Error(await token.text());
    await token.json();
  });
  child.kill('SIGTERM');
}

async function mockServerFlows() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const base = server.issuer.url;
  await run(`oauth2-mock-server (${concurrency} concurrent, Node fetch)`, async () => {
    const auth = await fetch(`${base}/authorize?response_type=code&client_id=c&redirect_uri=${encodeURIComponent('http://localhost:3000/callback')}&scope=openid&state=s`, { redirect: 'manual' });
    await auth.arrayBuffer();
    const code = new URL(auth.headers.get('location')).searchParams.get('code');
    const token = await fetch(`${base}/token`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3000/callback', client_id: 'c' }),
    });
    if (!token.ok) throw new Error(await token.text());
    await token.json();
  });
  await server.stop();
}

await mockServerFlows();
await emulatorFlows();
