import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS } from '../state/option-fields';
import { repositoryRoot } from '../test/corpus';
import { FIRST_CHANGES } from './protocol';
import { runHarden } from './run-harden';

const SEED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/input.yaml'), 'utf8');
const SEED_HARDENED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/expected.yaml'), 'utf8');
const TWO = SEED.replace('      image: nginx:1.27\n', '      image: nginx:1.27\n    - name: sidecar\n      image: envoy:1\n');

/** Indexes of the lines the blocks mark as inserted, across the whole output. */
function markedLines(blocks: readonly { start: number; added: string }[]): number[] {
  return blocks.flatMap((block) => (block.added === '' ? [] : block.added.split(',').map((index) => block.start + Number(index))));
}

describe('runHarden', () => {
  it('answers a request with the hardened manifest, the inserted lines marked, and the containers found', () => {
    const reply = runHarden({ id: 7, manifest: SEED, fields: DEFAULT_FIELDS });
    expect(reply.id).toBe(7);
    expect(reply.problems).toEqual([]);
    expect(reply.containers).toEqual(['foo']);
    expect(reply.result.output).toBe(SEED_HARDENED);
    expect(reply.result.errors).toEqual([]);
    expect(reply.result.blocks.map((block) => block.text).join('')).toBe(SEED_HARDENED);
    // The seed needs additions only: every line not in the input is marked, and no other.
    const inputLines = new Set(SEED.split('\n'));
    const expected = SEED_HARDENED.split('\n')
      .slice(0, -1)
      .flatMap((line, index) => (inputLines.has(line) ? [] : [index]));
    expect(markedLines(reply.result.blocks)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
    expect(reply.result.changeCount).toBe(3);
    expect(reply.result.moreChanges).toBeUndefined();
    expect(reply.facts.serviceAccountNames).toEqual(['foo-sa']);
  });

  it('mounts the token only in the containers the form leaves ticked, and still lists them all', () => {
    const reply = runHarden({ id: 1, manifest: TWO, fields: { ...DEFAULT_FIELDS, excludedContainers: ['foo'] } });
    expect(reply.containers).toEqual(['foo', 'sidecar']);
    expect(reply.result.output.match(/mountPath: \/var\/run\/secrets\/kubernetes\.io\/serviceaccount/g)).toHaveLength(1);
    expect(reply.result.output).toMatch(
      /- name: sidecar\n {6}image: envoy:1\n {6}volumeMounts:\n {8}- mountPath: \/var\/run\/secrets\/kubernetes\.io\/serviceaccount/,
    );
    const all = runHarden({ id: 2, manifest: TWO, fields: DEFAULT_FIELDS });
    expect(all.result.output.match(/mountPath: \/var\/run\/secrets\/kubernetes\.io\/serviceaccount/g)).toHaveLength(2);
  });

  it('names a refused field and hardens with the default in its place', () => {
    const reply = runHarden({ id: 3, manifest: SEED, fields: { ...DEFAULT_FIELDS, expirationSeconds: '599' } });
    expect(reply.problems.map((problem) => [problem.code, problem.option, problem.value])).toEqual([
      ['invalid-option', 'expirationSeconds', '599'],
    ]);
    expect(reply.result.output).toBe(SEED_HARDENED);
  });

  it('gives an input with errors back as it was, with nothing marked', () => {
    const broken = 'kind: Pod\nkind: Pod\n';
    const reply = runHarden({ id: 4, manifest: broken, fields: DEFAULT_FIELDS });
    expect(reply.result.errors.map((error) => error.code)).toEqual(['duplicate-key']);
    expect(reply.result.output).toBe(broken);
    expect(markedLines(reply.result.blocks)).toEqual([]);
  });

  it(`carries the first ${FIRST_CHANGES} changes as objects and the rest as JSON`, () => {
    const pods = Array.from({ length: 80 }, (_, index) => SEED.replace('name: foo-pod', `name: pod-${index}`)).join('---\n');
    const reply = runHarden({ id: 5, manifest: pods, fields: DEFAULT_FIELDS });
    expect(reply.result.changeCount).toBe(240);
    expect(reply.result.changes).toHaveLength(FIRST_CHANGES);
    const rest = JSON.parse(reply.result.moreChanges ?? '[]') as { path: string; object: string }[];
    expect(rest).toHaveLength(240 - FIRST_CHANGES);
    expect(rest.at(-1)?.path).toBe('spec.volumes[0]');
  });
});
