import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';

/**
 * SDK clients for local endpoints (the embedded SQS server, moto). Region and credentials are
 * fixed dummies set on the client itself, so a fresh machine without an AWS profile works and the
 * caller's environment is neither read nor changed. `endpoint` is explicit because the SDK would
 * otherwise send each call to the host of its queue URL, which a local server may name
 * `sqs.<region>.localhost` (not resolvable everywhere).
 */
export const LOCAL_REGION = 'us-east-1';
const DUMMY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalEndpointOptions {
  endpoint: string;
  region?: string;
}

export function localSqsClient({ endpoint, region = LOCAL_REGION }: LocalEndpointOptions): SQSClient {
  return new SQSClient({ endpoint, region, credentials: DUMMY_CREDENTIALS, maxAttempts: 3 });
}

export function localSsmClient({ endpoint, region = LOCAL_REGION }: LocalEndpointOptions): SSMClient {
  return new SSMClient({ endpoint, region, credentials: DUMMY_CREDENTIALS, maxAttempts: 3 });
}
