import type { StandardEventName } from './event-names';

/**
 * Segment spec events Pinterest's tag binds by default (the seed's table): `Order Completed` is a
 * checkout without any mapping. Matched the way Segment matches spec events: case-insensitive,
 * spaces and underscores optional.
 */
const SPEC_DEFAULTS = new Map<string, StandardEventName>([
  ['productssearched', 'search'],
  ['productlistfiltered', 'search'],
  ['productadded', 'add_to_cart'],
  ['ordercompleted', 'checkout'],
  ['videoplaybackstarted', 'watch_video'],
]);

const SEPARATORS = /[\s_]+/g;

export function specDefault(name: string): StandardEventName | undefined {
  return SPEC_DEFAULTS.get(name.toLowerCase().replace(SEPARATORS, ''));
}
