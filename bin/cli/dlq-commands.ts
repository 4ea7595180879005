import { filterProblem, NO_REASON, type DlqFilter } from '../../lib/ops/dlq-message';
import { listMoveTasks, startMoveAll, watchMoveTask, type MoveTaskStatus } from '../../lib/ops/dlq-move';
import { dlqPeek, DEFAULT_PEEK_LIMIT } from '../../lib/ops/dlq-peek';
import { dlqPurge } from '../../lib/ops/dlq-purge';
import { dlqReplay, type ReplayProgress, type ReplaySummary } from '../../lib/ops/dlq-replay';
import { DEFAULT_VISIBILITY_TIMEOUT_SECONDS, type StopReason } from '../../lib/ops/dlq-scan';
import { approximateCounts, dlqStats } from '../../lib/ops/dlq-stats';
import { isUnsupportedAction, UnsupportedActionError } from '../../lib/ops/unsupported-action';
import { REASON_DESCRIPTIONS, REASONS, isReason } from '../../lib/reasons';
import type { Command } from './command';
import { confirm, EXIT, positiveInt, rate, UsageError, type Context } from './context';
import { duration, plural, table } from './format';

const FILTER_HELP = [
  '  --source ID            only messages of this Segment source',
  `  --reason R             only messages with this reason: ${REASONS.join(', ')},`,
  `                         or ${NO_REASON} (moved by SQS itself, without a reason attribute)`,
];
const VISIBILITY_HELP = `  --visibility-timeout S messages read stay hidden this long while the command runs (default ${DEFAULT_VISIBILITY_TIMEOUT_SECONDS})`;

function filterOf(ctx: Context): DlqFilter {
  const source = ctx.str('source');
  const reason = ctx.str('reason');
  const filter: DlqFilter = { ...(source !== undefined ? { source } : {}), ...(reason !== undefined ? { reason } : {}) };
  const problem = filterProblem(filter);
  if (problem) throw new UsageError(`${problem} (reasons: ${REASONS.join(', ')}, ${NO_REASON})`);
  return filter;
}

function describeFilter(filter: DlqFilter): string {
  const parts = [filter.reason ? `reason ${filter.reason}` : '', filter.source ? `source ${filter.source}` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function scanOptions(ctx: Context, dlqUrl: string) {
  const visibilityTimeoutSeconds = positiveInt(ctx, 'visibility-timeout');
  if (visibilityTimeoutSeconds !== undefined && visibilityTimeoutSeconds > 43_200) {
    throw new UsageError('--visibility-timeout must be at most 43200 (12 hours, the SQS maximum)');
  }
  return {
    sqs: ctx.sqs,
    dlqUrl,
    ...(visibilityTimeoutSeconds !== undefined ? { visibilityTimeoutSeconds } : {}),
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  };
}

function stopNote(stoppedBy: StopReason, scanned: number): string | undefined {
  switch (stoppedBy) {
    case 'wrapped':
      return 'stopped early: messages came back after their visibility timeout; run the command again to continue (or raise --visibility-timeout)';
    case 'max-scan':
      return `stopped after reading ${scanned} messages (at most 100,000 per run): run the command again to continue`;
    case 'aborted':
      return 'interrupted: stopped after the current batch; nothing was lost';
    default:
      return undefined;
  }
}

const stats: Command = {
  name: 'dlq stats',
  summary: 'count dead-letter messages by source and reason, without consuming them',
  usage: ['[--source ID] [--reason R]'],
  options: { source: { type: 'string' }, reason: { type: 'string' } },
  optionHelp: FILTER_HELP,
  common: 'queues',
  positionals: { min: 0, max: 0 },
  notes: ['Every message read is made visible again before the command exits, so the next command sees all of them.'],
  examples: ['pinterest-tag dlq stats --stage prod', 'pinterest-tag dlq stats --dlq-url https://sqs.eu-west-1.amazonaws.com/123456789012/pinterest-tag-destination-prod-dead-letter --json'],
  async run(ctx) {
    const { dlqUrl } = await ctx.queues({ dlq: true });
    const filter = filterOf(ctx);
    const result = await dlqStats({ ...scanOptions(ctx, dlqUrl as string), filter, ...(ctx.io.now ? { now: ctx.io.now } : {}) });
    if (ctx.json) {
      ctx.printJson({ dlqUrl, filter, ...result });
      return result.stoppedBy === 'aborted' ? EXIT.interrupted : EXIT.ok;
    }
    ctx.out(`Dead-letter queue ${dlqUrl}${describeFilter(filter)}`);
    ctx.out(
      `  ${plural(result.total, 'message')} read` +
        ` (SQS estimate: ${result.approximate.visible} visible, ${result.approximate.inFlight} in flight)` +
        (result.truncated ? ' — partial count' : ''),
    );
    if (result.oldestEventAgeSeconds !== undefined) {
      ctx.out(`  oldest event first received ${duration(result.oldestEventAgeSeconds)} ago (${result.oldestFirstReceivedAt})`);
    }
    if (result.oldestInQueueSeconds !== undefined) ctx.out(`  longest in the dead-letter queue: ${duration(result.oldestInQueueSeconds)}`);
    if (result.total > 0) {
      ctx.out('');
      ctx.out(table(['SOURCE', 'REASON', 'COUNT'], result.groups.map((g) => [g.sourceId, g.reason, g.count])));
      ctx.out('');
      for (const reason of Object.keys(result.byReason).sort()) {
        ctx.out(`  ${reason}: ${isReason(reason) ? REASON_DESCRIPTIONS[reason] : 'no reason attribute (moved here by SQS after too many receives)'}`);
      }
    }
    if (result.approximate.inFlight > 0) {
      ctx.err(`note: ${result.approximate.inFlight} messages were in flight (another reader holds them) and may be missing from this count`);
    }
    const note = stopNote(result.stoppedBy, result.total);
    if (note) ctx.err(`note: ${note}`);
    if (result.releaseFailed > 0) ctx.err(`warning: ${result.releaseFailed} messages stay hidden until their visibility timeout ends`);
    return result.stoppedBy === 'aborted' ? EXIT.interrupted : EXIT.ok;
  },
};

const peek: Command = {
  name: 'dlq peek',
  summary: 'show dead-letter messages: reason, detail, attempts, times, event name (no personal data)',
  usage: ['[--source ID] [--reason R] [--limit N]'],
  options: { source: { type: 'string' }, reason: { type: 'string' }, limit: { type: 'string' } },
  optionHelp: [...FILTER_HELP, `  --limit N              show at most N messages (default ${DEFAULT_PEEK_LIMIT})`],
  common: 'queues',
  positionals: { min: 0, max: 0 },
  notes: [
    'Traits, properties and context values are never shown: user ids are shown as a short SHA-256',
    'fingerprint and properties by their keys only. Messages read are made visible again before exit.',
  ],
  examples: ['pinterest-tag dlq peek --stage prod --reason pinterest_rejected --limit 5', 'pinterest-tag dlq peek --stage prod --source ios-app --json'],
  async run(ctx) {
    const { dlqUrl } = await ctx.queues({ dlq: true });
    const filter = filterOf(ctx);
    const limit = positiveInt(ctx, 'limit') ?? DEFAULT_PEEK_LIMIT;
    const result = await dlqPeek({ ...scanOptions(ctx, dlqUrl as string), filter, limit });
    if (ctx.json) {
      ctx.printJson({ dlqUrl, filter, ...result });
      return EXIT.ok;
    }
    if (result.messages.length === 0) ctx.out(`No messages${describeFilter(filter)} in ${dlqUrl} (read ${result.scanned}).`);
    for (const m of result.messages) {
      const e = m.event;
      ctx.out(
        `${m.messageId}  source=${m.sourceId ?? '(none)'}  reason=${m.reason}  attempts=${m.attempts ?? '?'}  replays=${m.replays}`,
      );
      if (m.detail) ctx.out(`  detail:  ${m.detail}`);
      ctx.out(
        e.unreadable
          ? `  event:   ${e.unreadable}`
          : `  event:   ${e.type ?? '?'}${e.name ? ` "${e.name}"` : ''}  messageId=${e.messageId ?? '?'}  timestamp=${e.timestamp ?? '?'}` +
              `${e.userId ? `  userId=${e.userId}` : ''}${e.anonymousId ? `  anonymousId=${e.anonymousId}` : ''}`,
      );
      if (e.propertyKeys && e.propertyKeys.length > 0) ctx.out(`  properties: ${e.propertyKeys.join(', ')}`);
      ctx.out(`  first received ${m.firstReceivedAt ?? '?'}, dead-lettered ${m.deadLetteredAt ?? '?'}`);
      ctx.out('');
    }
    if (result.releaseFailed > 0) ctx.err(`warning: ${result.releaseFailed} messages stay hidden until their visibility timeout ends`);
    return EXIT.ok;
  },
};

function progressPrinter(ctx: Context, dryRun: boolean): { update: (p: ReplayProgress) => void; end: () => void } {
  const tty = ctx.io.stderr.isTTY === true && !ctx.json;
  const now = ctx.io.now ?? Date.now;
  let last = now();
  let printed = false;
  const line = (p: ReplayProgress) =>
    dryRun
      ? `dry run: ${p.wouldReplay} would be replayed, ${p.scanned} read`
      : `replayed ${p.replayed}, failed ${p.failed}, ${p.scanned} read`;
  return {
    update(p) {
      if (tty) {
        ctx.io.stderr.write(`\r${line(p)}\x1b[K`);
        printed = true;
      } else if (now() - last >= 5000) {
        last = now();
        ctx.err(line(p));
      }
    },
    end() {
      if (printed) ctx.io.stderr.write('\n');
    },
  };
}

function replayExit(summary: ReplaySummary): number {
  if (summary.stoppedBy === 'aborted') return EXIT.interrupted;
  return summary.failed > 0 || summary.unreplayable > 0 || summary.deleteFailed > 0 ? EXIT.failed : EXIT.ok;
}

function printMoveStatus(ctx: Context, task: MoveTaskStatus): void {
  const total = task.toMove !== undefined ? `/${task.toMove}` : '';
  ctx.err(`move task ${task.status}: ${task.moved}${total} moved${task.failureReason ? ` (${task.failureReason})` : ''}`);
}

/** The move task API is missing from local emulators: say so, and what to run instead. */
async function moveTaskCall<T>(ctx: Context, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isUnsupportedAction(error)) throw error;
    const endpoint = ctx.localStack()?.sqsEndpoint ?? ctx.str('endpoint-url');
    throw new UnsupportedActionError(
      action,
      'Replay without --all instead: `pinterest-tag dlq replay` moves the messages one by one (all of them, or those chosen with --reason and --source).',
      endpoint,
    );
  }
}

async function replayAll(ctx: Context): Promise<number> {
  for (const conflicting of ['source', 'reason', 'limit']) {
    if (ctx.str(conflicting) !== undefined) throw new UsageError(`--all moves every message; it cannot be combined with --${conflicting}`);
  }
  const { queueUrl, dlqUrl } = (await ctx.queues({ queue: true, dlq: true })) as { queueUrl: string; dlqUrl: string };
  const perSecond = rate(ctx);
  if (ctx.flag('dry-run')) {
    const counts = await approximateCounts(ctx.sqs, dlqUrl);
    if (ctx.json) ctx.printJson({ dryRun: true, dlqUrl, queueUrl, approximate: counts });
    else ctx.out(`dry run: would start a message move task for about ${counts.visible} messages from ${dlqUrl} to ${queueUrl}`);
    return EXIT.ok;
  }
  const { taskHandle, sourceArn } = await moveTaskCall(ctx, 'StartMessageMoveTask', () =>
    startMoveAll({ sqs: ctx.sqs, dlqUrl, queueUrl, ...(perSecond ? { rate: perSecond } : {}) }),
  );
  if (ctx.flag('no-wait')) {
    if (ctx.json) ctx.printJson({ taskHandle, sourceArn });
    else ctx.out(`Started message move task ${taskHandle}.\nFollow it with: pinterest-tag dlq move-status (same queue flags)`);
    return EXIT.ok;
  }
  ctx.err(`started message move task ${taskHandle} (Ctrl-C cancels it; moved messages stay moved)`);
  const final = await watchMoveTask({
    sqs: ctx.sqs,
    sourceArn,
    taskHandle,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    onStatus: (task) => printMoveStatus(ctx, task),
  });
  if (ctx.json) ctx.printJson({ taskHandle, ...final });
  else ctx.out(`Message move task ${final.status}: ${final.moved} moved${final.failureReason ? `; ${final.failureReason}` : ''}.`);
  if (final.cancelled) return EXIT.interrupted;
  return final.status === 'COMPLETED' ? EXIT.ok : EXIT.failed;
}

const replay: Command = {
  name: 'dlq replay',
  summary: 'move matching dead-letter messages back to the main queue',
  usage: ['[--source ID] [--reason R] [--limit N] [--rate N/s] [--dry-run]', '--all [--rate N/s] [--no-wait] [--dry-run]'],
  options: {
    source: { type: 'string' },
    reason: { type: 'string' },
    limit: { type: 'string' },
    rate: { type: 'string' },
    'dry-run': { type: 'boolean' },
    all: { type: 'boolean' },
    'no-wait': { type: 'boolean' },
    'visibility-timeout': { type: 'string' },
  },
  optionHelp: [
    ...FILTER_HELP,
    '  --limit N              replay at most N matching messages',
    '  --rate N/s             send at most N messages per second (default: as fast as SQS takes them)',
    '  --dry-run              count what would be replayed; change nothing',
    '  --all                  move everything with an SQS message move task (server-side, fast)',
    '  --no-wait              with --all: start the task and exit; see `dlq move-status`',
    VISIBILITY_HELP,
  ],
  common: 'queues',
  positionals: { min: 0, max: 0 },
  notes: [
    'Each message goes back with its original body and its sourceId and receivedAt; the reason\n' +
      'attributes stay behind and a replay count is added. It is deleted from the dead-letter queue only\n' +
      'after the main queue accepted it; failed sends and non-matching messages stay, untouched.\n' +
      'Ctrl-C stops after the current batch with nothing lost (press it twice to exit at once).',
    '--all uses StartMessageMoveTask: messages move as they are (their reason attributes travel along,\n' +
      'no replay count), and the dead-letter queue must be a redrive target of the main queue.',
  ],
  examples: [
    'pinterest-tag dlq replay --stage prod --reason pinterest_auth --dry-run',
    'pinterest-tag dlq replay --stage prod --reason pinterest_auth --source web --rate 50/s',
    'pinterest-tag dlq replay --stage prod --all',
  ],
  async run(ctx) {
    if (ctx.flag('all')) return replayAll(ctx);
    if (ctx.flag('no-wait')) throw new UsageError('--no-wait only applies to --all');
    const filter = filterOf(ctx);
    const limit = positiveInt(ctx, 'limit');
    const perSecond = rate(ctx);
    const dryRun = ctx.flag('dry-run');
    const { queueUrl, dlqUrl } = (await ctx.queues({ queue: true, dlq: true })) as { queueUrl: string; dlqUrl: string };
    const progress = progressPrinter(ctx, dryRun);
    const summary = await dlqReplay({
      ...scanOptions(ctx, dlqUrl),
      queueUrl,
      filter,
      dryRun,
      ...(limit !== undefined ? { limit } : {}),
      ...(perSecond !== undefined ? { rate: perSecond } : {}),
      onProgress: progress.update,
    }).finally(progress.end);
    if (ctx.json) {
      ctx.printJson({ dlqUrl, queueUrl, filter, ...summary });
      return replayExit(summary);
    }
    if (dryRun) {
      ctx.out(`Dry run: ${plural(summary.wouldReplay, 'message')}${describeFilter(filter)} would be replayed (read ${summary.scanned}); nothing changed.`);
    } else {
      ctx.out(
        `Replayed ${summary.replayed} of ${plural(summary.matched, 'matching message')}${describeFilter(filter)} ` +
          `to ${queueUrl} (read ${summary.scanned}, ${(summary.durationMs / 1000).toFixed(1)}s).`,
      );
      if (summary.failed > 0) ctx.out(`  ${summary.failed} could not be sent and are still in the dead-letter queue.`);
      if (summary.unreplayable > 0) ctx.out(`  ${summary.unreplayable} have no sourceId attribute and were left in place.`);
      if (summary.deadLetteredAgain > 0) {
        ctx.out(`  ${summary.deadLetteredAgain} replayed events failed again during this run and are back in the dead-letter queue (not replayed twice).`);
      }
      if (summary.deleteFailed > 0) {
        ctx.out(`  ${summary.deleteFailed} were sent but could not be deleted from the dead-letter queue: they will be replayed again next time.`);
      }
      for (const f of summary.failures) ctx.out(`  ${f.messageId}: ${f.code} ${f.message}`);
    }
    const note = stopNote(summary.stoppedBy, summary.scanned);
    if (note) ctx.err(`note: ${note}`);
    return replayExit(summary);
  },
};

const moveStatus: Command = {
  name: 'dlq move-status',
  summary: 'show the message move tasks (`dlq replay --all`) of the dead-letter queue',
  usage: [''],
  options: {},
  optionHelp: [],
  common: 'queues',
  positionals: { min: 0, max: 0 },
  examples: ['pinterest-tag dlq move-status --stage prod'],
  async run(ctx) {
    const { dlqUrl } = await ctx.queues({ dlq: true });
    const tasks = await moveTaskCall(ctx, 'ListMessageMoveTasks', () => listMoveTasks({ sqs: ctx.sqs, dlqUrl: dlqUrl as string }));
    if (ctx.json) ctx.printJson({ dlqUrl, tasks });
    else if (tasks.length === 0) ctx.out(`No message move tasks for ${dlqUrl}.`);
    else {
      ctx.out(
        table(
          ['STARTED', 'STATUS', 'MOVED', 'TO MOVE', 'DETAIL'],
          tasks.map((t) => [t.startedAt ?? '?', t.status, String(t.moved), t.toMove !== undefined ? String(t.toMove) : '?', t.failureReason ?? t.taskHandle ?? '']),
        ),
      );
    }
    return EXIT.ok;
  },
};

const purge: Command = {
  name: 'dlq purge',
  summary: 'delete dead-letter messages of one reason (and source) for good',
  usage: ['--reason R [--source ID] [--limit N] [--yes]'],
  options: {
    source: { type: 'string' },
    reason: { type: 'string' },
    limit: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'visibility-timeout': { type: 'string' },
  },
  optionHelp: [
    ...FILTER_HELP,
    '  --limit N              delete at most N messages',
    '  --yes, -y              do not ask for confirmation (required when stdin is not a terminal)',
    VISIBILITY_HELP,
  ],
  common: 'queues',
  positionals: { min: 0, max: 0 },
  notes: ['Only matching messages are deleted; every other message is made visible again untouched.'],
  examples: [
    'pinterest-tag dlq purge --stage prod --reason event_too_old',
    'pinterest-tag dlq purge --stage prod --reason invalid_event --source legacy-site --yes',
  ],
  async run(ctx) {
    const filter = filterOf(ctx);
    if (!filter.reason) throw new UsageError('--reason is required: purge never deletes everything');
    let limit = positiveInt(ctx, 'limit');
    if (!ctx.flag('yes') && !ctx.io.stdin.isTTY) {
      throw new UsageError('refusing to delete without confirmation: stdin is not a terminal; pass --yes');
    }
    const { dlqUrl } = (await ctx.queues({ dlq: true })) as { dlqUrl: string };
    if (!ctx.flag('yes')) {
      const counted = await dlqStats({ ...scanOptions(ctx, dlqUrl), filter });
      const count = limit !== undefined ? Math.min(limit, counted.total) : counted.total;
      if (count === 0) {
        ctx.out(`Nothing to purge: no messages${describeFilter(filter)} in ${dlqUrl}.`);
        return EXIT.ok;
      }
      const approx = counted.truncated ? 'at least ' : '';
      if (!(await confirm(ctx.io, `Delete ${approx}${plural(count, 'message')}${describeFilter(filter)} from ${dlqUrl} for good?`))) {
        ctx.out('Nothing deleted.');
        return EXIT.failed;
      }
      // Never more than the operator agreed to, even if more arrived meanwhile.
      if (!counted.truncated) limit = count;
    }
    const summary = await dlqPurge({ ...scanOptions(ctx, dlqUrl), filter: { ...filter, reason: filter.reason }, ...(limit !== undefined ? { limit } : {}) });
    if (ctx.json) ctx.printJson({ dlqUrl, filter, ...summary });
    else {
      ctx.out(`Deleted ${plural(summary.deleted, 'message')}${describeFilter(filter)} from ${dlqUrl} (read ${summary.scanned}).`);
      if (summary.deleteFailed > 0) ctx.out(`  ${summary.deleteFailed} could not be deleted and are still there.`);
    }
    const note = stopNote(summary.stoppedBy, summary.scanned);
    if (note) ctx.err(`note: ${note}`);
    if (summary.stoppedBy === 'aborted') return EXIT.interrupted;
    return summary.deleteFailed > 0 ? EXIT.failed : EXIT.ok;
  },
};

export const DLQ_COMMANDS: Command[] = [stats, peek, replay, purge, moveStatus];
