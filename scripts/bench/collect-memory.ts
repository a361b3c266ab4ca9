/**
 * `node --import tsx scripts/bench/collect-memory.ts [--scale 1]`: where the memory of a live collection goes. The
 * mock serves the live-bench tenant from this process; a child process (the collector alone, with the V8 flags of the
 * collector child a live scan starts) reports RSS and heap after each area it reads, after validation and after serialisation, each as the CLI
 * does them: validated in place (src/snapshot/validate-in-place.ts) and serialised in ~1 MiB chunks
 * (src/snapshot/write.ts), which it counts and drops as `collect -o` writes them. Asserts nothing.
 */
import { spawn } from 'node:child_process';

import { CHILD_V8_FLAGS } from '../../src/cli/collector-process.js';
import { MOCK_ARM_TOKEN, MOCK_GRAPH_TOKEN, startMockAzure } from '../../test/helpers/mock-azure/server.js';
import { REALISTIC_PAGES } from './live.js';
import { liveSize, syntheticTenant } from './synthetic-tenant.js';

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function child(): Promise<void> {
  const { collectSnapshot } = await import('../../src/collect/collector.js');
  const { cloudEndpoints } = await import('../../src/collect/cloud-endpoints.js');
  const { staticTokenCredential } = await import('../../src/collect/credentials.js');
  const { DEFAULT_RETRY } = await import('../../src/collect/http/retry-decision.js');
  const { validateInPlace } = await import('../../src/snapshot/validate-in-place.js');
  const { renderSnapshot } = await import('../../src/snapshot/write.js');
  const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);
  const report = (label: string): void => {
    const before = process.memoryUsage();
    gc();
    const after = process.memoryUsage();
    console.log(`${label.padEnd(36)} rss ${mib(before.rss).padStart(8)}  heap ${mib(before.heapUsed).padStart(8)}  heap after GC ${mib(after.heapUsed).padStart(8)}`);
  };
  const env = process.env;
  report('start');
  const snapshot = await collectSnapshot({
    cloud: 'AzureCloud',
    endpoints: { ...cloudEndpoints('AzureCloud'), arm: env['MOCK_ARM'] ?? '', graph: env['MOCK_GRAPH'] ?? '' },
    credentials: { arm: staticTokenCredential(MOCK_ARM_TOKEN), graph: { getAccessToken: async () => MOCK_GRAPH_TOKEN } },
    scope: { kind: 'tenant', ids: [] },
    discovery: 'arg',
    concurrency: 16,
    retry: DEFAULT_RETRY,
    tool: { name: 'mi-audit', version: 'bench' },
    now: () => new Date(),
    tlsCa: env['MOCK_CA'],
    progress: (source) => report(`read ${source}`),
  });
  report('collected (snapshot retained)');
  const validated = validateInPlace(snapshot, 'bench');
  report('validated (in place)');
  let characters = 0;
  for (const chunk of renderSnapshot(validated, 'bench')) characters += chunk.length;
  report(`serialised (${mib(characters)} of text, in chunks)`);
  console.log(`peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}`);
}

async function parent(): Promise<void> {
  const scaleArg = process.argv.indexOf('--scale');
  const scale = scaleArg >= 0 ? Number(process.argv[scaleArg + 1]) : 1;
  const mock = await startMockAzure(syntheticTenant(liveSize(scale), 'live'), { pageSizes: REALISTIC_PAGES });
  try {
    console.log(`collector memory, live-bench tenant at scale ${scale} (concurrency 16)`);
    await new Promise<void>((resolve) => {
      // The V8 flags of the collector child a live scan starts (src/cli/collector-process.ts).
      const run = spawn(process.execPath, ['--expose-gc', ...CHILD_V8_FLAGS, '--import', 'tsx', import.meta.filename, '--child'], {
        env: { ...process.env, MOCK_ARM: mock.armOrigin, MOCK_GRAPH: mock.graphOrigin, MOCK_CA: mock.certificate.certPem },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      run.on('close', () => resolve());
    });
  } finally {
    await mock.close();
  }
}

await (process.argv.includes('--child') ? child() : parent());
