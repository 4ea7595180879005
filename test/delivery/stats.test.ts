import { deadLetter, delivered, retry, skipped } from '../../lib/delivery/outcome';
import { BatchStats, publishStats, type MetricsSink } from '../../lib/delivery/stats';

function recorder() {
  const documents: { dimensions: Record<string, string>; metrics: [string, string, number][] }[] = [];
  let current = { dimensions: {} as Record<string, string>, metrics: [] as [string, string, number][] };
  const sink: MetricsSink = {
    addDimension: (name, value) => (current.dimensions[name] = value),
    addMetric: (name, unit, value) => current.metrics.push([name, unit, value]),
    publishStoredMetrics: () => {
      documents.push(current);
      current = { dimensions: {}, metrics: [] };
    },
  };
  return { sink, documents };
}

describe('publishStats', () => {
  it('publishes one document per source with outcome counts, dead letters by reason and request figures', () => {
    const stats = new BatchStats();
    stats.countOutcome('web', delivered());
    stats.countOutcome('web', delivered('unknown event'));
    stats.countOutcome('web', deadLetter('pinterest_rejected', 'x'));
    stats.countOutcome('web', deadLetter('event_too_old', 'x'));
    stats.countOutcome('web', retry('x'));
    stats.countOutcome('web', skipped('unsupported_type'));
    stats.countRequest('web', 120, 4);
    stats.countOutcome('app', deadLetter('pinterest_auth', 'x'));
    stats.countOutcome('app', retry('Pinterest 401', { cause: 'auth_paused' }));
    Object.assign(stats.of('app'), { heldBack: 1, authRefused: 3, retriedInInvocation: 2, probes: 1 });
    const { sink, documents } = recorder();
    publishStats(sink, stats);
    expect(documents).toEqual([
      {
        dimensions: { sourceId: 'web' },
        metrics: [
          ['EventsDelivered', 'Count', 2],
          ['EventsRejectedByPinterest', 'Count', 1],
          ['EventsRetried', 'Count', 1],
          ['EventsDeadLettered', 'Count', 2],
          ['EventsDeadLettered.pinterest_rejected', 'Count', 1],
          ['EventsDeadLettered.event_too_old', 'Count', 1],
          ['EventsSkipped', 'Count', 1],
          ['EventsSkipped.unsupported_type', 'Count', 1],
          ['PinterestWarnings', 'Count', 1],
          ['EventsRetried.pinterest_unavailable', 'Count', 1],
          ['PinterestRequests', 'Count', 1],
          ['PinterestRequestLatency', 'Milliseconds', 120],
          ['EventsPerRequest', 'Count', 4],
        ],
      },
      {
        dimensions: { sourceId: 'app' },
        metrics: [
          ['EventsDelivered', 'Count', 0],
          ['EventsRejectedByPinterest', 'Count', 0],
          ['EventsRetried', 'Count', 1],
          ['EventsDeadLettered', 'Count', 1],
          ['EventsDeadLettered.pinterest_auth', 'Count', 1],
          ['EventsSkipped', 'Count', 0],
          ['EventsRetried.auth_paused', 'Count', 1],
          ['EventsHeldBack', 'Count', 1],
          ['PinterestAuthRefused', 'Count', 3],
          ['PinterestRequestsRetried', 'Count', 2],
          ['PinterestProbes', 'Count', 1],
          ['PinterestRequests', 'Count', 0],
        ],
      },
    ]);
  });

  it('pages request samples so no document holds 100 values of one metric, each keeping its sourceId', () => {
    const stats = new BatchStats();
    for (let i = 0; i < 150; i++) stats.countRequest('web', i, 1);
    const { sink, documents } = recorder();
    publishStats(sink, stats);
    expect(documents).toHaveLength(2);
    expect(documents.map((d) => d.dimensions)).toEqual([{ sourceId: 'web' }, { sourceId: 'web' }]);
    expect(documents.map((d) => d.metrics.filter(([n]) => n === 'PinterestRequestLatency').length)).toEqual([99, 51]);
  });
});
