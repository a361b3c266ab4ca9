/** Reads JUnit XML back through a DOM and checks what GitLab, Jenkins and Azure DevOps require of it. */
import assert from 'node:assert/strict';

import { create } from 'xmlbuilder2';

export type Node = Record<string, unknown>;

/** The DOM (which decodes entities, unlike xmlbuilder2's object conversion) as `{'@attr', child…, '#': text}`. */
interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  readonly children: ArrayLike<DomElement>;
}

function toObject(element: DomElement): Node {
  const node: Node = { '#': element.textContent ?? '' };
  for (const attribute of Array.from(element.attributes)) node[`@${attribute.name}`] = attribute.value;
  for (const child of Array.from(element.children)) {
    const existing = node[child.tagName];
    const value = toObject(child);
    node[child.tagName] = existing === undefined ? value : [...list(existing), value];
  }
  return node;
}
export const list = (value: unknown): Node[] => (value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node]);
export const attr = (node: Node | undefined, name: string): string | undefined => node?.[`@${name}`] as string | undefined;

/** Parses JUnit XML back and checks the attributes GitLab, Jenkins and Azure DevOps require; returns the suites. */
export function parseJunit(xml: string): Node[] {
  const element = create(xml).root().node as unknown as DomElement;
  assert.equal(element.tagName, 'testsuites');
  const root = toObject(element);
  const suites = list(root['testsuite']);
  const sum = (name: string): number => suites.reduce((total, suite) => total + Number(attr(suite, name)), 0);
  for (const name of ['tests', 'failures', 'errors', 'skipped']) assert.equal(Number(attr(root, name)), sum(name), `testsuites@${name} is the sum of its suites`);
  for (const suite of suites) {
    for (const name of ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp']) assert.ok(attr(suite, name) !== undefined, `testsuite@${name}`);
    assert.match(attr(suite, 'timestamp') ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'xs:dateTime without a zone');
    const cases = list(suite['testcase']);
    assert.equal(Number(attr(suite, 'tests')), cases.length);
    assert.equal(Number(attr(suite, 'failures')), cases.filter((testcase) => testcase['failure'] !== undefined).length);
    assert.equal(Number(attr(suite, 'skipped')), cases.filter((testcase) => testcase['skipped'] !== undefined).length);
    assert.equal(Number(attr(suite, 'errors')), cases.filter((testcase) => testcase['error'] !== undefined).length);
    for (const testcase of cases) {
      for (const name of ['name', 'classname', 'time']) assert.ok((attr(testcase, name) ?? '') !== '', `testcase@${name}`);
      const outcomes = ['failure', 'skipped', 'error'].filter((outcome) => testcase[outcome] !== undefined);
      assert.ok(outcomes.length <= 1, 'at most one outcome per case');
      for (const outcome of outcomes) assert.ok(attr(testcase[outcome] as Node, 'message') !== undefined, `${outcome}@message`);
      if (testcase['failure'] !== undefined) assert.ok(attr(testcase['failure'] as Node, 'type') !== undefined, 'failure@type');
    }
  }
  return suites;
}

