/** The per-service adaptive limiter and the gate's separate limiters, without the network. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createHttpGate } from '../../src/collect/http/http-gate.js';
import { createLimiter } from '../../src/collect/http/limiter.js';

const ARM = 'https://management.azure.com';
const GRAPH = 'https://graph.microsoft.com';

/** A task that stays in flight until released, counting how many run at once. */
function gatedTasks(): { task: () => Promise<void>; releaseAll: () => void; maxInFlight: () => number; started: () => number } {
  let inFlight = 0;
  let max = 0;
  let started = 0;
  const releases: (() => void)[] = [];
  return {
    task: async () => {
      started += 1;
      inFlight += 1;
      max = Math.max(max, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight -= 1;
    },
    releaseAll: () => {
      for (const release of releases.splice(0)) release();
    },
    maxInFlight: () => max,
    started: () => started,
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('adaptive limiter', () => {
  it('never runs more than its limit, halves when throttled and grows back after unthrottled answers', async () => {
    const limiter = createLimiter(8);
    const tasks = gatedTasks();
    const all = Array.from({ length: 20 }, () => limiter.run(tasks.task));
    await tick();
    assert.equal(tasks.started(), 8);
    limiter.throttled();
    assert.equal(limiter.limit, 4);
    limiter.throttled();
    limiter.throttled();
    limiter.throttled();
    assert.equal(limiter.limit, 1, 'never below 1');
    for (let answer = 0; answer < 3; answer += 1) limiter.succeeded();
    assert.equal(limiter.limit, 3, 'one more after `limit` answers in a row: 1 → 2 after one, → 3 after two more');
    limiter.succeeded(3);
    assert.equal(limiter.limit, 2, 'few remaining reads (3 < 2 × limit) lower it');
    while (tasks.started() < 20) {
      tasks.releaseAll();
      await tick();
    }
    tasks.releaseAll();
    await Promise.all(all);
    assert.equal(tasks.maxInFlight(), 8);
  });

  it('a Resource Graph page goes before the ARM reads already waiting, never beyond the limit', async () => {
    const gate = createHttpGate({ origins: { arm: ARM, graph: GRAPH }, limiters: { arm: createLimiter(2), graph: createLimiter(2) } });
    const order: string[] = [];
    const releases: (() => void)[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const task = (name: string) => async (): Promise<void> => {
      order.push(name);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight -= 1;
    };
    const lists = Array.from({ length: 5 }, (_, index) => gate.send({ service: 'arm', method: 'GET', url: `${ARM}/subscriptions/${index}/providers/Microsoft.Authorization/roleAssignments` }, task(`list ${index}`)));
    await tick();
    const page = gate.send({ service: 'arm', method: 'POST', url: `${ARM}/providers/Microsoft.ResourceGraph/resources`, body: '{}' }, task('graph page'));
    while (order.length < 6) {
      releases.shift()?.();
      await tick();
    }
    for (const release of releases.splice(0)) release();
    await Promise.all([...lists, page]);
    assert.deepEqual(order, ['list 0', 'list 1', 'graph page', 'list 2', 'list 3', 'list 4']);
    assert.equal(maxInFlight, 2);
  });

  it('Graph requests waiting for their limiter do not hold ARM requests back', async () => {
    const gate = createHttpGate({ origins: { arm: ARM, graph: GRAPH }, limiters: { arm: createLimiter(2), graph: createLimiter(2) } });
    const graph = gatedTasks();
    const batches = Array.from({ length: 10 }, () => gate.send({ service: 'graph', method: 'GET', url: `${GRAPH}/v1.0/applications` }, graph.task));
    await tick();
    assert.equal(graph.started(), 2);
    let armDone = false;
    await gate.send({ service: 'arm', method: 'GET', url: `${ARM}/subscriptions` }, async () => {
      armDone = true;
    });
    assert.equal(armDone, true);
    while (graph.started() < 10) {
      graph.releaseAll();
      await tick();
    }
    graph.releaseAll();
    await Promise.all(batches);
  });
});
