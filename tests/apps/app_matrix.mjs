// The mutation matrix for apps (issue 19, point 3): a correct integration in
// Python (tests/apps/python/app.py, standard library) and one in Go
// (tests/apps/go, net/http), and one-bug variants of them, each graded by
// the real tools a user runs:
//
//   revento scenarios run scenarios/app --emulator E --app A --set api_path=/participants
//   revento check all --app A --secret S --refresh-path /participants
//
// Each run gets an emulator of its own (port 0) whose integration's redirect
// URI and webhook URL are the app's, and the app on a free loopback port.
// The expectations are rows of tests/apps/matrix.json: exactly which
// scenarios and which checks fail (none for a correct app). docs/check.md
// ("Apps in other languages") prints the same rows; `--markdown` prints them.
//
//   node tests/apps/app_matrix.mjs ROW...        run rows (ids: python, go/no-pkce, ...)
//   node tests/apps/app_matrix.mjs --all         every row, a few at a time
//   node tests/apps/app_matrix.mjs --markdown    the table for docs/check.md
//
// Environment: REVENTO_EMULATOR_BINARY, REVENTO_CLIENT_BINARY (default:
// build/...), REVENTO_GO_APP (the built Go app; default build/tests/apps/go-app),
// PYTHON (default python3).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const matrix = JSON.parse(readFileSync(`${root}tests/apps/matrix.json`, 'utf8'));
const emulatorBinary = process.env.REVENTO_EMULATOR_BINARY ?? `${root}build/emulator/revento-emulator`;
const reventoBinary = process.env.REVENTO_CLIENT_BINARY ?? `${root}build/client/revento`;
const goApp = process.env.REVENTO_GO_APP ?? `${root}build/tests/apps/go-app`;
const python = process.env.PYTHON ?? 'python3';

const rowId = (row) => (row.bug ? `${row.app}/${row.bug}` : row.routes ? `${row.app}/other-routes` : row.app);

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.on('error', reject);
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

function firstLine(child, what) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`${what} exited ${code} before printing a line`)));
  });
}

function run(argv, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function appCommand(row) {
  const bug = row.bug ? ['--bug', row.bug] : [];
  if (row.app === 'python') return [python, `${root}tests/apps/python/app.py`, ...bug];
  if (row.app === 'go') return [goApp, ...bug.map((a) => (a === '--bug' ? '-bug' : a))];
  throw new Error(`matrix.json: unknown app ${row.app}`);
}

// The emulator's flags that register the app on `port`. A row with `routes`
// (an app whose routes are not the quickstart's) is registered the way
// docs/scenarios.md tells a user to: --redirect-uri and --webhook-url. The
// others get a copy of the default fixture with the port replaced.
function registration(row, port, work) {
  if (row.routes) {
    return ['--redirect-uri', `http://localhost:${port}${row.routes.callback_path}`,
      '--webhook-url', `http://localhost:${port}${row.routes.webhook_path}`];
  }
  const fixtures = readFileSync(`${root}fixtures/default.json`, 'utf8')
    .replaceAll('http://localhost:3000', `http://localhost:${port}`);
  writeFileSync(join(work, 'fixtures.json'), fixtures);
  return ['--fixtures', join(work, 'fixtures.json')];
}

// The app's routes as its environment (tests/apps/python/app.py reads them).
const routeEnv = (row) => Object.fromEntries(Object.entries(row.routes ?? {}).map(([k, v]) => [k.toUpperCase(), v]));

// `scenarios run` and `check all` arguments that name the app's routes.
function scenarioRouteArgs(row) {
  if (!row.routes) return matrix.scenario_args ?? [];
  return Object.entries(row.routes).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
}
function checkRouteArgs(row, app) {
  const r = row.routes ?? { connect_path: '/connect', api_path: '/participants' };
  const to = row.routes ? ['--to', `${app}${r.webhook_path}`] : [];
  return ['--connect-path', r.connect_path, '--refresh-path', r.api_path, ...to];
}

// Starts an emulator that knows the app on `port`, then the app; calls
// body(config) and stops both.
async function withEmulatorAndApp(row, extraEnv, body) {
  const port = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'revento-app-matrix-'));
  const emulator = spawn(emulatorBinary, ['--port', '0', '--print-config', '--log-level', 'warn',
    ...registration(row, port, work)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let app;
  try {
    const config = JSON.parse(await firstLine(emulator, 'revento-emulator'));
    const [command, ...args] = appCommand(row);
    app = spawn(command, args, {
      env: { ...process.env, ...extraEnv, ...routeEnv(row), PORT: String(port), REVENTO_CLIENT_ID: config.client_id,
             REVENTO_CLIENT_SECRET: config.client_secret, REVENTO_WEBHOOK_SECRET: config.webhook_secret,
             SANDBOX_EVENT_ID: config.event_id, AUTH_BASE: config.auth_base, API_BASE: config.api_base },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await firstLine(app, `the ${rowId(row)} app`);
    return await body({ ...config, app: `http://localhost:${port}`, emulator: `http://127.0.0.1:${config.port}`, work });
  } finally {
    app?.kill('SIGTERM');
    emulator.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

// The names of the scenarios that failed, from `scenarios run --json`.
async function failedScenarios(row) {
  return withEmulatorAndApp(row, row.scenario_env ?? {}, async (c) => {
    const out = await run([reventoBinary, 'scenarios', 'run', `${root}scenarios/app`, '--emulator', c.emulator,
      '--app', c.app, ...scenarioRouteArgs(row), '--json']);
    let report;
    try {
      report = JSON.parse(out.stdout.slice(out.stdout.indexOf('{')));
    } catch {
      throw new Error(`scenarios run exited ${out.code} without a JSON report:\n${out.stdout}${out.stderr}`);
    }
    const file = (s) => basename(s.file, '.yaml');
    const failed = report.scenarios.filter((s) => s.outcome === 'failed').map(file).sort();
    const skipped = report.scenarios.filter((s) => s.outcome === 'skipped').map(file);
    return { failed, skipped, code: out.code, output: out.stdout + out.stderr, report };
  });
}

// The ids of the checks that failed, from `check all --json`.
async function failedChecks(row) {
  return withEmulatorAndApp(row, row.check_env ?? {}, async (c) => {
    const out = await run([reventoBinary, 'check', 'all', '--app', c.app, '--emulator', c.emulator,
      '--secret', c.webhook_secret, ...checkRouteArgs(row, c.app), ...(row.check_args ?? []), '--json']);
    let report;
    try {
      report = JSON.parse(out.stdout);
    } catch {
      throw new Error(`check all exited ${out.code} without a JSON report:\n${out.stdout}${out.stderr}`);
    }
    const failed = report.checks.filter((check) => !check.passed).map((check) => check.id).sort();
    const skipped = report.checks.filter((check) => check.skipped).map((check) => check.id);
    return { failed, skipped, code: out.code, report };
  });
}

for (const row of matrix.rows) {
  for (const [own, list] of [[row.rule_scenario, row.scenarios], [row.rule_check, row.checks]]) {
    if (own && !list.includes(own)) throw new Error(`matrix.json: ${rowId(row)}: ${own} is not among its failures`);
  }
}

const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

// Runs one row; answers the lines to print and whether it met its expectations.
async function runRow(row) {
  const [scenarios, checks] = await Promise.all([failedScenarios(row), failedChecks(row)]);
  const problems = [];
  if (!same(scenarios.failed, row.scenarios)) {
    problems.push(`scenarios failed: ${JSON.stringify(scenarios.failed)}, expected ${JSON.stringify(row.scenarios)}`);
  }
  if (scenarios.skipped.length) problems.push(`scenarios skipped: ${JSON.stringify(scenarios.skipped)}`);
  if (scenarios.code !== (row.scenarios.length ? 1 : 0)) {
    problems.push(`scenarios run exited ${scenarios.code}`);
  }
  if (!same(checks.failed, row.checks)) {
    problems.push(`checks failed: ${JSON.stringify(checks.failed)}, expected ${JSON.stringify(row.checks)}`);
  }
  if (checks.skipped.length) problems.push(`checks skipped: ${JSON.stringify(checks.skipped)}`);
  if (checks.code !== (row.checks.length ? 1 : 0)) problems.push(`check all exited ${checks.code}`);
  const head = `${problems.length ? 'FAIL' : 'ok  '} ${rowId(row)}: scenarios failed ${JSON.stringify(scenarios.failed)}, ` +
    `checks failed ${JSON.stringify(checks.failed)}`;
  const details = problems.length
    ? [...problems.map((p) => `     ${p}`), '     --- scenarios run output ---', scenarios.output]
    : [];
  return { ok: problems.length === 0, lines: [head, ...details] };
}

async function runRows(rows, parallel) {
  let ok = true;
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      let result;
      try {
        result = await runRow(row);
      } catch (error) {
        result = { ok: false, lines: [`FAIL ${rowId(row)}: ${error.stack ?? error}`] };
      }
      ok &&= result.ok;
      console.log(result.lines.join('\n'));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ok;
}

// The rule's own scenario and check in bold; the others fail because the
// bug broke what they need (a connect, a token).
function markdown() {
  const cell = (list, own) => (list.length ? list.map((x) => (x === own ? `**${x}**` : x)).join(', ') : 'none');
  const lines = ['| app | variant: the one bug | scenarios that fail | checks that fail |', '|---|---|---|---|'];
  for (const row of matrix.rows) {
    const variant = row.bug ? `\`${row.bug}\`: ${row.what}` : row.routes ? `correct, ${row.what}` : 'correct';
    lines.push(`| ${matrix.apps[row.app]} | ${variant} | ${cell(row.scenarios, row.rule_scenario)} | ` +
      `${cell(row.checks, row.rule_check)} |`);
  }
  return lines.join('\n');
}

const argv = process.argv.slice(2);
if (argv[0] === '--markdown') {
  console.log(markdown());
} else if (argv[0] === '--check-docs') {
  // docs/check.md must print the matrix as it is.
  const docs = readFileSync(`${root}docs/check.md`, 'utf8');
  if (!docs.includes(markdown())) {
    console.error('docs/check.md ("Apps in other languages") does not hold the matrix of tests/apps/matrix.json; ' +
      'paste the output of `node tests/apps/app_matrix.mjs --markdown` there');
    process.exit(1);
  }
  console.log('docs/check.md holds the matrix of tests/apps/matrix.json');
} else {
  const rows = argv[0] === '--all' ? matrix.rows : argv.map((id) => {
    const row = matrix.rows.find((r) => rowId(r) === id);
    if (!row) {
      console.error(`no row ${id} in tests/apps/matrix.json (rows: ${matrix.rows.map(rowId).join(', ')})`);
      process.exit(2);
    }
    return row;
  });
  if (!rows.length) {
    console.error('usage: app_matrix.mjs ROW... | --all | --markdown | --check-docs');
    process.exit(2);
  }
  process.exit((await runRows(rows, Number(process.env.APP_MATRIX_JOBS ?? 2))) ? 0 : 1);
}
