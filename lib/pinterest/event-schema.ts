import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import contract from './contract/pinterest-events-openapi.json';
import { documentedRuleProblems } from './documented-rules';

/**
 * Pinterest's own contract for `POST /v5/ad_accounts/{id}/events`: the request body schema from
 * its published OpenAPI description (vendored unmodified in ./contract, see its README), compiled
 * with ajv, plus the rules Pinterest states only in prose (./documented-rules.ts). Used by the
 * tests to check every event `translate` produces, and by the local Pinterest sandbox to answer
 * like the API. Not on the Lambda path: the worker trusts `translate`, the tests prove it.
 *
 * Problems read like Pinterest's own (`Additional properties are not allowed ('x' was
 * unexpected)`), prefixed with the field: `data[3].custom_data: ...`.
 */

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
// The schema's only format; checks that the integer is a safe int64.
addFormats(ajv, ['int64']);
const validateBody = ajv.compile(contract);

/** `/data/0/custom_data` → `data[0].custom_data` */
function fieldOf(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(segment) ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out;
}

const at = (field: string, message: string) => (field === '' ? message : `${field}: ${message}`);

/** The `required` of each anyOf branch, as Pinterest's user_data rule reads: `em, or hashed_maids, or ...`. */
function anyOfMessage(error: ErrorObject): string {
  const branches = Array.isArray(error.schema) ? (error.schema as { required?: string[] }[]) : [];
  const needs = branches.map((b) => (b.required ?? []).join(' and ')).filter((n) => n !== '');
  return needs.length > 0 ? `needs ${needs.join(', or ')}` : 'is not valid under any of the given schemas';
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `'${String(params.missingProperty)}' is a required property`;
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      return `is not of type ${types.map((t) => `'${String(t)}'`).join(', ')}`;
    }
    case 'minItems':
      return `must hold at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must hold at most ${String(params.limit)} items`;
    case 'anyOf':
      return anyOfMessage(error);
    default:
      return error.message ?? error.keyword;
  }
}

/**
 * ajv reports each unexpected key separately and every failed anyOf branch in full; Pinterest
 * lists the unexpected keys of one object together, and for anyOf the useful part is the branch
 * whose own required keys are present (its other errors), else what is required.
 */
function describe(errors: readonly ErrorObject[]): string[] {
  const out: string[] = [];
  const unexpected = new Map<string, string[]>();
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  for (const error of errors) {
    const field = fieldOf(error.instancePath);
    const inAnyOf = anyOfs.find((a) => error !== a && error.schemaPath.startsWith(`${a.schemaPath}/`));
    if (inAnyOf) continue;
    // A value of the wrong type also fails its format; the type says it all.
    if (error.keyword === 'format' && errors.some((e) => e.keyword === 'type' && e.instancePath === error.instancePath)) continue;
    if (error.keyword === 'additionalProperties') {
      const keys = unexpected.get(field) ?? [];
      if (keys.length === 0) unexpected.set(field, keys);
      keys.push(String((error.params as { additionalProperty: unknown }).additionalProperty));
      continue;
    }
    if (error.keyword === 'anyOf') {
      const branchErrors = errors.filter((e) => e.schemaPath.startsWith(`${error.schemaPath}/`));
      const branches = new Map<string, ErrorObject[]>();
      for (const e of branchErrors) {
        const branch = e.schemaPath.slice(error.schemaPath.length + 1).split('/')[0] as string;
        branches.set(branch, [...(branches.get(branch) ?? []), e]);
      }
      const closest = [...branches.values()].find((list) => list.every((e) => e.keyword !== 'required'));
      if (closest) out.push(...describe(closest));
      else out.push(at(field, messageOf(error)));
      continue;
    }
    out.push(at(field, messageOf(error)));
  }
  for (const [field, keys] of unexpected) {
    out.push(at(field, `Additional properties are not allowed (${keys.map((k) => `'${k}'`).join(', ')} ${keys.length === 1 ? 'was' : 'were'} unexpected)`));
  }
  return out;
}

/** Problems with a request body under Pinterest's published schema alone; empty when it conforms. */
export function schemaProblems(body: unknown): string[] {
  return validateBody(body) ? [] : describe(validateBody.errors ?? []);
}

/** Problems with a whole `{"data": [...]}` body: the schema, then each event's documented rules (`data[3].event_time: ...`). */
export function validateEventsRequest(body: unknown): string[] {
  const problems = schemaProblems(body);
  const data = (body as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) {
    data.forEach((event, i) => problems.push(...documentedRuleProblems(event).map((p) => `data[${i}].${p}`)));
  }
  return problems;
}

/** Problems with one event object (`custom_data.value: ...`); empty when Pinterest would take it. */
export function validatePinterestEvent(event: unknown): string[] {
  return validateEventsRequest({ data: [event] }).map((p) => p.replace(/^data\[0\](?:\.|: )?/, ''));
}

export { documentedRuleProblems };
