// Unit tests must never reach AWS: fake credentials and a region so SDK clients construct offline.
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'PinterestTagDestination';
process.env.POWERTOOLS_SERVICE_NAME ??= 'pinterest-tag-destination';
process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING ??= '1';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // the SDK's own name for that switch
