/**
 * The last Graph middleware: sends the request with node:https (instead of the client's global fetch) through the
 * shared HTTP gate. node:https trusts Node's CA store, NODE_EXTRA_CA_CERTS included, and lets tests pass a CA for
 * the local mock, which undici's fetch does not without an extra package (NOTES.md §3.2 Gotcha 3).
 */
import { request as httpsRequest, Agent } from 'node:https';

import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

import type { HttpGate } from '../http/http-gate.js';

const SOCKET_TIMEOUT_MS = 100_000;

export function httpsTransport(gate: HttpGate, tlsCa: string | undefined): Middleware {
  const agent = new Agent({ keepAlive: true, ...(tlsCa === undefined ? {} : { ca: tlsCa }) });
  return {
    async execute(context: Context): Promise<void> {
      const outgoing = describeRequest(context);
      context.response = await gate.send({ service: 'graph', ...outgoing }, () => send(agent, outgoing));
    },
  };
}

interface Outgoing {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

function describeRequest(context: Context): Outgoing {
  const request = context.request;
  const url = typeof request === 'string' ? request : request instanceof URL ? request.href : request.url;
  const headers: Record<string, string> = {};
  new Headers(context.options?.headers).forEach((value, key) => {
    headers[key] = value;
  });
  const body = context.options?.body;
  // new URL().href percent-encodes what the client leaves raw (spaces in $filter), which node:https would refuse.
  return { method: (context.options?.method ?? 'GET').toUpperCase(), url: new URL(url).href, headers, body: typeof body === 'string' ? body : undefined };
}

function send(agent: Agent, outgoing: Outgoing): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers = { ...outgoing.headers, ...(outgoing.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(outgoing.body)) }) };
    const call = httpsRequest(outgoing.url, { method: outgoing.method, headers, agent, timeout: SOCKET_TIMEOUT_MS }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(incoming.headers)) {
          if (value !== undefined) responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = incoming.statusCode ?? 500;
        const noBody = status === 204 || status === 304 || chunks.length === 0;
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
      });
    });
    call.on('timeout', () => call.destroy(Object.assign(new Error('Graph request timed out'), { code: 'ETIMEDOUT' })));
    call.on('error', (error: NodeJS.ErrnoException) => {
      // The Graph client turns a thrown Error into GraphError.code = error.name, so carry the system code there.
      reject(Object.assign(new Error(`Graph request failed (${error.code ?? 'network error'})`), { name: error.code ?? 'NetworkError', code: error.code }));
    });
    if (outgoing.body !== undefined) call.write(outgoing.body);
    call.end();
  });
}
