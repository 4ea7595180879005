import type { APIGatewayProxyResultV2 } from 'aws-lambda';

/** API Gateway HTTP API (payload v2) responses: always JSON, never cached. */
export type StructuredResult = Exclude<APIGatewayProxyResultV2, string>;

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): StructuredResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(statusCode: number, message: string, headers?: Record<string, string>): StructuredResult {
  return jsonResponse(statusCode, { message }, headers);
}
