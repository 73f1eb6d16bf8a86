import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBundle } from '../../../scripts/bench/generate-bundle.mjs';
import { corpusFiles, isHelmTemplate } from '../../test/corpus';
import { harden } from './harden';
import { HardenCache } from './harden-cache';
import { DEFAULT_OPTIONS, type HardenOptions } from './options';

const ACCOUNT = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop-1\n  namespace: team-1\n';
const BINDING =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: read\n  namespace: team-1\nroleRef:\n  kind: Role\n  name: read\n  apiGroup: rbac.authorization.k8s.io\nsubjects:\n  - kind: ServiceAccount\n    name: shop-1\n';

/** A bundle of real manifests (the smaller corpus files that harden alone) and generated ones, with an account and a binding. */
function bundle(): string {
  const real = corpusFiles()
    .filter((file) => !isHelmTemplate(file.name) && file.text.split('\n').length < 120)
    .map((file) => file.text.replace(/^---\n/, '').trimEnd() + '\n')
    .filter((text) => harden(text, DEFAULT_OPTIONS).errors.length === 0)
    .slice(0, 8);
  const text = [...real, generateBundle(4), ACCOUNT, BINDING].join('---\n');
  expect(harden(text, DEFAULT_OPTIONS).errors).toEqual([]);
  return text;
}

/** The offsets where the documents of a text start. */
function documentStarts(text: string): number[] {
  return [0, ...[...text.matchAll(/^---$/gm)].map((match) => match.index)];
}

type Edit = (text: string) => string;

const edit: fc.Arbitrary<Edit> = fc.oneof(
  // Typing or deleting anywhere.
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('x', ' ', '\n', ': ', '- ', '#', '---\n', '"'))
    .map(([where, typed]): Edit => (text) => {
      const at = Math.floor(where * text.length);
      return text.slice(0, at) + typed + text.slice(at);
    }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([where, length]): Edit => (text) => {
    const at = Math.floor(where * text.length);
    return text.slice(0, at) + text.slice(at + length);
  }),
  // A document copied, moved or removed.
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('copy', 'move', 'remove')).map(([from, to, how]): Edit => (text) => {
    const starts = documentStarts(text);
    const start = starts[from % starts.length] ?? 0;
    const end = starts.find((offset) => offset > start) ?? text.length;
    const piece = text.slice(start, end);
    const rest = how === 'copy' ? text : text.slice(0, start) + text.slice(end);
    if (how === 'remove') return rest;
    const restStarts = documentStarts(rest);
    const at = restStarts[to % restStarts.length] ?? 0;
    const separated = piece.startsWith('---') ? piece : `---\n${piece}`;
    return rest.slice(0, at) + separated + rest.slice(at);
  }),
  // The whole-input facts a pod reads: its ServiceAccount says false, or a binding names it, or not.
  fc.constantFrom<Edit>(
    (text) => text.replace(ACCOUNT, `${ACCOUNT}automountServiceAccountToken: false\n`),
    (text) => text.replace(`${ACCOUNT}automountServiceAccountToken: false\n`, ACCOUNT),
    (text) => text.replace('    name: shop-1\n', '    name: shop-2\n'),
    (text) => text.replace('  name: shop-1\n  namespace: team-1\n', '  name: shop-3\n  namespace: team-1\n'),
    (text) => `${text}---\n${BINDING.replace('name: read\n', 'name: other\n')}`,
  ),
);

const options: fc.Arbitrary<HardenOptions> = fc.constantFrom<HardenOptions>(
  DEFAULT_OPTIONS,
  DEFAULT_OPTIONS,
  { ...DEFAULT_OPTIONS, serviceAccountName: 'shop-1' },
  { ...DEFAULT_OPTIONS, apiAccess: 'none' },
  { ...DEFAULT_OPTIONS, emitServiceAccount: true },
  { ...DEFAULT_OPTIONS, excludedContainers: ['metrics'] },
);

describe('hardening with the page’s cache', () => {
  it('gives what a fresh run gives, after any sequence of edits and option changes', () => {
    const start = bundle();
    let hardened = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(edit, options), { minLength: 1, maxLength: 6 }), (steps) => {
        const cache = new HardenCache();
        let text = start;
        expect(harden(text, DEFAULT_OPTIONS, {}, { cache })).toEqual(harden(text, DEFAULT_OPTIONS));
        for (const [change, chosen] of steps) {
          text = change(text);
          const fresh = harden(text, chosen);
          expect(harden(text, chosen, {}, { cache })).toEqual(fresh);
          if (fresh.errors.length === 0) hardened += 1;
        }
      }),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 40) },
    );
    // Edits that break the text compare errors only: most must leave it readable.
    expect(hardened).toBeGreaterThan(40);
  }, 120_000);

  it('reuses the hardening of the documents a keystroke did not touch', () => {
    const cache = new HardenCache();
    const text = bundle();
    const before = harden(text, DEFAULT_OPTIONS, {}, { cache });
    const last = before.objects.at(-1);
    const lastDocument = documentStarts(text).at(-1) ?? 0;
    // A keystroke in the last document's name: every workload before it is the very object it was.
    const typed = text.slice(0, lastDocument) + text.slice(lastDocument).replace('name: read', 'name: readx');
    const after = harden(typed, DEFAULT_OPTIONS, {}, { cache });
    expect(after).toEqual(harden(typed, DEFAULT_OPTIONS));
    const unchanged = before.objects.filter((workload) => workload !== last);
    expect(unchanged.length).toBeGreaterThan(5);
    unchanged.forEach((workload, index) => expect(after.objects[index]).toBe(workload));
  });

  it('moves a kept document that an edit before it shifted by lines alone, or renumbered alone', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n';
    const text = `a: 1\n---\nb: 1\n# a b\n---\n${pod}`;
    // Same length before the pod, one line more; then the same lines, one document fewer.
    const edits = [text.replace('# a b', '#\n# b'), text.replace('---\nb', '#--\nb')];
    for (const edited of edits) {
      const cache = new HardenCache();
      const before = harden(text, DEFAULT_OPTIONS, {}, { cache });
      expect(before.findings.some((finding) => finding.position !== undefined)).toBe(true);
      expect(harden(edited, DEFAULT_OPTIONS).objects.length).toBe(1);
      expect(harden(edited, DEFAULT_OPTIONS, {}, { cache })).toEqual(harden(edited, DEFAULT_OPTIONS));
    }
  });
});
