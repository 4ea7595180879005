import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** One Metrics instance (EMF) for the process; per-source figures use a `sourceId` dimension. */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'PinterestTagDestination',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pinterest-tag-destination',
});

export { MetricUnit };
