/**
 * Entry of the collector child process (collector-process.ts starts it): a live `scan` or `baseline` has it write the
 * collection, unvalidated, to a private temp file the parent then reads; `collect` has it validate the collection and
 * write the snapshot to the user's output itself. In a process of its own, the memory the collection leaves behind
 * (garbage promoted into the old generation, freed TLS and body buffers that glibc keeps) is returned to the system
 * when it exits.
 *
 * Protocol over the IPC channel (never argv, never stdout): the parent sends one `CollectRequest`; the child answers
 * with `line` messages (stderr text, already escaped by sayLine) and ends with one `done` or `failed`. Credentials
 * come from the environment the parent passes, as for `collect`.
 */
import { jsonChunks } from '../core/json-chunks.js';
import { renderSnapshot } from '../snapshot/write.js';
import { type CollectedSummary, type CollectorMessage, type CollectRequest, isCollectRequest } from './collector-process.js';
import { runCleanups } from './interrupt.js';
import type { CliIo } from './io.js';
import { collectUnchecked, collectValidated } from './live-collection.js';
import { isStdout, writeOutput } from './output.js';

function send(message: CollectorMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function collectTo(request: CollectRequest): Promise<CollectedSummary | undefined> {
  const io: CliIo = {
    // A snapshot for stdout goes to the stdout the parent shares with this process (it is a pipe or file only then);
    // nothing else of a collection goes to stdout.
    stdout: request.mode === 'snapshot' && isStdout(request.output) ? process.stdout : { write: () => true },
    // stderr lines travel to the parent, which writes them to its own io.
    stderr: { write: (text: string) => void send({ type: 'line', text }), isTTY: request.stderrIsTTY },
    env: process.env,
    now: () => new Date(),
  };
  if (request.mode === 'temp') {
    const snapshot = await collectUnchecked(io, request.global, request.options);
    // Not validated here: the parent's reader validates every item as it reads the file. The file exists already
    // (mode 0600, made by the parent): the atomic writer keeps that mode.
    await writeOutput(io, request.output, jsonChunks(snapshot));
    return undefined;
  }
  const snapshot = await collectValidated(io, request.global, request.options);
  await writeOutput(io, request.output, renderSnapshot(snapshot, request.output));
  // Every byte handed to stdout is out before the process exits (a pipe may be asynchronous on some platforms).
  if (isStdout(request.output)) await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  return {
    subscriptions: snapshot.subscriptions.length,
    userAssignedIdentities: snapshot.userAssignedIdentities.length,
    federatedIdentityCredentials: snapshot.federatedIdentityCredentials.length,
    roleAssignments: snapshot.roleAssignments.length,
    gaps: snapshot.coverage.gaps,
  };
}

function failure(error: unknown): CollectorMessage {
  const known = error instanceof Error;
  return {
    type: 'failed',
    name: known ? error.name : 'Error',
    message: known ? error.message : String(error),
    hint: known && 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined,
    stack: known ? error.stack : undefined,
  };
}

// The parent gone (killed, or its channel closed): nothing will read the snapshot, so stop at once, removing the
// temp file of an output being written.
process.on('disconnect', () => {
  runCleanups();
  process.exit(1);
});
process.once('message', (message: unknown) => {
  const work = isCollectRequest(message) ? collectTo(message) : Promise.reject(new Error('collector child: malformed request'));
  work.then(
    (summary) => send(summary === undefined ? { type: 'done' } : { type: 'done', summary }),
    (error: unknown) => send(failure(error)),
  ).finally(() => process.exit(0));
});
