// Import first in end-to-end tests: the process Logger and Metrics read these when they are
// created, and the real handlers would otherwise write every log line and EMF blob to the run.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
