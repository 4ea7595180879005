import { STANDARD_EVENT_NAMES, type StandardEventName } from './event-names';

/**
 * Advertiser-defined ("partner-defined") event names: what Pinterest accepts as an event name that
 * is not one of its standard events. Pinterest's docs: at most 100 characters, letters, digits, `_`
 * and `-`, case-insensitive; an advertiser maps at most 15 of them to a standard event with
 * `POST /v5/ad_accounts/{id}/advertiser_defined_events`.
 */
export const MAX_ADVERTISER_EVENT_NAME_LENGTH = 100;
export const MAX_ADVERTISER_DEFINED_EVENTS = 15;
const ADVERTISER_EVENT_NAME = /^[A-Za-z0-9_-]{1,100}$/;

export function isAdvertiserEventName(name: string): boolean {
  return ADVERTISER_EVENT_NAME.test(name);
}

// Each a single character class (with a quantifier at most): linear time on any input.
const COMBINING_MARKS = /\p{M}+/gu;
const NOT_ALLOWED = /[^a-z0-9-]+/g;

function trimUnderscores(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '_') start++;
  while (end > start && text[end - 1] === '_') end--;
  return text.slice(start, end);
}

/**
 * A Segment event name as an advertiser-defined name, or undefined when nothing of it is left:
 *  1. compatibility-decompose (NFKD) and drop combining marks, so `Crème Brûlée` keeps its letters
 *     as `creme brulee` and full-width `ＡＢＣ` becomes `abc`;
 *  2. lowercase (Pinterest compares these names case-insensitively, so one spelling is kept);
 *  3. every run of anything but a-z, 0-9 and `-` becomes one `_` (spaces, dots, emoji, scripts
 *     without a Latin decomposition);
 *  4. no `_` at either end, and at most 100 characters.
 * `Button Clicked` → `button_clicked`, `Order.Shipped 🚚` → `order_shipped`, `🍜` → undefined.
 * The same input always gives the same name; a name already in the allowed form keeps its letters
 * (lowercased).
 */
export function toAdvertiserEventName(segmentName: string): string | undefined {
  const ascii = segmentName.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(NOT_ALLOWED, '_');
  const name = trimUnderscores(trimUnderscores(ascii).slice(0, MAX_ADVERTISER_EVENT_NAME_LENGTH));
  return name === '' ? undefined : name;
}

/**
 * The standard events an advertiser-defined event can be mapped to: Pinterest restricts the
 * mapping to events that are ads optimisation goals, so `app_install`, `app_open` and `custom` are
 * not among them. The API spells them in upper case (`ADD_TO_CART`).
 */
export const MAPPABLE_STANDARD_EVENTS = STANDARD_EVENT_NAMES.filter(
  (name) => name !== 'app_install' && name !== 'app_open' && name !== 'custom',
) as Exclude<StandardEventName, 'app_install' | 'app_open' | 'custom'>[];
export type MappableStandardEvent = (typeof MAPPABLE_STANDARD_EVENTS)[number];

export function isMappableStandardEvent(name: StandardEventName): name is MappableStandardEvent {
  return (MAPPABLE_STANDARD_EVENTS as readonly string[]).includes(name);
}

/** `add_to_cart` → `ADD_TO_CART`, the spelling of `mapped_conversion_type`. */
export function mappedConversionType(name: MappableStandardEvent): string {
  return name.toUpperCase();
}
