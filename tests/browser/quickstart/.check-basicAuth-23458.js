// The Revento quickstart's server.js ("Full code", shared/seed), unchanged
// except for AUTH_BASE and API_BASE, which point at the emulator. CONTRACT.md:
// this file must complete the whole walk against the emulator.
import express from 'express';
import crypto from 'node:crypto';
const app = express();
app.use(express.json({ verify: (req, _res, buf) => { req.rawBody = buf; } }));
const CLIENT_ID = process.env.REVENTO_CLIENT_ID;
const CLIENT_SECRET = process.env.REVENTO_CLIENT_SECRET;
const WEBHOOK_SECRET = process.env.REVENTO_WEBHOOK_SECRET;
const REDIRECT_URI = `http://localhost:${process.env.PORT}/callback`;
const AUTH_BASE = process.env.AUTH_BASE;
const API_BASE = process.env.API_BASE;
const state = { codeVerifier: null, accessToken: null, refreshToken: null };
const base64url = (buf) => buf.toString('base64')
.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
app.get('/connect', (req, res) => {
const perRequestState = base64url(crypto.randomBytes(32));
res.setHeader('Set-Cookie', `oauth_state=${perRequestState}; HttpOnly; SameSite=Lax; Path=/`);
const verifier = base64url(crypto.randomBytes(32));
const challenge = base64url(crypto.createHash('sha256').update(verifier).digest());
state.codeVerifier = verifier;
const url = new URL(`${AUTH_BASE}/oauth/authorize`);
url.searchParams.set('response_type', 'code');
url.searchParams.set('client_id', CLIENT_ID);
url.searchParams.set('redirect_uri', REDIRECT_URI);
url.searchParams.set('scope', 'event.read participants.read');
url.searchParams.set('event_id', process.env.SANDBOX_EVENT_ID);
url.searchParams.set('state', perRequestState);
url.searchParams.set('code_challenge', challenge);
url.searchParams.set('code_challenge_method', 'S256');
res.redirect(url.toString());
});
app.get('/callback', async (req, res) => {
const { code, state: returnedState } = req.query;
const expectedState = (/(?:^|;\s*)oauth_state=([^;]+)/.exec(req.headers.cookie || '') || [])[1];
if (!expectedState || returnedState !== expectedState) return res.status(400).send('State mismatch');
res.setHeader('Set-Cookie', 'oauth_state=; Max-Age=0; Path=/');
const tokenResp = await fetch(`${AUTH_BASE}/oauth/token`, {
method: 'POST',
headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Authorization': 'Basic ' + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64') },
body: new URLSearchParams({
grant_type: 'authorization_code',
code,
redirect_uri: REDIRECT_URI,
code_verifier: state.codeVerifier,
}),
});
if (!tokenResp.ok) return res.status(500).send(await tokenResp.text());
const tokens = await tokenResp.json();
state.accessToken = tokens.access_token;
state.refreshToken = tokens.refresh_token;
const partsResp = await fetch(
`${API_BASE}/events/${tokens.event_id}/participants?limit=10`,
{ headers: {
'Authorization': `Bearer ${tokens.access_token}`,
'Accept': 'application/vnd.revento.v1+json',
'X-Revento-Request-Id': crypto.randomUUID(),
}
}
);
res.json({ message: 'Connected!', participants: await partsResp.json() });
});
app.post('/webhooks/revento', (req, res) => {
const ts = req.headers['x-revento-timestamp'];
const sig = req.headers['x-revento-signature'];
if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
return res.status(401).send('Stale timestamp');
}
const hmac = crypto.createHmac('sha256', WEBHOOK_SECRET);
hmac.update(`${ts}.`);
hmac.update(req.rawBody);
const expected = 'sha256=' + hmac.digest('hex');
const a = Buffer.from(expected);
const b = Buffer.from(sig || '');
if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
return res.status(401).send('Bad signature');
}
console.log(`[${req.headers['x-revento-event']}]`, req.body);
res.status(200).send('ok');
});

let refreshing = null;
async function refreshTokens() {
  const r = await fetch(`${AUTH_BASE}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: state.refreshToken,
                                client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
  });
  const tokens = await r.json();
  if (!r.ok) throw new Error(JSON.stringify(tokens));
  state.accessToken = tokens.access_token;
  state.refreshToken = tokens.refresh_token; // STORE-ROTATED
}
// SINGLE-FLIGHT: every caller awaits the one refresh in progress.
const refreshOnce = () => (refreshing ??= refreshTokens().finally(() => { refreshing = null; }));
const callApi = (token) => fetch(`${API_BASE}/events/${process.env.SANDBOX_EVENT_ID}/participants?limit=1`,
  { headers: { 'Authorization': `Bearer ${token}`, 'Accept': 'application/vnd.revento.v1+json' } });
app.get('/participants', async (req, res) => {
  const used = state.accessToken;
  let r = await callApi(used);
  if (r.status === 401 && (await r.clone().json()).error?.code === 'token_expired') {
    try {
      if (state.accessToken === used) await refreshOnce();
    } catch (e) {
      return res.status(502).send(String(e));
    }
    r = await callApi(state.accessToken);
  }
  res.status(r.status).json(await r.json());
});

app.listen(Number(process.env.PORT), () => console.log(`Listening on http://localhost:${process.env.PORT}`));
