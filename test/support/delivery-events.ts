import { NOW_MS } from './segment-events';

/** Segment events for worker tests: each identified by email, timed a little before NOW. */
export const NOW = NOW_MS;

export const EMAIL = 'jane.doe@example.com';

export function trackEvent(messageId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    event: 'Order Completed',
    messageId,
    userId: 'user_8842',
    timestamp: '2026-11-28T11:58:00.000Z',
    context: {
      ip: '203.0.113.24',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15',
      page: { url: 'https://shop.example.com/checkout/thank-you' },
      traits: { email: EMAIL },
    },
    properties: { order_id: `order-${messageId}`, revenue: 25, currency: 'USD' },
    ...overrides,
  };
}

export const identifyEvent = (messageId: string) => ({
  type: 'identify',
  messageId,
  userId: 'user_9001',
  timestamp: '2026-11-28T11:59:10.000Z',
  traits: { email: EMAIL },
});
