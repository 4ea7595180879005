import * as z from 'zod/mini';
import { advertiserDefinedEventsSchema, compileAdvertiserDefinedEvents, type AdvertiserDefinedEvent } from './advertiser-events';
import { ACTION_SOURCES, type ActionSource } from '../vocabulary/action-sources';
import { CUSTOM_DATA_KEYS, type CustomDataKey } from '../vocabulary/custom-data-keys';
import { STANDARD_EVENT_NAMES, tagSpelling, toStandardEventName, type StandardEventName } from '../vocabulary/event-names';

/**
 * One settings document per Segment source. Validated once when loaded, then compiled into the
 * shape translation needs (normalised mapping keys, parsed property paths), so the hot path never
 * re-derives anything.
 */

export type UnmappedEvents = 'partner' | 'custom' | 'drop';

/** custom_data keys a custom property may fill; `contents` is built from products only. */
export const CUSTOM_PROPERTY_TARGETS = CUSTOM_DATA_KEYS.filter((k) => k !== 'contents') as Exclude<
  CustomDataKey,
  'contents'
>[];
export type CustomPropertyTarget = (typeof CUSTOM_PROPERTY_TARGETS)[number];

export interface CustomPropertyRule {
  /** As written in the settings, for messages. */
  property: string;
  /** Lower-cased path segments below `properties`. */
  path: string[];
  target: CustomPropertyTarget;
}

export interface SourceSettings {
  tagId: string;
  adAccountId?: string;
  /** Only in local files; in AWS it is its own SecureString parameter. */
  conversionToken?: string;
  /** Only in local files; in AWS it is its own SecureString parameter. */
  webhookSecret?: string;
  /** Keyed by the Segment event name trimmed and lower-cased. */
  eventMapping: ReadonlyMap<string, StandardEventName>;
  /** Sent under their advertiser-defined name; keyed like eventMapping. */
  advertiserDefinedEvents: ReadonlyMap<string, AdvertiserDefinedEvent>;
  customProperties: readonly CustomPropertyRule[];
  unmappedEvents: UnmappedEvents;
  testMode: boolean;
  /** Dot path into the Segment event whose string value becomes `event_id`. */
  eventIdPath: string[];
  sendExternalId: boolean;
  actionSource: ActionSource | null;
  limitedDataProcessing: boolean;
}

export type SettingsResult =
  | { ok: true; settings: SourceSettings; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

const KNOWN_KEYS = [
  'tagId',
  'adAccountId',
  'conversionToken',
  'webhookSecret',
  'eventMapping',
  'advertiserDefinedEvents',
  'customProperties',
  'unmappedEvents',
  'testMode',
  'eventIdPath',
  'sendExternalId',
  'actionSource',
  'limitedDataProcessing',
];

const digits = (field: string, example: string, max?: number) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `${field} is required, like "${example}"`
        : `${field} must be a string of digits in quotes, like "${example}" (large JSON numbers lose digits)`,
  }).check(
    z.regex(/^\d+$/, `${field} must be digits only, like ${example}`),
    ...(max ? [z.maxLength(max, `${field} must be at most ${max} digits`)] : []),
  );

const bool = (field: string, fallback: boolean) =>
  z._default(z.boolean({ error: `${field} must be true or false` }), fallback);

const secret = (field: string) =>
  z.optional(z.string({ error: `${field} must be a string` }).check(z.minLength(1, `${field} must not be empty`)));

const documentSchema = z.object(
  {
    tagId: digits('tagId', '2614759966035'),
    adAccountId: z.optional(digits('adAccountId', '549755885175', 18)),
    conversionToken: secret('conversionToken'),
    webhookSecret: secret('webhookSecret'),
    eventMapping: z._default(
      z.record(
        z.string(),
        z.string({ error: 'eventMapping values must be Pinterest event names (strings), like "Checkout"' }),
        { error: 'eventMapping must be an object of "Segment event name": "Pinterest event"' },
      ),
      {},
    ),
    advertiserDefinedEvents: advertiserDefinedEventsSchema,
    customProperties: z._default(
      z.array(
        z.union(
          [
            z.string(),
            z.object({
              property: z.string({ error: 'customProperties entries need a "property" string' }),
              target: z.optional(z.string({ error: 'customProperties "target" must be a string' })),
            }),
          ],
          { error: 'customProperties entries must be a path string or {"property": "...", "target": "..."}' },
        ),
        { error: 'customProperties must be an array' },
      ),
      [],
    ),
    unmappedEvents: z._default(
      z.enum(['partner', 'custom', 'drop'], { error: 'unmappedEvents must be one of "partner", "custom", "drop"' }),
      'partner',
    ),
    testMode: bool('testMode', false),
    eventIdPath: z._default(
      z
        .string({ error: 'eventIdPath must be a string such as "messageId"' })
        .check(z.regex(/^[^.\s]+(\.[^.\s]+)*$/, 'eventIdPath must be a dot path such as "messageId" or "properties.event_id"')),
      'messageId',
    ),
    sendExternalId: bool('sendExternalId', true),
    actionSource: z._default(
      z.nullable(
        z.enum(ACTION_SOURCES as [ActionSource, ...ActionSource[]], {
          error: `actionSource must be null or one of ${ACTION_SOURCES.join(', ')}`,
        }),
      ),
      null,
    ),
    limitedDataProcessing: bool('limitedDataProcessing', false),
  },
  { error: 'settings must be a JSON object' },
);

const TAG_SPELLINGS = STANDARD_EVENT_NAMES.map(tagSpelling);

function snakeCase(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

function compileCustomProperty(
  entry: string | { property: string; target?: string },
  index: number,
  warnings: string[],
): CustomPropertyRule | undefined {
  const property = (typeof entry === 'string' ? entry : entry.property).trim();
  const explicit = typeof entry === 'string' ? undefined : entry.target?.trim();
  const where = `customProperties[${index}] ("${property}")`;
  const path = property
    .replace(/^properties\./i, '')
    .split('.')
    .map((s) => s.trim().toLowerCase());
  if (property === '' || path.some((s) => s === '')) {
    warnings.push(`${where}: not a valid property path; it is ignored`);
    return undefined;
  }
  const candidate = explicit ?? snakeCase(property.split('.').at(-1) ?? '');
  const target = CUSTOM_PROPERTY_TARGETS.find((k) => k === candidate);
  if (!target) {
    const why = explicit
      ? `target "${explicit}" is not a Pinterest custom_data field`
      : `"${candidate}" is not a Pinterest custom_data field and no target is given`;
    warnings.push(
      `${where}: ${why}; it is never sent (Pinterest rejects unknown custom_data keys). ` +
        `Use {"property": "${property}", "target": "<one of ${CUSTOM_PROPERTY_TARGETS.join(', ')}>"}`,
    );
    return undefined;
  }
  return { property, path, target };
}

/** Validate a settings document and compile it. Never throws. */
export function parseSourceSettings(input: unknown): SettingsResult {
  const warnings: string[] = [];
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    for (const key of Object.keys(input)) {
      if (!KNOWN_KEYS.includes(key)) warnings.push(`unknown setting "${key}" is ignored (known: ${KNOWN_KEYS.join(', ')})`);
    }
  }
  const parsed = documentSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) =>
      issue.path.length === 0 || issue.message.startsWith(String(issue.path[0]))
        ? issue.message
        : `${issue.path.map(String).join('.')}: ${issue.message}`,
    );
    return { ok: false, errors: [...new Set(errors)], warnings };
  }
  const doc = parsed.data;
  const errors: string[] = [];

  const eventMapping = new Map<string, StandardEventName>();
  for (const [segmentName, pinterestName] of Object.entries(doc.eventMapping)) {
    const key = segmentName.trim().toLowerCase();
    const name = toStandardEventName(pinterestName);
    if (key === '') {
      errors.push('eventMapping: an event name must not be empty');
    } else if (!name) {
      errors.push(
        `eventMapping["${segmentName}"]: "${pinterestName}" is not a Pinterest standard event; ` +
          `use one of ${TAG_SPELLINGS.join(', ')} (or their API spelling, like add_to_cart)`,
      );
    } else if (eventMapping.has(key) && eventMapping.get(key) !== name) {
      errors.push(`eventMapping["${segmentName}"]: maps the same event (names match case-insensitively) to two different Pinterest events`);
    } else {
      eventMapping.set(key, name);
    }
  }
  const advertiserDefinedEvents = compileAdvertiserDefinedEvents(doc.advertiserDefinedEvents, eventMapping, errors, warnings);
  if (errors.length > 0) return { ok: false, errors, warnings };

  const customProperties = doc.customProperties
    .map((entry, i) => compileCustomProperty(entry, i, warnings))
    .filter((rule): rule is CustomPropertyRule => rule !== undefined);

  if (!doc.adAccountId) {
    warnings.push('adAccountId is not set: events of this source cannot be delivered (they go to the dead-letter queue as settings_missing)');
  }

  return {
    ok: true,
    warnings,
    settings: {
      tagId: doc.tagId,
      ...(doc.adAccountId ? { adAccountId: doc.adAccountId } : {}),
      ...(doc.conversionToken ? { conversionToken: doc.conversionToken } : {}),
      ...(doc.webhookSecret ? { webhookSecret: doc.webhookSecret } : {}),
      eventMapping,
      advertiserDefinedEvents,
      customProperties,
      unmappedEvents: doc.unmappedEvents,
      testMode: doc.testMode,
      eventIdPath: doc.eventIdPath.split('.'),
      sendExternalId: doc.sendExternalId,
      actionSource: doc.actionSource,
      limitedDataProcessing: doc.limitedDataProcessing,
    },
  };
}

/** Build settings in code (tests, local demo) with the same validation as a document. */
export function sourceSettings(doc: Record<string, unknown>): SourceSettings {
  const result = parseSourceSettings(doc);
  if (!result.ok) throw new Error(`invalid settings: ${result.errors.join('; ')}`);
  return result.settings;
}
