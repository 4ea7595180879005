import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One Logger for the process. Never pass it a raw Segment event, a settings document with
 * secrets, or user data: log ids, counts, reason codes and hashed values only.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pinterest-tag-destination' });
