/**
 * Records what was read and what could not be, per data source and scope. A failure inside one source becomes a
 * coverage gap and the collection goes on (the engine then reports coverage.complete=false, exit 3), except:
 * a rejected token (401) or a missing credential, and an unreachable endpoint before any data was read, which
 * abort the run with an AuthError (exit 4).
 */
import { AuthError, MiAuditError } from '../core/errors.js';
import type { CoverageGap, CoverageRead, DataSource } from '../snapshot/schema.js';
import { describeFailure, formatFailure } from './request-failure.js';

const GRAPH_SOURCES: ReadonlySet<DataSource> = new Set(['servicePrincipals', 'applications', 'appRoleAssignments', 'directoryRoles', 'directoryObjects', 'signInActivity']);

export interface CoverageRecorder {
  readonly read: CoverageRead[];
  readonly gaps: CoverageGap[];
  /** Runs one read of `source` at `scope`; returns undefined (and records a gap) when it failed. */
  attempt<T>(source: DataSource, scope: string, read: () => Promise<T>): Promise<T | undefined>;
  /** Records a gap found without an exception (e.g. a requested subscription that is not visible). */
  gap(gap: CoverageGap): void;
  /** Records a successful read done outside attempt() (one Resource Graph query covers many subscriptions). */
  markRead(source: DataSource, scope: string): void;
}

export function createCoverageRecorder(options: { readonly debug?: ((line: string) => void) | undefined } = {}): CoverageRecorder {
  const read: CoverageRead[] = [];
  const gaps: CoverageGap[] = [];
  // Keys of what is in `read` and `gaps`: one lookup per record, not a scan (5,000 FIC reads made it quadratic).
  const readKeys = new Set<string>();
  const gapKeys = new Set<string>();
  const keyOf = (source: DataSource, scope: string): string => `${source} ${scope.toLowerCase()}`;
  let anyDataRead = false;
  const addGap = (gap: CoverageGap): void => {
    const key = keyOf(gap.source, gap.scope);
    if (gapKeys.has(key)) return;
    gapKeys.add(key);
    gaps.push(gap);
  };
  const markRead = (source: DataSource, scope: string): void => {
    anyDataRead = true;
    const key = keyOf(source, scope);
    if (readKeys.has(key)) return;
    readKeys.add(key);
    read.push({ source, scope });
  };
  return {
    read,
    gaps,
    gap: addGap,
    markRead,
    async attempt<T>(source: DataSource, scope: string, readSource: () => Promise<T>): Promise<T | undefined> {
      try {
        const value = await readSource();
        markRead(source, scope);
        return value;
      } catch (error: unknown) {
        if (error instanceof MiAuditError) throw error;
        const failure = describeFailure(error);
        const service = GRAPH_SOURCES.has(source) ? 'Microsoft Graph' : 'Azure Resource Manager';
        options.debug?.(`${source} at ${scope}: ${formatFailure(failure)}`);
        if (failure.kind === 'credential') {
          throw new AuthError(`cannot get a token for ${service}: ${failure.detail ?? 'no credential available'}`, {
            hint: 'sign in (az login) or set MI_AUDIT_ARM_TOKEN and MI_AUDIT_GRAPH_TOKEN',
          });
        }
        if (failure.kind === 'http' && failure.status === 401) {
          throw new AuthError(`${service} rejected the token: ${formatFailure(failure)}`, {
            hint: 'the token is expired, for another audience or tenant, or revoked; sign in again',
          });
        }
        if (failure.kind === 'network' && !anyDataRead) {
          throw new AuthError(`cannot reach ${service}: ${formatFailure(failure)}`, {
            hint: 'check the network, proxy and MI_AUDIT_*_ENDPOINT settings, and that the TLS certificate is trusted (NODE_EXTRA_CA_CERTS)',
          });
        }
        // An error with neither status nor code is a bug, not a coverage problem: let it surface (exit 5).
        if (failure.kind === 'unknown' && failure.code === undefined) throw error;
        addGap({
          source,
          scope,
          reason: formatFailure(failure),
          ...(failure.status === undefined ? {} : { status: failure.status }),
          ...(failure.code === undefined ? {} : { code: failure.code }),
        });
        return undefined;
      }
    },
  };
}
