// docs/openapi.yaml is a valid OpenAPI 3.1 document (checked by
// @readme/openapi-parser against the OpenAPI 3.1 schema and its own rules),
// and the emulator serves the same document as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, validate, compileErrors } from '@readme/openapi-parser';
import { startEmulator } from './emulator.js';

const SOURCE = new URL('../../docs/openapi.yaml', import.meta.url).pathname;

test('docs/openapi.yaml is a valid OpenAPI 3.1 document', async () => {
  const result = await validate(SOURCE);
  assert.ok(result.valid, result.valid ? '' : compileErrors(result));
  const document = await parse(SOURCE);
  assert.equal(document.openapi, '3.1.0');
});

test('GET /_sandbox/openapi.json serves the same document, and it validates', async () => {
  const emulator = await startEmulator();
  try {
    const res = await fetch(`${emulator.base}/_sandbox/openapi.json`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const served = await res.json();
    assert.deepEqual(served, await parse(SOURCE));
    const result = await validate(structuredClone(served));
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
  } finally {
    assert.equal(await emulator.stop(), 0);
  }
});
