// Checks one response against docs/openapi.yaml, shared by conformance.test.js
// (responses it receives itself) and recorded.test.js (responses the e2e tests
// received, recorded by the emulator's --record-responses).
//
// A response passes when its method and path (no query) map to a documented
// operation (HEAD maps to GET and carries no body), its status is documented
// for that operation, the documented response headers are present (with
// their const value, if any), its Content-Type is one the response lists
// (or there is no body when it lists none), and a JSON body validates
// against the schema (Ajv, JSON Schema 2020-12, the dialect of OpenAPI 3.1).
import Ajv2020 from 'ajv/dist/2020.js';
import { dereference } from '@readme/openapi-parser';

export const SOURCE = new URL('../../docs/openapi.yaml', import.meta.url).pathname;
export const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export async function loadChecker() {
  const document = await dereference(SOURCE);
  return new ResponseChecker(document);
}

export class ResponseChecker {
  constructor(document) {
    this.document = document;
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    this.validators = new Map();
    this.routes = Object.keys(document.paths).map((template) => {
      const segments = template.split('/').slice(1);
      const regex = new RegExp('^/' + segments.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/') + '$');
      return { regex, literalCount: segments.filter((s) => !s.startsWith('{')).length, template };
    });
  }

  // The documented path template that serves `method` on `path`, or undefined.
  templateOf(method, path) {
    const key = (method === 'HEAD' ? 'get' : method.toLowerCase());
    const candidates = this.routes.filter((r) => r.regex.test(path) && this.document.paths[r.template][key]);
    candidates.sort((a, b) => b.literalCount - a.literalCount);
    return candidates[0]?.template;
  }

  // `headers`: lower-case name -> value. `text`: the body, or undefined when
  // it is not at hand (then only `bodyBytes` says whether there was one).
  // Returns { template, problems: [string], json }.
  check({ method, path, status, contentType, headers, text, bodyBytes }) {
    const problems = [];
    const template = this.templateOf(method, path);
    if (!template) return { template, problems: ['no operation in docs/openapi.yaml matches'] };
    const operation = this.document.paths[template][method === 'HEAD' ? 'get' : method.toLowerCase()];
    const response = operation.responses[String(status)];
    const size = text !== undefined ? text.length : bodyBytes ?? 0;
    if (!response) {
      problems.push(`status ${status} is not documented for ${method} ${template} ` +
        `(documented: ${Object.keys(operation.responses).join(', ')}); body: ${(text ?? '').slice(0, 300)}`);
      return { template, problems };
    }
    for (const name of Object.keys(response.headers ?? {})) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) {
        problems.push(`documented header ${name} is missing`);
        continue;
      }
      const schema = response.headers[name].schema;
      if (schema?.const !== undefined && value !== schema.const) problems.push(`header ${name} is ${value}, not ${schema.const}`);
    }
    const type = (contentType ?? '').split(';')[0].trim();
    let json;
    if (!response.content) {
      if (size !== 0) problems.push(`no body is documented, got ${type}: ${(text ?? '').slice(0, 200)}`);
    } else if (method === 'HEAD') {
      if (!response.content[type]) problems.push(`Content-Type ${type} is not documented (documented: ${Object.keys(response.content).join(', ')})`);
    } else if (!response.content[type]) {
      problems.push(`Content-Type ${type} is not documented (documented: ${Object.keys(response.content).join(', ')})`);
    } else if (type === 'application/json' && text !== undefined) {
      try {
        json = JSON.parse(text);
      } catch {
        problems.push(`body is not JSON: ${text.slice(0, 200)}`);
        return { template, problems };
      }
      const validate = this.validatorFor(`${method} ${template} ${status} ${type}`, response.content[type].schema);
      if (!validate(json)) {
        problems.push(`body does not match the schema: ${this.ajv.errorsText(validate.errors, { separator: '\n  ' })}` +
          `\nbody: ${text.slice(0, 600)}`);
      }
    }
    return { template, problems, json };
  }

  validatorFor(key, schema) {
    if (!this.validators.has(key)) this.validators.set(key, this.ajv.compile(schema));
    return this.validators.get(key);
  }

  // Every documented operation as "METHOD template".
  operations() {
    const all = [];
    for (const [template, item] of Object.entries(this.document.paths)) {
      for (const method of METHODS) if (item[method]) all.push(`${method.toUpperCase()} ${template}`);
    }
    return all;
  }
}
