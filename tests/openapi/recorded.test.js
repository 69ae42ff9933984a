// Every response the C++ end-to-end tests received (tests/e2e, through
// tests/support/emulator_process.h) is checked against docs/openapi.yaml
// with response_checker.js, the checks of conformance.test.js: ctest test
// openapi.recorded runs after the e2e tests and reads the files the
// emulators wrote with --record-responses into REVENTO_RECORD_RESPONSES_DIR
// (tests/CMakeLists.txt). No recordings at all is a failure, not a skip: it
// means the e2e tests did not run or did not record.
//
// A JSON body over the recorder's cap (64 KiB) is recorded without its text
// ("truncated"): its status, headers and Content-Type are still checked, its
// schema is not. The responses the document cannot describe per operation
// are skipped by name, in UNDESCRIBABLE below, each with its reason (and,
// where there is one, the check that still applies); every skip is counted
// and printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadChecker } from './response_checker.js';

const DIR = process.env.REVENTO_RECORD_RESPONSES_DIR;
const RUN_HINT = "run it after the e2e tests: cd build && ctest -R 'e2e|openapi.recorded'";

// Responses that cannot be described per operation, by name. `checker` is
// the ResponseChecker, for rules that depend on the document.
const UNDESCRIBABLE = [
  {
    name: 'no-such-route',
    // A test asks for a path the emulator does not serve (404) or a method a
    // path does not serve outside the document, e.g. OPTIONS (405): the
    // document describes operations, and these requests match none.
    // tests/emulator/http/router_test.cc checks these bodies.
    matches: (line, checker) => [404, 405].includes(line.status) && !checker.templateOf(line.method, line.path),
  },
  {
    name: 'connection-layer-refusal',
    // The connection layer refuses a request before it is routed, whatever
    // its path: 408 (head too slow), 413 (body over 1 MiB), 414 (URI too
    // long), 431 (head too large) (docs/emulator.md "Limits";
    // tests/e2e/hostile_input_e2e_test.cc sends them on purpose). OpenAPI has
    // no responses shared by every operation, and repeating five statuses
    // on each of them would hide the ones a handler really answers. The body
    // is still checked: it must be the area's error body of the document.
    matches: (line) => [408, 413, 414, 431].includes(line.status),
    check: checkAreaErrorBody,
  },
  {
    name: 'request-guard-refusal',
    // emulator/http/request_guard.h refuses before routing, whatever the
    // path: a Host that is not an allowed name (DNS rebinding), a
    // state-changing /_sandbox request from another origin. 403 in the
    // area's error body (tests/e2e/request_guard_e2e_test.cc).
    matches: (line) => line.status === 403 && /host_not_allowed|cross_origin_refused/.test(line.body ?? ''),
    check: checkAreaErrorBody,
  },
];

// The area's error body (emulator/http/area.h): an HTML page on the routes a
// browser visits, RFC 6749 JSON elsewhere under /oauth and /.well-known, the
// Revento error body on the rest.
function checkAreaErrorBody(line, checker) {
  const html = /^\/oauth\/(authorize|consent)|^\/_sandbox\/console/.test(line.path);
  const type = (line.content_type ?? '').split(';')[0];
  if (html) return type === 'text/html' ? [] : [`Content-Type ${line.content_type} is not text/html`];
  const oauth = /^\/(oauth|\.well-known)/.test(line.path);
  const schemas = checker.document.components.schemas;
  if (type !== 'application/json') return [`Content-Type ${line.content_type} is not application/json`];
  if (line.body === undefined) return [];
  const validate = checker.validatorFor(`refusal ${oauth}`, oauth ? schemas.OAuthError : schemas.Error);
  return validate(JSON.parse(line.body)) ? [] : [`refusal body does not match the error schema: ${checker.ajv.errorsText(validate.errors)}`];
}

function readRecordings(dir) {
  const lines = [];
  const malformed = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    text.split('\n').forEach((raw, index) => {
      if (raw === '') return;
      try {
        lines.push({ where: `${name}:${index + 1}`, ...JSON.parse(raw) });
      } catch (e) {
        malformed.push(`${name}:${index + 1}: not a JSON line (${e.message}): ${raw.slice(0, 200)}`);
      }
    });
  }
  return { lines, malformed };
}

test('every response the e2e tests received matches docs/openapi.yaml', async () => {
  assert.ok(DIR, `REVENTO_RECORD_RESPONSES_DIR is not set; ${RUN_HINT}`);
  assert.ok(existsSync(DIR), `${DIR} does not exist; ${RUN_HINT}`);
  const { lines, malformed } = readRecordings(DIR);
  assert.deepEqual(malformed, [], 'every recorded line is JSON');
  assert.ok(lines.length > 0, `no recorded responses in ${DIR}; ${RUN_HINT}`);

  const checker = await loadChecker();
  const failures = new Map();  // "METHOD template status: problem" -> { count, example }
  const skipped = new Map();   // allow-list name -> count
  let truncated = 0;
  for (const line of lines) {
    const rule = UNDESCRIBABLE.find((r) => r.matches(line, checker));
    if (rule) {
      skipped.set(rule.name, (skipped.get(rule.name) ?? 0) + 1);
      for (const problem of rule.check?.(line, checker) ?? []) {
        const key = `${line.method} ${line.path} ${line.status} (${rule.name}): ${problem.slice(0, 200)}`;
        const entry = failures.get(key) ?? { count: 0, example: `${line.where}: ${problem}` };
        ++entry.count;
        failures.set(key, entry);
      }
      continue;
    }
    if (line.truncated) ++truncated;
    const headers = Object.fromEntries(Object.entries(line.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const result = checker.check({
      method: line.method, path: line.path, status: line.status, contentType: line.content_type, headers,
      text: line.body, bodyBytes: line.body_bytes,
    });
    for (const problem of result.problems) {
      const key = `${line.method} ${result.template ?? line.path} ${line.status}: ${problem.split('\n')[0].slice(0, 200)}`;
      const entry = failures.get(key) ?? { count: 0, example: `${line.where}: ${problem}` };
      ++entry.count;
      failures.set(key, entry);
    }
  }
  const summary = `${lines.length} recorded responses, ${truncated} with a body over the cap (schema not checked)` +
    [...skipped].map(([name, count]) => `, ${count} skipped as ${name}`).join('');
  console.log(summary);
  const report = [...failures].map(([key, { count, example }]) => `${count} x ${key}\n    e.g. ${example}`);
  assert.deepEqual(report, [], `responses that docs/openapi.yaml does not describe (${summary})`);
});
