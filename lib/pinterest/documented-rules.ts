import { isAdvertiserEventName } from '../vocabulary/advertiser-event-name';
import { ACTION_SOURCES } from '../vocabulary/action-sources';
import { STANDARD_EVENT_NAMES } from '../vocabulary/event-names';
import { HASHED_USER_DATA_KEYS } from './normalize';

/**
 * What Pinterest documents about an event only in prose, beyond its published JSON Schema (which
 * types event_name, action_source and the hashes as plain strings): the rules of its conversion
 * docs, as collected in docs/settings.md. Each problem is `field: what is wrong`; a field of the
 * wrong type is left to the schema, which already names it.
 */

const STANDARD = new Set<string>(STANDARD_EVENT_NAMES);
const SOURCES = new Set<string>(ACTION_SOURCES);
// Linear: anchored single classes with fixed or simple quantifiers.
const SHA256_HEX = /^[0-9a-f]{64}$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const ISO_4217 = /^[A-Z]{3}$/;
const ISO_639_1 = /^[a-z]{2}$/;
/** Unix seconds reach 10 digits in 2286; a millisecond timestamp of today has 13. */
const MAX_EVENT_TIME_SECONDS = 9_999_999_999;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

function eventNameProblems(name: unknown): string[] {
  if (typeof name !== 'string' || STANDARD.has(name) || isAdvertiserEventName(name)) return [];
  return [
    `event_name: ${shown(name)} is neither one of Pinterest's 22 standard event names nor an advertiser-defined name ` +
      '(at most 100 letters, digits, _ or -)',
  ];
}

function userDataProblems(user: unknown): string[] {
  if (!isObject(user)) return [];
  const problems: string[] = [];
  for (const key of HASHED_USER_DATA_KEYS) {
    const values = user[key];
    if (!Array.isArray(values)) continue;
    values.forEach((value, i) => {
      if (typeof value === 'string' && !SHA256_HEX.test(value)) problems.push(`user_data.${key}[${i}]: must be a lowercase hex SHA-256 (64 characters)`);
    });
  }
  if (user.client_ip_address === '0.0.0.0') problems.push('user_data.client_ip_address: 0.0.0.0 is not an address Pinterest accepts');
  return problems;
}

function decimalProblem(field: string, value: unknown): string[] {
  return typeof value === 'string' && !DECIMAL.test(value) ? [`${field}: must be a decimal number in a string, like "18.99"`] : [];
}

function customDataProblems(custom: unknown): string[] {
  if (!isObject(custom)) return [];
  const problems = [...decimalProblem('custom_data.value', custom.value), ...decimalProblem('custom_data.predicted_ltv', custom.predicted_ltv)];
  if (typeof custom.currency === 'string' && !ISO_4217.test(custom.currency)) problems.push('custom_data.currency: must be an ISO 4217 code, like "USD"');
  if (Array.isArray(custom.contents)) {
    custom.contents.forEach((item, i) => {
      if (isObject(item)) problems.push(...decimalProblem(`custom_data.contents[${i}].item_price`, item.item_price));
    });
  }
  return problems;
}

/** The documented rules one event breaks; empty when it keeps them all. */
export function documentedRuleProblems(event: unknown): string[] {
  if (!isObject(event)) return [];
  const problems = eventNameProblems(event.event_name);
  if (typeof event.action_source === 'string' && !SOURCES.has(event.action_source)) {
    problems.push(`action_source: must be one of ${ACTION_SOURCES.join(', ')}`);
  }
  const time = event.event_time;
  if (typeof time === 'number' && Number.isInteger(time) && (time < 0 || time > MAX_EVENT_TIME_SECONDS)) {
    problems.push(time < 0 ? 'event_time: must not be negative' : 'event_time: must be Unix seconds (this looks like milliseconds)');
  }
  problems.push(...userDataProblems(event.user_data), ...customDataProblems(event.custom_data));
  if (typeof event.language === 'string' && !ISO_639_1.test(event.language)) {
    problems.push('language: must be a 2-letter ISO 639-1 code, like "en"');
  }
  return problems;
}
