import type { PinterestEvent } from '../../lib/pinterest/types';

/** A hand-made, valid Pinterest event (for delivery tests that do not need translation). */
export const pinterestEvent = (id: string, name = 'checkout'): PinterestEvent => ({
  event_name: name,
  action_source: 'web',
  event_time: 1_700_000_000,
  event_id: id,
  user_data: { em: ['a'.repeat(64)] },
});
