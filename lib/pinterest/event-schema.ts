import * as z from 'zod/mini';
import { ACTION_SOURCES, type ActionSource } from './types';

/**
 * Pinterest's event object as its OpenAPI description defines it, strict where Pinterest is
 * strict (root, custom_data, contents items reject unknown keys; user_data accepts them). Used to
 * check our own output (property tests) and by the local Pinterest sandbox to answer like the API.
 */

const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const LANGUAGE = /^[a-z]{2}$/;
// Seconds until the year 2286; a millisecond timestamp is far above it.
const MAX_EVENT_TIME_SECONDS = 9_999_999_999;

const str = z.string('must be a string');
const nonEmpty = z.string('must be a string').check(z.minLength(1, 'must not be empty'));
const decimalString = z.string('must be a string holding a decimal number, like "18.99"').check(
  z.regex(DECIMAL, 'must be a decimal number without exponent, like "18.99"'),
);
const integer = z.int('must be an integer');
const hashed = z
  .array(z.string('must be a string').check(z.regex(HEX64, 'must be a lowercase hex SHA-256 (64 characters)')), 'must be an array of hashes')
  .check(z.minLength(1, 'must not be empty'));

const contentItem = z.strictObject({
  id: z.optional(str),
  item_price: z.optional(decimalString),
  quantity: z.optional(integer),
  item_name: z.optional(str),
  item_category: z.optional(str),
  item_brand: z.optional(str),
}, 'must be an object');

const customData = z.strictObject({
  currency: z.optional(str),
  value: z.optional(decimalString),
  content_ids: z.optional(z.array(str, 'must be an array of strings')),
  contents: z.optional(z.array(contentItem, 'must be an array of items')),
  num_items: z.optional(integer),
  order_id: z.optional(str),
  search_string: z.optional(str),
  opt_out_type: z.optional(str),
  np: z.optional(str),
  content_name: z.optional(str),
  content_category: z.optional(str),
  content_brand: z.optional(str),
  predicted_ltv: z.optional(decimalString),
}, 'must be an object');

const userData = z
  .looseObject({
    em: z.optional(hashed),
    ph: z.optional(hashed),
    fn: z.optional(hashed),
    ln: z.optional(hashed),
    ge: z.optional(hashed),
    db: z.optional(hashed),
    ct: z.optional(hashed),
    st: z.optional(hashed),
    zp: z.optional(hashed),
    country: z.optional(hashed),
    external_id: z.optional(hashed),
    hashed_maids: z.optional(hashed),
    client_ip_address: z.optional(nonEmpty),
    client_user_agent: z.optional(nonEmpty),
    click_id: z.optional(str),
    partner_id: z.optional(str),
  })
  .check(
    z.refine(
      (u) => Boolean(u.em || u.hashed_maids || (u.client_ip_address && u.client_user_agent)),
      'needs em, hashed_maids, or both client_ip_address and client_user_agent',
    ),
  );

const pinterestEvent = z.strictObject({
  event_name: nonEmpty,
  action_source: z.enum(ACTION_SOURCES as [ActionSource, ...ActionSource[]], `must be one of ${ACTION_SOURCES.join(', ')}`),
  event_time: integer.check(
    z.minimum(0, 'must not be negative'),
    z.maximum(MAX_EVENT_TIME_SECONDS, 'must be Unix seconds (this looks like milliseconds)'),
  ),
  event_id: nonEmpty,
  event_source_url: z.optional(str),
  opt_out: z.optional(z.boolean('must be true or false')),
  partner_name: z.optional(str),
  user_data: userData,
  custom_data: z.optional(customData),
  app_id: z.optional(str),
  app_name: z.optional(str),
  app_version: z.optional(str),
  device_brand: z.optional(str),
  device_carrier: z.optional(str),
  device_model: z.optional(str),
  device_type: z.optional(str),
  os_version: z.optional(str),
  wifi: z.optional(z.boolean('must be true or false')),
  language: z.optional(str.check(z.regex(LANGUAGE, 'must be a 2-letter ISO 639-1 code, like "en"'))),
  app_info: z.optional(z.looseObject({})),
  device_info: z.optional(z.looseObject({})),
}, 'must be an event object');

const eventsRequest = z.strictObject({
  data: z
    .array(pinterestEvent, 'must be an array of events')
    .check(z.minLength(1, 'must hold at least 1 event'), z.maxLength(1000, 'must hold at most 1000 events')),
}, 'the body must be a JSON object {"data": [...]}');

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? String(segment) : `.${String(segment)}`;
  return out;
}

function problems(result: { success: true } | { success: false; error: z.core.$ZodError }): string[] {
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field = pathText(issue.path);
    const message =
      issue.code === 'unrecognized_keys'
        ? `Additional properties are not allowed (${issue.keys.map((k) => `'${k}'`).join(', ')} ${issue.keys.length === 1 ? 'was' : 'were'} unexpected)`
        : issue.message;
    return field === '' ? message : `${field}: ${message}`;
  });
}

/** Problems with one Pinterest event object (`user_data.em[0]: must be ...`); empty when valid. */
export function validatePinterestEvent(event: unknown): string[] {
  return problems(pinterestEvent.safeParse(event));
}

/** Problems with a whole `{"data": [...]}` request body; paths start at the root (`data[3].event_time`). */
export function validateEventsRequest(body: unknown): string[] {
  return problems(eventsRequest.safeParse(body));
}
