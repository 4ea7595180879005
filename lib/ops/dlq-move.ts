import {
  CancelMessageMoveTaskCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { abortableSleep } from '../util/abortable-sleep';

/**
 * Replay everything at once with SQS's own message move task (server-side, fast). Unlike
 * `dlqReplay` it moves messages as they are: attributes included (the reason attributes travel
 * along and `replays` is not counted), and without filters. The task runs in SQS; this module
 * starts it, reads its status, and cancels it (messages already moved stay moved, the rest stay
 * in the dead-letter queue).
 */
export interface MoveTaskStatus {
  taskHandle?: string;
  status: string;
  moved: number;
  toMove?: number;
  maxPerSecond?: number;
  startedAt?: string;
  failureReason?: string;
}

export const FINISHED_MOVE_STATUSES = ['COMPLETED', 'CANCELLED', 'FAILED'];

export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const response = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = response.Attributes?.QueueArn;
  if (!arn) throw new Error(`SQS returned no QueueArn for ${queueUrl}`);
  return arn;
}

export async function startMoveAll(options: {
  sqs: SQSClient;
  dlqUrl: string;
  queueUrl: string;
  rate?: number;
}): Promise<{ taskHandle: string; sourceArn: string }> {
  const [sourceArn, destinationArn] = await Promise.all([queueArn(options.sqs, options.dlqUrl), queueArn(options.sqs, options.queueUrl)]);
  const response = await options.sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: sourceArn,
      DestinationArn: destinationArn,
      ...(options.rate ? { MaxNumberOfMessagesPerSecond: Math.max(1, Math.floor(options.rate)) } : {}),
    }),
  );
  if (!response.TaskHandle) throw new Error('SQS started no message move task (no TaskHandle)');
  return { taskHandle: response.TaskHandle, sourceArn };
}

/** The most recent move tasks of the dead-letter queue, newest first. */
export async function listMoveTasks(options: { sqs: SQSClient; dlqUrl: string; sourceArn?: string }): Promise<MoveTaskStatus[]> {
  const sourceArn = options.sourceArn ?? (await queueArn(options.sqs, options.dlqUrl));
  const response = await options.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }));
  return (response.Results ?? []).map((task) => ({
    ...(task.TaskHandle ? { taskHandle: task.TaskHandle } : {}),
    status: task.Status ?? 'UNKNOWN',
    moved: task.ApproximateNumberOfMessagesMoved ?? 0,
    ...(task.ApproximateNumberOfMessagesToMove !== undefined ? { toMove: task.ApproximateNumberOfMessagesToMove } : {}),
    ...(task.MaxNumberOfMessagesPerSecond !== undefined ? { maxPerSecond: task.MaxNumberOfMessagesPerSecond } : {}),
    ...(task.StartedTimestamp !== undefined ? { startedAt: new Date(task.StartedTimestamp).toISOString() } : {}),
    ...(task.FailureReason ? { failureReason: task.FailureReason } : {}),
  }));
}

export async function cancelMoveTask(sqs: SQSClient, taskHandle: string): Promise<number> {
  const response = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: taskHandle }));
  return response.ApproximateNumberOfMessagesMoved ?? 0;
}

/**
 * Poll a task until it finishes. When `signal` aborts, the task is cancelled and its final status
 * returned: a Ctrl-C stops the move, it does not just stop watching it.
 */
export async function watchMoveTask(options: {
  sqs: SQSClient;
  sourceArn: string;
  taskHandle: string;
  signal?: AbortSignal;
  intervalMs?: number;
  onStatus?: (status: MoveTaskStatus) => void;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}): Promise<MoveTaskStatus & { cancelled: boolean }> {
  const wait = options.wait ?? abortableSleep;
  let cancelled = false;
  for (;;) {
    if (options.signal?.aborted && !cancelled) {
      cancelled = true;
      try {
        await cancelMoveTask(options.sqs, options.taskHandle);
      } catch (error) {
        // Finished in the meantime: nothing left to cancel.
        if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      }
    }
    const tasks = await listMoveTasks({ sqs: options.sqs, dlqUrl: '', sourceArn: options.sourceArn });
    const task = tasks.find((t) => t.taskHandle === options.taskHandle) ?? tasks[0];
    if (!task) throw new Error('the message move task is not listed by SQS');
    options.onStatus?.(task);
    if (FINISHED_MOVE_STATUSES.includes(task.status)) return { ...task, cancelled };
    await wait(options.intervalMs ?? 2000, cancelled ? undefined : options.signal);
  }
}
