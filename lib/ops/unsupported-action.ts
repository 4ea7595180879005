/**
 * SQS actions a local emulator may not implement (fauxqs and moto lack the message move task API,
 * fauxqs also ListDeadLetterSourceQueues). They answer with an error such as
 * `InvalidAction: Unknown action: StartMessageMoveTask`; the CLI turns that into a sentence that says
 * what to do instead.
 */
const UNSUPPORTED_NAMES = new Set(['InvalidAction', 'UnknownOperationException', 'UnsupportedOperation', 'NotImplemented', 'AWS.SimpleQueueService.UnsupportedOperation']);

export function isUnsupportedAction(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return UNSUPPORTED_NAMES.has(error.name) || /unknown action|has not been implemented/i.test(error.message);
}

/** "this SQS endpoint does not support X (…); instead: …" */
export class UnsupportedActionError extends Error {
  override name = 'UnsupportedActionError';
  constructor(
    readonly action: string,
    readonly instead: string,
    endpoint?: string,
  ) {
    super(`${endpoint ? `the SQS endpoint ${endpoint}` : 'this SQS endpoint'} does not support ${action} (local emulators such as the embedded SQS server and moto lack it). ${instead}`);
  }
}
