/**
 * Entry of the collector child process that a live `scan` or `baseline` starts (live-collection.ts,
 * `collectInChild`): the same collection and snapshot writer as `mi-audit collect`, in a process of its own, so the
 * memory the collection leaves behind (garbage promoted into the old generation, freed TLS and body buffers that
 * glibc keeps) is returned to the system when it exits, before the parent analyses the snapshot.
 *
 * Protocol over the IPC channel (never argv, never stdout): the parent sends one `CollectRequest`; the child answers
 * with `line` messages (stderr text, already escaped by sayLine) and ends with one `done` or `failed`. Credentials
 * come from the environment the parent passes, as for `collect`.
 */
import { jsonChunks } from '../core/json-chunks.js';
import type { CliIo } from './io.js';
import { collectUnchecked, type CollectRequest, type CollectorMessage, isCollectRequest } from './live-collection.js';
import { writeOutput } from './output.js';

function send(message: CollectorMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function collectTo(request: CollectRequest): Promise<void> {
  const io: CliIo = {
    // Nothing of a collection goes to stdout; stderr lines travel to the parent, which writes them to its own io.
    stdout: { write: () => true },
    stderr: { write: (text: string) => void send({ type: 'line', text }), isTTY: request.stderrIsTTY },
    env: process.env,
    now: () => new Date(),
  };
  const snapshot = await collectUnchecked(io, request.global, request.options);
  // Not validated here: the parent's reader validates every item as it reads the file. The file exists already
  // (mode 0600, made by the parent): the atomic writer keeps that mode.
  await writeOutput(io, request.output, jsonChunks(snapshot));
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

// The parent gone (killed, or its channel closed): nothing will read the snapshot, so stop at once.
process.on('disconnect', () => process.exit(1));
process.once('message', (message: unknown) => {
  const work = isCollectRequest(message) ? collectTo(message) : Promise.reject(new Error('collector child: malformed request'));
  work.then(
    () => send({ type: 'done' }),
    (error: unknown) => send(failure(error)),
  ).finally(() => process.exit(0));
});
