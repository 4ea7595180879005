// Imported first by every bench entry point, before any module that builds a Logger, Metrics or an
// SDK client. Logs and EMF metrics are silenced: their lines would mix with the figures on stdout
// (their formatting cost is small next to the work measured; see docs/performance.md).
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'PinterestTagDestination';
process.env.POWERTOOLS_SERVICE_NAME ??= 'pinterest-tag-destination';
process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING ??= '1';
