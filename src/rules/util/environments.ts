/**
 * Which environment a resource belongs to, production or not, from the evidence Azure estates usually carry:
 * an `environment`-style tag, then names (resource, resource group), then the subscription's tag and name.
 * The most specific evidence wins; ambiguous or missing evidence gives undefined, never a guess.
 * Names are split into tokens on non-alphanumerics, so `app-orders-prod` is production but `product-api` and
 * `stordersprod` (no separators) say nothing. Used by shared-identity and the identity record.
 */
import type { Inventory, Resource } from '../../inventory/model.js';
import { compareText } from '../../core/compare-text.js';

export type EnvironmentClass = 'production' | 'non-production';

export interface EnvironmentVerdict {
  readonly environmentClass: EnvironmentClass;
  /** Normalised label: prod, dev, test, qa, uat, staging, sandbox, non-prod, pre-prod. */
  readonly label: string;
  /** Where the verdict came from, for evidence: `tag environment=dev on resource`, `resource group name`, … */
  readonly source: string;
}

const WORDS: ReadonlyMap<string, readonly [EnvironmentClass, string]> = new Map([
  ['prod', ['production', 'prod']],
  ['production', ['production', 'prod']],
  ['prd', ['production', 'prod']],
  ['live', ['production', 'prod']],
  ['dev', ['non-production', 'dev']],
  ['development', ['non-production', 'dev']],
  ['test', ['non-production', 'test']],
  ['tst', ['non-production', 'test']],
  ['testing', ['non-production', 'test']],
  ['qa', ['non-production', 'qa']],
  ['uat', ['non-production', 'uat']],
  ['stage', ['non-production', 'staging']],
  ['staging', ['non-production', 'staging']],
  ['stg', ['non-production', 'staging']],
  ['sandbox', ['non-production', 'sandbox']],
  ['sbx', ['non-production', 'sandbox']],
  ['nonprod', ['non-production', 'non-prod']],
  ['nonproduction', ['non-production', 'non-prod']],
  ['preprod', ['non-production', 'pre-prod']],
  ['preproduction', ['non-production', 'pre-prod']],
]);

// "non-prod" and "pre-prod" split into two tokens; the prefix turns the next production word into non-production.
const NEGATING_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['non', 'non-prod'],
  ['pre', 'pre-prod'],
]);

/** Tag keys that name an environment, compared without case or punctuation. */
const ENVIRONMENT_TAG_KEYS: ReadonlySet<string> = new Set(['environment', 'env', 'stage', 'environmenttype', 'environmentname', 'envtype', 'envname']);

/** Classifies free text (a name or a tag value). Undefined when no word matches or words disagree. */
export function classifyEnvironmentText(text: string): { readonly environmentClass: EnvironmentClass; readonly label: string } | undefined {
  const tokens = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((token) => token.replace(/\d+$/, ''))
    .filter((token) => token !== '');
  const found: (readonly [EnvironmentClass, string])[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    const next = tokens[index + 1];
    const negated = NEGATING_PREFIXES.get(token);
    if (negated !== undefined && next !== undefined && WORDS.get(next)?.[0] === 'production') {
      found.push(['non-production', negated]);
      index += 1;
      continue;
    }
    const word = WORDS.get(token);
    if (word !== undefined) found.push(word);
  }
  const first = found[0];
  if (first === undefined || found.some((word) => word[0] !== first[0])) return undefined;
  return { environmentClass: first[0], label: first[1] };
}

/** The verdict from an `environment`-style tag, when one is present and recognised. */
export function environmentFromTags(tags: Readonly<Record<string, string>> | undefined, where: string): EnvironmentVerdict | undefined {
  return fromTags(tags, where, classifyEnvironmentText);
}

/** The verdict from a name (split into words), with `source` saying which name it was. */
export function environmentFromName(name: string, source: string): EnvironmentVerdict | undefined {
  const verdict = classifyEnvironmentText(name);
  return verdict === undefined ? undefined : withSource(verdict, source);
}

/** Anything that lives in a resource group: a resource, or a user-assigned identity (for the identity record). */
export type Placed = Pick<Resource, 'name' | 'resourceGroup' | 'subscriptionId' | 'tags'>;

/** Classifies free text: `classifyEnvironmentText` or a caller's memo of it (same answers, shared objects). */
export type EnvironmentClassifier = (text: string) => ReturnType<typeof classifyEnvironmentText>;

/**
 * The environment of a resource, most specific evidence first; undefined when nothing says. `classify` lets a rule
 * that asks for thousands of resources pass a per-run memo (names and tags repeat across a tenant).
 */
export function environmentOf(inventory: Inventory, resource: Placed, classify: EnvironmentClassifier = classifyEnvironmentText): EnvironmentVerdict | undefined {
  const subscription = inventory.subscription(resource.subscriptionId);
  return (
    fromTags(resource.tags, 'resource', classify) ??
    fromName(resource.name, 'resource name', classify) ??
    fromName(resource.resourceGroup, 'resource group name', classify) ??
    fromTags(subscription?.tags, 'subscription', classify) ??
    (subscription === undefined ? undefined : fromName(subscription.displayName, 'subscription name', classify))
  );
}

// environmentFromTags and environmentFromName with the classifier passed in, and the source text made only for a verdict.
function fromTags(tags: Readonly<Record<string, string>> | undefined, where: string, classify: EnvironmentClassifier): EnvironmentVerdict | undefined {
  if (tags === undefined) return undefined;
  // The environment keys in key order (only they are read, so only they are sorted; most resources have none).
  const keys = Object.keys(tags).filter((key) => ENVIRONMENT_TAG_KEYS.has(key.toLowerCase().replace(/[^a-z]/g, '')));
  if (keys.length > 1) keys.sort((a, b) => compareText(a, b));
  for (const key of keys) {
    const value = tags[key] ?? '';
    const verdict = classify(value);
    if (verdict !== undefined) return withSource(verdict, `tag ${key}=${value} on ${where}`);
  }
  return undefined;
}

function fromName(name: string, what: string, classify: EnvironmentClassifier): EnvironmentVerdict | undefined {
  const verdict = classify(name);
  return verdict === undefined ? undefined : withSource(verdict, `${what} ${name}`);
}

/**
 * The verdict with its source, field by field: an object literal that starts with a spread gets a V8 hidden class of
 * its own, and the identity record keeps one per resource (docs/performance.md, "Export memory, round 5").
 */
function withSource(verdict: NonNullable<ReturnType<typeof classifyEnvironmentText>>, source: string): EnvironmentVerdict {
  return { environmentClass: verdict.environmentClass, label: verdict.label, source };
}
