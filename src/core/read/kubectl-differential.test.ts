/**
 * Differential fuzzing against kubectl's own reading (sigs.k8s.io/yaml, `kubectl annotate --local
 * -o json`): corpus manifests and golden inputs, mutated with the constructs where YAML readers
 * part ways (line-break characters in comments and scalars, merge keys before and after, empty
 * values, anchors, number-like names). Wherever `harden` accepts a case, kubectl must read the
 * output as hardened (automount off on every pod spec and ServiceAccount, names as chosen) and
 * equal to its reading of the input outside the hardening.
 *
 * kubectl takes ~100 ms a call, so cases go to it in batches: one multi-document stream per batch,
 * cases separated by marker objects; a batch kubectl refuses is split until the refused case is found.
 * KUBECTL_FUZZ_RUNS=1000 KUBECTL_FUZZ_SEED=7 npx vitest run src/core/kubectl-differential.test.ts
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, isScalar, isSeq, type Node, visit, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { corpusFiles, isHelmTemplate, repositoryRoot } from '../../test/corpus';
import { hardeningViolations } from '../../test/hardening-oracle';
import { harden } from '../harden/harden';
import { DEFAULT_OPTIONS, type HardenOptions } from '../harden/options';
import { parseManifestFully } from './parse';
import { detectLineEnding, lineEndAfter, lineStart } from '../source-text';
import { isRecord } from '../index';

const RUNS = Number(process.env['KUBECTL_FUZZ_RUNS'] ?? 150);
const SEED = Number(process.env['KUBECTL_FUZZ_SEED'] ?? 1);
/** Source files above this size make batches slow without adding constructs. */
const MAX_SOURCE_CHARS = 100_000;
const BATCH_CHARS = 1_500_000;

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.log('kubectl differential test skipped: no kubectl on PATH');

type Json = Record<string, unknown>;
type Source = { readonly name: string; readonly text: string };
type Case = { readonly source: string; readonly mutation: string; readonly text: string; readonly options: HardenOptions };

/** A small seeded generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function marker(index: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-case-marker-${index}\n`;
}

/** kubectl's reading of several texts at once: the objects of each, or undefined where kubectl refuses one. */
function kubectlRead(texts: readonly string[]): (Json[] | undefined)[] {
  if (texts.length === 0) return [];
  const stream = texts.map((text, index) => `${marker(index)}---\n${text.endsWith('\n') ? text : `${text}\n`}`).join('---\n');
  const run = spawnSync('kubectl', ['annotate', '--local', '-f', '-', 'fuzz=1', '-o', 'json'], {
    input: stream,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status === 0) {
    // One pretty-printed JSON object after another: each ends with a `}` alone at column 0.
    const items = run.stdout
      .split(/^\}$/m)
      .filter((chunk) => chunk.trim() !== '')
      .flatMap((chunk) => {
        const parsed = JSON.parse(`${chunk}}`) as Json;
        return (parsed['kind'] === 'List' ? parsed['items'] : [parsed]) as Json[];
      });
    const groups: Json[][] = [];
    for (const item of items) {
      const name = isRecord(item['metadata']) ? String(item['metadata']['name']) : '';
      if (item['kind'] === 'ConfigMap' && name.startsWith('fuzz-case-marker-')) groups.push([]);
      else groups.at(-1)?.push(item);
    }
    if (groups.length === texts.length) return groups;
  }
  if (texts.length === 1) return [undefined];
  const half = Math.ceil(texts.length / 2);
  return [...kubectlRead(texts.slice(0, half)), ...kubectlRead(texts.slice(half))];
}

/** kubectl's reading, in batches of bounded size. */
function kubectlReadAll(texts: readonly string[]): (Json[] | undefined)[] {
  const results: (Json[] | undefined)[] = [];
  let batch: string[] = [];
  let size = 0;
  for (const text of texts) {
    if (size + text.length > BATCH_CHARS && batch.length > 0) {
      results.push(...kubectlRead(batch));
      batch = [];
      size = 0;
    }
    batch.push(text);
    size += text.length;
  }
  results.push(...kubectlRead(batch));
  return results;
}

/** Block pod specs (mappings holding `containers`) of every document, with their first key's column. */
function blockPodSpecs(document: Document.Parsed, source: string): { spec: YAMLMap; indent: number }[] {
  const found: { spec: YAMLMap; indent: number }[] = [];
  visit(document, {
    Map(_, map) {
      if (map.flow || !map.items.some((pair) => isScalar(pair.key) && pair.key.value === 'containers' && isSeq(pair.value))) return;
      const first = map.items[0]?.key as Node | undefined;
      const start = first?.range?.[0];
      if (start === undefined) return;
      found.push({ spec: map, indent: start - lineStart(source, start) });
    },
  });
  return found;
}

function firstImage(document: Document.Parsed): Node | undefined {
  let image: Node | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'image' && isScalar(pair.value) && typeof pair.value.value === 'string') {
        image = pair.value;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return image;
}

/** Mutations whose disagreements are the pod-spec writer's to fix (merge keys and empty values). */
const MERGE_AND_EMPTY = new Set(['merge key before', 'merge key after', 'merge key list after', 'empty value']);

type FuzzRun = { readonly disagreements: readonly { readonly mutation: string; readonly text: string }[] };

const BREAKS = { CR: '\r', NEL: '\u0085', LS: '\u2028', PS: '\u2029' } as const;

type Mutator = (source: string, pick: <T>(items: readonly T[]) => T) => { text: string; options?: HardenOptions } | undefined;

function insertLine(source: string, offset: number, line: string): string {
  return `${source.slice(0, offset)}${line}${detectLineEnding(source)}${source.slice(offset)}`;
}

/** Inserts a line as the first key of a block pod spec. */
function atPodSpecStart(line: (indent: string) => string): Mutator {
  return (source, pick) => {
    const documents = parseManifestFully(source).documents;
    const specs = documents.flatMap((document) => blockPodSpecs(document, source));
    if (specs.length === 0) return undefined;
    const { spec, indent } = pick(specs);
    const start = spec.items[0]?.key as Node;
    return { text: insertLine(source, lineStart(source, start.range?.[0] ?? 0), line(' '.repeat(indent))) };
  };
}

/** Inserts a line after the last pair of a block pod spec (the full parser's ranges: the fast reader's collections end where they start). */
function atPodSpecEnd(line: (indent: string) => string): Mutator {
  return (source, pick) => {
    const specs = parseManifestFully(source).documents.flatMap((document) => blockPodSpecs(document, source));
    if (specs.length === 0) return undefined;
    const { spec, indent } = pick(specs);
    const last = spec.items.at(-1);
    const end = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1];
    if (end === undefined) return undefined;
    return { text: insertLine(source, lineEndAfter(source, end), line(' '.repeat(indent))) };
  };
}

function replaceImage(render: (image: string, pick: <T>(items: readonly T[]) => T) => string): Mutator {
  return (source, pick) => {
    const image = parseManifestFully(source)
      .documents.map(firstImage)
      .find((node) => node !== undefined);
    const range = image?.range;
    if (!image || !range || !isScalar(image)) return undefined;
    return { text: `${source.slice(0, range[0])}${render(String(image.value), pick)}${source.slice(range[1])}` };
  };
}

const MUTATIONS: Readonly<Record<string, Mutator>> = {
  'comment hides a key behind a line break': (source, pick) => {
    const char = pick(Object.values(BREAKS));
    return atPodSpecStart((indent) => `${indent}# reviewed${char}${indent}automountServiceAccountToken: true`)(source, pick);
  },
  'comment hides a key behind a line break, last in the pod spec': (source, pick) => {
    const char = pick(Object.values(BREAKS));
    return atPodSpecEnd((indent) => `${indent}# reviewed${char}${indent}automountServiceAccountToken: true`)(source, pick);
  },
  'line break in a double-quoted scalar': replaceImage((image, pick) =>
    JSON.stringify(image).replace(/"$/, `${pick(Object.values(BREAKS))}x"`),
  ),
  'line break in a single-quoted scalar': replaceImage((image, pick) => `'${image}${pick(Object.values(BREAKS))}x'`),
  'line break in a plain scalar': replaceImage((image, pick) => `${image}${pick(Object.values(BREAKS))}x`),
  'merge key before': atPodSpecStart((indent) => `${indent}<<: {automountServiceAccountToken: true}`),
  'merge key after': atPodSpecEnd((indent) => `${indent}<<: {automountServiceAccountToken: true}`),
  'merge key list after': atPodSpecEnd((indent) => `${indent}<<: [{automountServiceAccountToken: true}]`),
  'empty value': atPodSpecStart((indent) => `${indent}automountServiceAccountToken:`),
  'automount true': atPodSpecStart((indent) => `${indent}automountServiceAccountToken: true`),
  'self-referential anchor': atPodSpecEnd((indent) => `${indent}x-fuzz: &self [*self]`),
  'anchored image used twice': (source, pick) => {
    const mutated = replaceImage((image) => `&fuzzimage ${JSON.stringify(image)}`)(source, pick);
    if (!mutated) return undefined;
    // The alias goes into the same container, right under the anchored image.
    const at = mutated.text.indexOf('&fuzzimage');
    const imageKey = mutated.text.lastIndexOf('image:', at);
    const indent = ' '.repeat(imageKey - lineStart(mutated.text, imageKey));
    return { text: insertLine(mutated.text, lineEndAfter(mutated.text, at), `${indent}workingDir: *fuzzimage`) };
  },
  'number-like names': (source, pick) => ({
    text: source,
    options: {
      ...DEFAULT_OPTIONS,
      volumeName: pick(['0o17', '1e3', '0x1f', '1_000', '12']),
      serviceAccountName: pick(['1e3', '0o755', '123', 'yes', 'null']),
      emitServiceAccount: true,
    },
  }),
};

function sources(): Source[] {
  const golden = join(repositoryRoot, 'src/core/fixtures/golden');
  const goldenInputs = readdirSync(golden)
    .map((name) => ({ name: `golden/${name}`, path: join(golden, name, 'input.yaml') }))
    .flatMap(({ name, path }) => {
      try {
        return [{ name, text: readFileSync(path, 'utf8') }];
      } catch {
        return [];
      }
    });
  const corpus = corpusFiles()
    .filter((file) => !isHelmTemplate(file.name) && file.name.endsWith('.yaml') && file.text.length <= MAX_SOURCE_CHARS)
    .map((file) => ({ name: file.name, text: file.text }));
  return [...goldenInputs, ...corpus];
}

describe('kubectl reads what harden accepts as harden reads it', () => {
  if (!hasKubectl) {
    it.skip('kubectl differential: skipped, no kubectl on PATH', () => undefined);
    return;
  }

  const run = (): FuzzRun => {
    const pool = sources().filter((source) => harden(source.text, DEFAULT_OPTIONS).errors.length === 0);
    const readable = kubectlReadAll(pool.map((source) => source.text));
    const bases = pool.filter((_, index) => readable[index] !== undefined);
    expect(bases.length).toBeGreaterThan(0);

    const next = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const names = Object.keys(MUTATIONS);
    const cases: Case[] = [];
    for (let attempt = 0; cases.length < RUNS && attempt < RUNS * 5; attempt += 1) {
      const source = pick(bases);
      const mutation = pick(names);
      const mutated = MUTATIONS[mutation]?.(source.text, pick);
      if (mutated) cases.push({ source: source.name, mutation, text: mutated.text, options: mutated.options ?? DEFAULT_OPTIONS });
    }

    const refusedBy = new Map<string, number>();
    const accepted: { readonly fuzzCase: Case; readonly output: string }[] = [];
    for (const fuzzCase of cases) {
      const result = harden(fuzzCase.text, fuzzCase.options);
      const code = result.errors[0]?.code;
      if (code !== undefined) refusedBy.set(`${fuzzCase.mutation}: ${code}`, (refusedBy.get(`${fuzzCase.mutation}: ${code}`) ?? 0) + 1);
      else accepted.push({ fuzzCase, output: result.output });
    }
    const readings = kubectlReadAll(accepted.flatMap(({ fuzzCase, output }) => [fuzzCase.text, output]));

    const disagreements: { readonly mutation: string; readonly text: string }[] = [];
    accepted.forEach(({ fuzzCase }, index) => {
      const where = `${fuzzCase.source} + ${fuzzCase.mutation}`;
      const input = readings[index * 2];
      const output = readings[index * 2 + 1];
      const disagree = (text: string) => disagreements.push({ mutation: fuzzCase.mutation, text: `${where}: ${text}` });
      if (input === undefined) return void disagree('harden accepts what kubectl refuses');
      if (output === undefined) return void disagree('kubectl refuses the output');
      // The output, as kubectl reads it, must be the input as kubectl reads it with exactly the hardening.
      for (const violation of hardeningViolations(input, output, fuzzCase.options))
        disagree(`${violation.code} at ${violation.path}: ${violation.detail}`);
    });

    const refused = cases.length - accepted.length;
    console.log(
      [
        `kubectl differential (seed ${SEED}): ${bases.length} sources, ${cases.length} cases, ${refused} refused by harden, ${accepted.length} accepted, ${disagreements.length} disagreements`,
        ...[...refusedBy].sort().map(([key, count]) => `  refused: ${key} × ${count}`),
        ...disagreements.map(({ text }) => `  DISAGREES: ${text}`),
      ].join('\n'),
    );
    return { disagreements };
  };
  let result: FuzzRun | undefined;
  const disagreementsOf = (mergeOrEmpty: boolean): string[] => {
    result ??= run();
    return result.disagreements.filter(({ mutation }) => MERGE_AND_EMPTY.has(mutation) === mergeOrEmpty).map(({ text }) => text);
  };

  it(`${RUNS} mutated corpus and golden manifests (seed ${SEED}): no disagreement`, () => {
    expect(disagreementsOf(false)).toEqual([]);
  }, 600_000);

  it(`merge keys and empty values (${[...MERGE_AND_EMPTY].join(', ')}): no disagreement`, () => {
    expect(disagreementsOf(true)).toEqual([]);
  }, 600_000);
});
