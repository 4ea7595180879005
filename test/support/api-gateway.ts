import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** An API Gateway HTTP API (payload v2) request for POST /v1/sources/{sourceId}/events. */
export function apiGatewayEvent(
  sourceId: string,
  body: string,
  headers: Record<string, string> = {},
  { isBase64Encoded = false, method = 'POST', timeEpoch = Date.parse('2026-11-28T10:00:05.000Z') } = {},
): APIGatewayProxyEventV2 {
  const rawPath = `/v1/sources/${sourceId}/events`;
  return {
    version: '2.0',
    routeKey: 'POST /v1/sources/{sourceId}/events',
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Segment.io/1.0' },
      requestId: 'req-1',
      routeKey: 'POST /v1/sources/{sourceId}/events',
      stage: '$default',
      time: '28/Nov/2026:10:00:05 +0000',
      timeEpoch,
    },
    pathParameters: { sourceId },
    body,
    isBase64Encoded,
  };
}
