/**
 * The one list of reason codes. Translation drops, dead-letter attributes, metrics, the operator CLI
 * and the docs all speak these words, so they are defined once here.
 */
export const DROP_REASONS = [
  'unsupported_type',
  'disabled_by_integrations',
  'unmapped_event',
  'missing_identifier',
  'event_too_old',
  'invalid_event',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const DELIVERY_REASONS = [
  'settings_invalid',
  'settings_missing',
  'pinterest_rejected',
  'pinterest_auth',
  'retries_exhausted',
] as const;
export type DeliveryReason = (typeof DELIVERY_REASONS)[number];

export const REASONS = [...DROP_REASONS, ...DELIVERY_REASONS] as const;
export type Reason = DropReason | DeliveryReason;

export const REASON_DESCRIPTIONS: Record<Reason, string> = {
  unsupported_type: 'identify, group, alias and other calls Pinterest has no event for (skipped, counted)',
  disabled_by_integrations: 'the event opted out via integrations (skipped, counted)',
  unmapped_event: 'a track event with no mapping while unmappedEvents is "drop", or in partner mode with no letters or digits to name it (skipped, counted)',
  missing_identifier: 'no email, no mobile ad id, and not both IP and user agent',
  event_too_old: 'event_time more than 7 days in the past; Pinterest rejects it',
  invalid_event: 'not a valid Segment event (bad JSON, missing messageId/timestamp/event)',
  settings_invalid: "the source's settings document failed validation",
  settings_missing: 'no settings, conversion token or ad account for the source',
  pinterest_rejected: 'Pinterest answered this event as failed (error message in detail)',
  pinterest_auth: 'Pinterest refused the ad account (404), or the token (401/403) for longer than the credentials pause: fix them, then replay',
  retries_exhausted: 'transient failures (429/5xx/timeouts) outlasted the retry horizon (RETRY_HORIZON_HOURS after the event was queued)',
};

/** Drops that are intentional: counted, never dead-lettered. */
export function isIntentionalSkip(reason: DropReason): boolean {
  return reason === 'unsupported_type' || reason === 'disabled_by_integrations' || reason === 'unmapped_event';
}

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && (REASONS as readonly string[]).includes(value);
}
