/**
 * Differential fuzzing against kubectl's own reading (`kubectl annotate --local -o json`, which
 * decodes as `kubectl apply` does): corpus manifests and golden inputs, mutated with the constructs
 * where readers part ways (line breaks in comments and scalars, merge keys, empty values, anchors,
 * number-like names; document boundaries, lists in disguise, values with no content, tokens
 * reached sideways, numbers, option values with line breaks, concatenated JSON). Wherever `harden`
 * accepts a case:
 * - kubectl must read the output as the input with exactly the hardening (the oracle of SPEC §2.2);
 * - `--check`'s verdict on each object, and the validating policy's, must be what SPEC §2.5 says of
 *   kubectl's reading of it (the oracle's own judge).
 * An operator marked `kubectlReads` makes inputs kubectl reads: `harden` must read them too.
 *
 * The run follows the suite's seed (`FC_SEED`, see src/test/fc-seed.ts). kubectl takes ~100 ms a
 * call, so cases go to it in batches: one multi-document stream per batch, cases separated by
 * marker objects; a batch kubectl refuses is split until the refused case is found.
 * KUBECTL_FUZZ_RUNS=1000 FC_SEED=7 npx vitest run src/core/read/kubectl-differential.test.ts
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, isScalar, isSeq, type Node, stringify, visit, type YAMLMap } from 'yaml';
import { describe, expect, inject, it } from 'vitest';
import { corpusFiles, isHelmTemplate, repositoryRoot } from '../../test/corpus';
import { hardeningViolations, isHardenedPodSpec, podSpecsOf } from '../../test/hardening-oracle';
import { validateObject } from '../../ui/output/policy/policy-cel';
import { harden } from '../harden/harden';
import { DEFAULT_MOUNT_PATH, DEFAULT_OPTIONS, type HardenOptions, type OptionInput, resolveOptions } from '../harden/options';
import { isJudgedByPolicy, validatingEvaluation } from '../outputs/policy/index';
import { parseManifestFully } from './parse';
import { detectLineEnding, lineEndAfter, lineStart } from '../source-text';
import { isRecord } from '../index';

const RUNS = Number(process.env['KUBECTL_FUZZ_RUNS'] ?? 150);
const SEED = inject('fcSeed');
/** Source files above this size make batches slow without adding constructs. */
const MAX_SOURCE_CHARS = 100_000;
const BATCH_CHARS = 1_500_000;

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.log('kubectl differential test skipped: no kubectl on PATH');

type Json = Record<string, unknown>;
type Source = { readonly name: string; readonly text: string };
/** A base manifest, with kubectl's reading of it. */
type Base = Source & { readonly objects: readonly Json[] };
type Mutated = { readonly text: string; readonly options?: OptionInput };
type Case = { readonly source: string; readonly mutation: string; readonly text: string; readonly options: OptionInput };
type Pick = <T>(items: readonly T[]) => T;

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
  // A marker document before each text; a text that starts with `{` is JSON to kubectl only at the start of the stream.
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

/**
 * kubectl's reading, in batches of bounded size. A text kubectl reads as JSON (its first character
 * is `{`) goes alone: after a marker it would be YAML, where JSON is read otherwise.
 */
function kubectlReadAll(texts: readonly string[]): (Json[] | undefined)[] {
  const results: (Json[] | undefined)[] = new Array<Json[] | undefined>(texts.length);
  const yamlIndexes: number[] = [];
  texts.forEach((text, index) => {
    if (/^[\s\uFEFF]*\{/.test(text)) results[index] = kubectlReadAlone(text);
    else yamlIndexes.push(index);
  });
  let batch: number[] = [];
  let size = 0;
  const flush = (): void => {
    kubectlRead(batch.map((index) => texts[index] ?? '')).forEach((reading, at) => (results[batch[at] ?? -1] = reading));
    batch = [];
    size = 0;
  };
  for (const index of yamlIndexes) {
    const length = texts[index]?.length ?? 0;
    if (size + length > BATCH_CHARS && batch.length > 0) flush();
    batch.push(index);
    size += length;
  }
  flush();
  return results;
}

/** kubectl's reading of one text as the whole stream. */
function kubectlReadAlone(text: string): Json[] | undefined {
  const run = spawnSync('kubectl', ['annotate', '--local', '-f', '-', 'fuzz=1', '-o', 'json'], { input: text, encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return run.stdout
    .split(/^\}$/m)
    .filter((chunk) => chunk.trim() !== '')
    .flatMap((chunk) => {
      const parsed = JSON.parse(`${chunk}}`) as Json;
      return (parsed['kind'] === 'List' ? parsed['items'] : [parsed]) as Json[];
    });
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

const BREAKS = { CR: '\r', NEL: '\u0085', LS: '\u2028', PS: '\u2029' } as const;

type Mutator = (base: Base, pick: Pick) => Mutated | undefined;
/**
 * A mutation. `kubectlReads`: its inputs are ones kubectl reads, so harden must read them too.
 * `mostlyRefused`: its inputs are mostly what the reader refuses by design (hidden line breaks,
 * directives): it is drawn half as often, so that most cases reach hardening.
 */
type Operator = { readonly mutate: Mutator; readonly kubectlReads?: boolean; readonly mostlyRefused?: boolean };

function insertLine(source: string, offset: number, line: string): string {
  return `${source.slice(0, offset)}${line}${detectLineEnding(source)}${source.slice(offset)}`;
}

/** Inserts a line as the first key of a block pod spec. */
function atPodSpecStart(line: (indent: string, pick: Pick) => string, options?: OptionInput): Mutator {
  return ({ text: source }, pick) => {
    const documents = parseManifestFully(source).documents;
    const specs = documents.flatMap((document) => blockPodSpecs(document, source));
    if (specs.length === 0) return undefined;
    const { spec, indent } = pick(specs);
    const start = spec.items[0]?.key as Node;
    return {
      text: insertLine(source, lineStart(source, start.range?.[0] ?? 0), line(' '.repeat(indent), pick)),
      ...(options && { options }),
    };
  };
}

/** Inserts a line after the last pair of a block pod spec (the full parser's ranges: the fast reader's collections end where they start). */
function atPodSpecEnd(line: (indent: string) => string): Mutator {
  return ({ text: source }, pick) => {
    const specs = parseManifestFully(source).documents.flatMap((document) => blockPodSpecs(document, source));
    if (specs.length === 0) return undefined;
    const { spec, indent } = pick(specs);
    const last = spec.items.at(-1);
    const end = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1];
    if (end === undefined) return undefined;
    return { text: insertLine(source, lineEndAfter(source, end), line(' '.repeat(indent))) };
  };
}

function replaceImage(render: (image: string, pick: Pick) => string): Mutator {
  return ({ text: source }, pick) => {
    const image = parseManifestFully(source)
      .documents.map(firstImage)
      .find((node) => node !== undefined);
    const range = image?.range;
    if (!image || !range || !isScalar(image)) return undefined;
    return { text: `${source.slice(0, range[0])}${render(String(image.value), pick)}${source.slice(range[1])}` };
  };
}

/** The text with a final line break, so that a document can follow it. */
function withFinalBreak(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A copy of one of kubectl's objects of the base that carries a pod spec, with that pod spec. */
function podObject(base: Base, pick: Pick): { object: Json; spec: Json } | undefined {
  const candidates = base.objects.filter((object) => podSpecsOf(object).length > 0);
  if (candidates.length === 0) return undefined;
  const object = structuredClone(pick(candidates));
  const spec = podSpecsOf(object)[0]?.spec;
  return spec && { object, spec };
}

function containersOf(spec: Json): Json[] {
  return ['initContainers', 'containers'].flatMap((field) =>
    Array.isArray(spec[field]) ? (spec[field] as unknown[]).filter(isRecord) : [],
  );
}

function addMount(container: Json | undefined, mount: Json): void {
  if (!container) return;
  container['volumeMounts'] = [...(Array.isArray(container['volumeMounts']) ? container['volumeMounts'] : []), mount];
}

function addVolume(spec: Json, volume: Json): void {
  spec['volumes'] = [...(Array.isArray(spec['volumes']) ? spec['volumes'] : []), volume];
}

/** A placeholder the YAML writer leaves plain, replaced afterwards by text it would quote. */
const NUMBER_SLOT = 'FUZZ_NUMBER_SLOT';

const MUTATIONS: Readonly<Record<string, Operator>> = {
  'comment hides a key behind a line break': {
    mostlyRefused: true,
    mutate: (base, pick) => {
      const char = pick(Object.values(BREAKS));
      return atPodSpecStart((indent) => `${indent}# reviewed${char}${indent}automountServiceAccountToken: true`)(base, pick);
    },
  },
  'comment hides a key behind a line break, last in the pod spec': {
    mostlyRefused: true,
    mutate: (base, pick) => {
      const char = pick(Object.values(BREAKS));
      return atPodSpecEnd((indent) => `${indent}# reviewed${char}${indent}automountServiceAccountToken: true`)(base, pick);
    },
  },
  'line break in a double-quoted scalar': {
    mostlyRefused: true,
    mutate: replaceImage((image, pick) => JSON.stringify(image).replace(/"$/, `${pick(Object.values(BREAKS))}x"`)),
  },
  'line break in a single-quoted scalar': {
    mostlyRefused: true,
    mutate: replaceImage((image, pick) => `'${image}${pick(Object.values(BREAKS))}x'`),
  },
  'line break in a plain scalar': { mostlyRefused: true, mutate: replaceImage((image, pick) => `${image}${pick(Object.values(BREAKS))}x`) },
  'merge key before': { mutate: atPodSpecStart((indent) => `${indent}<<: {automountServiceAccountToken: true}`) },
  'merge key after': { mutate: atPodSpecEnd((indent) => `${indent}<<: {automountServiceAccountToken: true}`) },
  'merge key list after': { mutate: atPodSpecEnd((indent) => `${indent}<<: [{automountServiceAccountToken: true}]`) },
  'empty value': { mutate: atPodSpecStart((indent) => `${indent}automountServiceAccountToken:`) },
  'automount true': { mutate: atPodSpecStart((indent) => `${indent}automountServiceAccountToken: true`) },
  'self-referential anchor': { mostlyRefused: true, mutate: atPodSpecEnd((indent) => `${indent}x-fuzz: &self [*self]`) },
  'anchored image used twice': {
    mutate: (base, pick) => {
      const mutated = replaceImage((image) => `&fuzzimage ${JSON.stringify(image)}`)(base, pick);
      if (!mutated) return undefined;
      // The alias goes into the same container, right under the anchored image.
      const at = mutated.text.indexOf('&fuzzimage');
      const imageKey = mutated.text.lastIndexOf('image:', at);
      const indent = ' '.repeat(imageKey - lineStart(mutated.text, imageKey));
      return { text: insertLine(mutated.text, lineEndAfter(mutated.text, at), `${indent}workingDir: *fuzzimage`) };
    },
  },
  'number-like names': {
    mutate: ({ text }, pick) => ({
      text,
      options: {
        volumeName: pick(['0o17', '1e3', '0x1f', '1_000', '12']),
        serviceAccountName: pick(['1e3', '0o755', '123', 'yes', 'null']),
        emitServiceAccount: true,
      },
    }),
  },

  // Issue 22, 1: kubectl cuts documents at `---#`, drops a byte-order mark that opens one, refuses directives.
  'document boundary as kubectl draws it': {
    mostlyRefused: true,
    mutate: (base, pick) => {
      const found = podObject(base, pick);
      if (!found) return undefined;
      const pod = stringify(found.object);
      const variant = pick(['key hides a document', 'byte-order mark', 'directive', 'separator with a comment']);
      if (variant === 'directive') return { text: `%YAML 1.1\n---\n${base.text}` };
      const text = withFinalBreak(base.text);
      if (variant === 'byte-order mark') return { text: `${text}---\n\uFEFF${pod}` };
      if (variant === 'separator with a comment') return { text: `${text}--- # the pod again\n${pod}` };
      const indented = pod.replace(/^(?=.)/gm, '  ');
      return { text: `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-boundary\n---#:\n${indented}` };
    },
  },
  // Issue 22, 2: kubectl applies the items of any object with `items`; bare items take the list's kind.
  'list in disguise': {
    mutate: (base, pick) => {
      const found = podObject(base, pick);
      if (!found) return undefined;
      const { kind, apiVersion, ...bare } = found.object;
      const list =
        pick(['wrapper', 'bare items', 'bare items']) === 'wrapper'
          ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fuzz-list' }, items: [found.object] }
          : { apiVersion, kind: `${String(kind)}List`, items: [bare] };
      return { text: `${withFinalBreak(base.text)}---\n${stringify(list)}` };
    },
  },
  // Issue 22, 3: an anchor or a tag with no value, or a tagged value, where the tool writes one.
  'value with no content': {
    mutate: (base, pick) => {
      const properties = pick(['&fuzz', '!!str', '!fuzz', '&fuzz !!str', '!!int 0', '!!null', '!!str false', '!!bool true', "!!str ''"]);
      if (pick([true, false])) return atPodSpecStart((indent) => `${indent}automountServiceAccountToken: ${properties}`)(base, pick);
      const mutated = atPodSpecStart((indent) => `${indent}serviceAccountName: ${properties}`)(base, pick);
      return mutated && { ...mutated, options: { serviceAccountName: 'fuzz-account' } };
    },
  },
  // Issue 22, 4: a token read through a subPath, a parent directory, or the API server's path.
  'token reached sideways': {
    mutate: (base, pick) => {
      const found = podObject(base, pick);
      if (!found) return undefined;
      const { object, spec } = found;
      const container = pick(containersOf(spec));
      const variant = pick(['subPath', 'parent directory', 'default path']);
      let options: OptionInput | undefined;
      if (variant === 'parent directory') {
        spec['automountServiceAccountToken'] = false;
        addMount(container, { name: 'fuzz-parent', mountPath: '/var/run/secrets', readOnly: true });
        addVolume(spec, {
          name: 'fuzz-parent',
          projected: { sources: [{ serviceAccountToken: { path: 'kubernetes.io/serviceaccount/token', expirationSeconds: 86400 } }] },
        });
      } else {
        if (variant === 'subPath') spec['automountServiceAccountToken'] = false;
        else options = { mountPath: '/var/run/secrets/tokens' };
        const subPath =
          variant === 'subPath' ? { mountPath: `${DEFAULT_MOUNT_PATH}/token`, subPath: 'token' } : { mountPath: DEFAULT_MOUNT_PATH };
        addMount(container, { name: 'fuzz-legacy', ...subPath });
        addVolume(spec, { name: 'fuzz-legacy', secret: { secretName: 'default-token-fuzz0' } });
      }
      return { text: `${withFinalBreak(base.text)}---\n${stringify(object)}`, ...(options && { options }) };
    },
  },
  // Issue 22, 5: numbers kubectl reads otherwise (`0o7020`), refuses (`.inf`, JSON `0x258`), or the API refuses (`-0`).
  'number kubectl reads otherwise': {
    mostlyRefused: true,
    mutate: (base, pick) => {
      const variant = pick(['token lifetime', 'token lifetime in JSON', 'not JSON', 'flow mapping first']);
      const text = withFinalBreak(base.text);
      if (variant === 'not JSON') {
        const value = pick(['.inf', '-.Inf', '.nan', '{a: 1}', '[a]']);
        const line = value.startsWith('.') || value.startsWith('-') ? `  x: ${value}` : `  ${value}: x`;
        return { text: `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-number\ndata:\n${line}\n` };
      }
      if (variant === 'flow mapping first') return { text: `{apiVersion: v1, kind: ConfigMap, metadata: {name: fuzz-flow}}\n---\n${text}` };
      const found = podObject(base, pick);
      if (!found) return undefined;
      const { object, spec } = found;
      spec['automountServiceAccountToken'] = false;
      for (const container of containersOf(spec))
        addMount(container, { name: 'fuzz-token', mountPath: DEFAULT_MOUNT_PATH, readOnly: true });
      addVolume(spec, {
        name: 'fuzz-token',
        projected: { defaultMode: 0o444, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: NUMBER_SLOT } }] },
      });
      if (variant === 'token lifetime in JSON')
        return { text: JSON.stringify(object, undefined, 2).replace(`"${NUMBER_SLOT}"`, pick(['0x258', '+600', '6_00', '0600'])) };
      return { text: `${text}---\n${stringify(object).replace(NUMBER_SLOT, pick(['-0', '0o7020', '0x258', '600.5', '+0x258', '0X258']))}` };
    },
  },
  // Issue 22, 6: an option value with a line break or a control character, which the tool would write.
  'option value with a line break': {
    mostlyRefused: true,
    mutate: ({ text }, pick) => {
      const char = pick([...Object.values(BREAKS), '\n', '\u001b']);
      return {
        text,
        options: pick([{ audience: `fuzz${char}audience: evil` }, { mountPath: `/var/run/secrets/fuzz${char}x: y` }]),
      };
    },
  },
  // Issue 22, 9: `{…}{…}`, as `kubectl get -o json` in a loop prints.
  'concatenated JSON objects': {
    kubectlReads: true,
    mutate: (base, pick) => {
      if (base.objects.length === 0) return undefined;
      const indent = pick([0, 2, 4]);
      const separator = pick(['', '\n', ' ']);
      const objects = [...base.objects, ...base.objects].slice(0, Math.max(2, base.objects.length));
      return { text: objects.map((object) => JSON.stringify(object, undefined, indent)).join(separator) };
    },
  },
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

/** The cases of this run (seeded), each with the options it is hardened with, or the option problem that refuses it. */
function planCases(): { bases: Base[]; cases: Case[] } {
  const pool = sources().filter((source) => harden(source.text, DEFAULT_OPTIONS).errors.length === 0);
  const readings = kubectlReadAll(pool.map((source) => source.text));
  const bases = pool.flatMap((source, index) => {
    const objects = readings[index];
    return objects ? [{ ...source, objects }] : [];
  });
  const next = random(SEED);
  const pick: Pick = (items) => items[Math.floor(next() * items.length)] as (typeof items)[number];
  const names = Object.entries(MUTATIONS).flatMap(([name, operator]) => (operator.mostlyRefused ? [name] : [name, name]));
  const cases: Case[] = [];
  for (let attempt = 0; cases.length < RUNS && attempt < RUNS * 5; attempt += 1) {
    const base = pick(bases);
    const mutation = pick(names);
    const mutated = MUTATIONS[mutation]?.mutate(base, pick);
    if (mutated) cases.push({ source: base.name, mutation, text: mutated.text, options: mutated.options ?? {} });
  }
  return { bases, cases };
}

/** `Kind/namespace/name` as the tool labels objects. */
function labelOf(object: Json): string {
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  const name =
    typeof metadata['name'] === 'string'
      ? metadata['name']
      : typeof metadata['generateName'] === 'string'
        ? metadata['generateName']
        : '(unnamed)';
  const namespace = typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '' ? `${metadata['namespace']}/` : '';
  return `${String(object['kind'])}/${namespace}${name}`;
}

/** SPEC §2.5 on kubectl's reading: `Kind/name: hardened` for each pod spec and ServiceAccount, sorted. */
function expectedVerdicts(objects: readonly Json[], options: HardenOptions): string[] {
  return objects
    .flatMap((object) => {
      if (object['kind'] === 'ServiceAccount' && object['apiVersion'] === 'v1')
        return [`${labelOf(object)}: ${object['automountServiceAccountToken'] === false}`];
      return podSpecsOf(object).map(({ spec }) => `${labelOf(object)}: ${isHardenedPodSpec(spec, options)}`);
    })
    .sort();
}

type Disagreement = { readonly mutation: string; readonly text: string };

function runFuzz(plan: { bases: Base[]; cases: Case[] }): { disagreements: Disagreement[]; accepted: number } {
  expect(plan.bases.length).toBeGreaterThan(0);
  const refusedBy = new Map<string, number>();
  const count = (key: string): void => void refusedBy.set(key, (refusedBy.get(key) ?? 0) + 1);
  const hardened: {
    readonly fuzzCase: Case;
    readonly options: HardenOptions;
    readonly output: string;
    readonly result: ReturnType<typeof harden>;
  }[] = [];
  const refused: Case[] = [];
  for (const fuzzCase of plan.cases) {
    const { options, problems } = resolveOptions(fuzzCase.options);
    if (problems.length > 0) {
      count(`${fuzzCase.mutation}: invalid-option`);
      continue;
    }
    const result = harden(fuzzCase.text, options);
    const code = result.errors[0]?.code;
    if (code === undefined) hardened.push({ fuzzCase, options, output: result.output, result });
    else {
      count(`${fuzzCase.mutation}: ${code}`);
      if (MUTATIONS[fuzzCase.mutation]?.kubectlReads) refused.push(fuzzCase);
    }
  }
  const readings = kubectlReadAll([
    ...hardened.flatMap(({ fuzzCase, output }) => [fuzzCase.text, output]),
    ...refused.map(({ text }) => text),
  ]);

  const disagreements: Disagreement[] = [];
  const caseName = (fuzzCase: Case): string => `case ${plan.cases.indexOf(fuzzCase) + 1} (${fuzzCase.source} + ${fuzzCase.mutation})`;
  refused.forEach((fuzzCase, index) => {
    if (readings[hardened.length * 2 + index] !== undefined)
      disagreements.push({ mutation: fuzzCase.mutation, text: `${caseName(fuzzCase)}: harden refuses what kubectl reads` });
  });
  const policyOf = new Map<HardenOptions, ReturnType<typeof validatingEvaluation>>();
  hardened.forEach(({ fuzzCase, options, result }, index) => {
    const where = caseName(fuzzCase);
    const input = readings[index * 2];
    const output = readings[index * 2 + 1];
    const disagree = (text: string) => disagreements.push({ mutation: fuzzCase.mutation, text: `${where}: ${text}` });
    if (input === undefined) return void disagree('harden accepts what kubectl refuses');
    if (output === undefined) return void disagree('kubectl refuses the output');
    // The output, as kubectl reads it, must be the input as kubectl reads it with exactly the hardening.
    for (const violation of hardeningViolations(input, output, options))
      disagree(`${violation.code} at ${violation.path}: ${violation.detail}`);
    // --check must say of each object what SPEC §2.5 says of kubectl's reading of it.
    const verdicts = result.objects.map((workload) => `${workload.object}: ${workload.problems.length === 0}`).sort();
    const expected = expectedVerdicts(input, options);
    if (JSON.stringify(verdicts) !== JSON.stringify(expected))
      disagree(`--check says ${verdicts.join(', ')}; kubectl's reading is ${expected.join(', ')}`);
    // So must the validating policy, which sees one object and never its ServiceAccount.
    const policy = policyOf.get(options) ?? validatingEvaluation(options);
    policyOf.set(options, policy);
    for (const object of input.filter(isJudgedByPolicy)) {
      const spec = podSpecsOf(object)[0]?.spec;
      if (!spec) continue;
      const admitted = validateObject(policy, object).failures.length === 0;
      if (admitted !== isHardenedPodSpec(spec, options)) disagree(`the policy ${admitted ? 'admits' : 'denies'} ${labelOf(object)}`);
    }
  });

  // Cases (not lines) that disagree, by operator: one case can break several rules.
  const byOperator = new Map<string, Set<string>>();
  for (const { mutation, text } of disagreements)
    byOperator.set(mutation, (byOperator.get(mutation) ?? new Set()).add(text.split(': ')[0] ?? text));
  console.log(
    [
      `kubectl differential (seed ${SEED}): ${plan.bases.length} sources, ${plan.cases.length} cases, ${plan.cases.length - hardened.length} refused, ${hardened.length} hardened, ${disagreements.length} disagreements`,
      ...Object.keys(MUTATIONS).map((name) => {
        const drawn = plan.cases.filter((fuzzCase) => fuzzCase.mutation === name).length;
        const reached = hardened.filter(({ fuzzCase }) => fuzzCase.mutation === name).length;
        return `  ${name}: ${drawn} cases, ${reached} hardened`;
      }),
      ...[...refusedBy].sort().map(([key, n]) => `  refused: ${key} × ${n}`),
      ...[...byOperator].sort().map(([key, cases]) => `  disagreeing: ${key} × ${cases.size}`),
      ...disagreements.map(({ text }) => `  DISAGREES: ${text}`),
    ].join('\n'),
  );
  return { disagreements, accepted: hardened.length };
}

describe('kubectl reads what harden accepts as harden reads it', () => {
  if (!hasKubectl) {
    it.skip('kubectl differential: skipped, no kubectl on PATH', () => undefined);
    return;
  }
  const plan = planCases();
  // How many cases reach hardening (not refused by an option or the reader), known before the run: it names the test.
  const reaching = plan.cases.filter((fuzzCase) => {
    const { options, problems } = resolveOptions(fuzzCase.options);
    return problems.length === 0 && harden(fuzzCase.text, options).errors.length === 0;
  }).length;
  const share = Math.round((100 * reaching) / Math.max(1, plan.cases.length));

  let outcome: { disagreements: Disagreement[]; accepted: number } | undefined;
  const disagreementsOf = (mergeOrEmpty: boolean): string[] => {
    outcome ??= runFuzz(plan);
    return outcome.disagreements.filter(({ mutation }) => MERGE_AND_EMPTY.has(mutation) === mergeOrEmpty).map(({ text }) => text);
  };

  it(`${plan.cases.length} mutated corpus and golden manifests (seed ${SEED}; ${share}% reach hardening): no disagreement`, () => {
    expect(share).toBeGreaterThanOrEqual(50);
    expect(disagreementsOf(false)).toEqual([]);
  }, 600_000);

  it(`merge keys and empty values (${[...MERGE_AND_EMPTY].join(', ')}): no disagreement`, () => {
    expect(disagreementsOf(true)).toEqual([]);
  }, 600_000);
});
