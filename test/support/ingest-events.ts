/** Small, realistic Segment events for ingest tests. */
export function trackEvent(messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    event: 'Order Completed',
    messageId,
    timestamp: '2026-11-28T10:00:00.000Z',
    anonymousId: 'anon-1',
    userId: 'user-1',
    properties: { order_id: 'o-1', revenue: 25.5, currency: 'USD' },
    context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0', traits: { email: 'jane@example.com' } },
    ...extra,
  };
}

export function identifyEvent(messageId: string): Record<string, unknown> {
  return { type: 'identify', messageId, timestamp: '2026-11-28T10:00:00.000Z', userId: 'user-1', traits: { email: 'jane@example.com' } };
}
