/**
 * The shareable link: the state in the URL fragment (never sent to a server).
 *
 * Format: `#v=<version>&s=<payload>`, the payload being the state as JSON, compressed with
 * deflate-raw (the browser's CompressionStream) and written in base64url. Only options that differ
 * from the defaults are stored, under the keys of the core's table of options. The manifest is in
 * it only when the link was made to carry it (`Copy link`); the address bar's link holds options
 * and view alone, or an example by name. Old versions decode through a migration chain; anything
 * else that is not a valid link decodes to a reason, never to an exception. `#example=<name>` opens
 * an example. Pure: no DOM access beyond the standard streams, so Node runs the tests.
 */
import {
  isRecord,
  MAX_WORKLOAD_CHOICES,
  OPTION_TABLE,
  OUTPUT_TABS,
  type OptionRow,
  type OutputTab,
  resolveOptions,
  type WorkloadChoice,
} from '../core';
import { DEFAULT_FIELDS, isSameFieldValue, type OptionFields } from './option-fields';

export const CURRENT_VERSION = 4;

/**
 * A decompressed payload larger than this is refused (a link cannot carry more honestly). The
 * decompression streams and stops as soon as it passes the limit, so a small "zip bomb" costs
 * no more than this much work and memory.
 */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** A fragment longer than this is refused before any decoding: browsers keep no longer address. */
export const MAX_FRAGMENT_CHARS = 2 * 1024 * 1024;

/** How the diff is laid out. */
export type DiffLayout = 'side-by-side' | 'inline';
export const DIFF_LAYOUTS: readonly DiffLayout[] = ['side-by-side', 'inline'];

/** What the page shows besides the inputs, so that a link reopens the same view. */
export type LinkView = { readonly tab: OutputTab; readonly diffLayout: DiffLayout };
export const DEFAULT_LINK_VIEW: LinkView = { tab: 'hardened', diffLayout: 'inline' };

/**
 * The state a link carries. Decoding always gives a view (a link without one, as version 1 made,
 * opens the default view); encoding without one stores the default view. A link holds the manifest
 * itself, or an example by name, or neither (options and view only).
 */
export type SharedState = {
  readonly manifest?: string | undefined;
  /** The example the link opens, by name; only when it holds no manifest. */
  readonly example?: string | undefined;
  readonly fields: OptionFields;
  readonly view?: LinkView;
};

/**
 * Bounds on a list a link can hold (the unticked containers): a hostile link cannot make the page
 * hold or compare more than this. Names longer than any Kubernetes name cannot match a container
 * and are dropped.
 */
export const MAX_LINK_LIST_ITEMS = 256;
export const MAX_LINK_NAME_CHARS = 253;

export type LinkProblem =
  /** The payload does not decode: cut off, mistyped, or not ours. */
  | 'broken'
  /** Made by a newer version of this page. */
  | 'newer-version'
  /** A fragment this page does not know. */
  | 'foreign'
  /** `#example=` names no example. */
  | 'unknown-example';

export type DecodedFragment =
  | { readonly kind: 'empty' }
  | { readonly kind: 'state'; readonly state: SharedState }
  | { readonly kind: 'example'; readonly name: string }
  | { readonly kind: 'problem'; readonly problem: LinkProblem; readonly detail: string };

/**
 * Version-4 payload: `m` is the manifest and `e` an example's name (at most one of them; neither
 * in a link of options only), `o` the options that differ from the defaults (keyed by the table's
 * `urlKey`; per-workload choices as `--workload` writes them, `Deployment/shop/web=none`), `t` the
 * output tab and `l` the diff layout when they differ from the default.
 */
type Payload = { m?: string; e?: string; o?: Record<string, unknown>; t?: OutputTab; l?: DiffLayout };

/**
 * `MIGRATIONS[n - 1]` turns a version-n payload into a version-(n + 1) one. When the format
 * changes, bump CURRENT_VERSION and add the step here, with a golden link.
 */
export const MIGRATIONS: ReadonlyArray<(payload: unknown) => unknown> = [
  // 1 → 2: version 2 added the API access option and the view; a version-1 payload already is a
  // version-2 one without them. The version changed so that an older page refuses a link whose
  // API access it would silently drop.
  (payload) => payload,
  // 2 → 3: version 3 made the manifest optional and added the example by name; every version-2
  // payload is a version-3 one. An older page would refuse a link without a manifest as damaged.
  (payload) => payload,
  // 3 → 4: version 4 added per-workload choices (`o.workloads`); a version-3 payload is a version-4
  // one without them. An older page would drop them silently, so the version changed.
  (payload) => payload,
];

/** Brings a payload of `version` up to the current version through the chain. */
export function migratePayload(
  version: number,
  payload: unknown,
  migrations: ReadonlyArray<(payload: unknown) => unknown> = MIGRATIONS,
): unknown {
  let current = payload;
  for (let step = version; step < migrations.length + 1; step += 1) {
    const migrate = migrations[step - 1];
    if (migrate) current = migrate(current);
  }
  return current;
}

/** Encodes the state as a fragment (without the leading `#`). */
export async function encodeState(state: SharedState): Promise<string> {
  const payload: Payload = {};
  if (state.manifest !== undefined) payload.m = state.manifest;
  else if (state.example !== undefined) payload.e = state.example;
  const options = nonDefaultOptions(state.fields);
  if (Object.keys(options).length > 0) payload.o = options;
  const view = state.view ?? DEFAULT_LINK_VIEW;
  if (view.tab !== DEFAULT_LINK_VIEW.tab) payload.t = view.tab;
  if (view.diffLayout !== DEFAULT_LINK_VIEW.diffLayout) payload.l = view.diffLayout;
  const bytes = await compress(new TextEncoder().encode(JSON.stringify(payload)));
  return `v=${CURRENT_VERSION}&s=${toBase64Url(bytes)}`;
}

/** Decodes a fragment (with or without the leading `#`); never throws. */
export async function decodeFragment(fragment: string): Promise<DecodedFragment> {
  if (fragment.length > MAX_FRAGMENT_CHARS + 1) {
    return problem(
      'broken',
      `The link is longer than ${MAX_FRAGMENT_CHARS / 1024 / 1024} MB of text, more than a browser keeps: it is not one this page made.`,
    );
  }
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.trim() === '') return { kind: 'empty' };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    return problem('foreign', 'The fragment is not a list of parameters.');
  }
  const example = params.get('example');
  if (example !== null) return { kind: 'example', name: example };
  const version = params.get('v');
  const data = params.get('s');
  if (version === null || data === null) return problem('foreign', 'The link holds no saved state.');
  if (!/^[1-9]\d{0,5}$/.test(version)) return problem('broken', `Unknown format version "${version.slice(0, 20)}".`);
  const versionNumber = Number(version);
  if (versionNumber > CURRENT_VERSION) {
    return problem('newer-version', `The link was made by a newer version of this page (format ${versionNumber}).`);
  }
  const bytes = fromBase64Url(data);
  if (bytes === undefined || bytes.length === 0) return problem('broken', 'The link is damaged: its data is not valid base64url.');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await decompress(bytes));
  } catch {
    return problem('broken', 'The link is incomplete: its data does not decompress (was it cut off?).');
  }
  let payload: unknown;
  try {
    payload = migratePayload(versionNumber, JSON.parse(json));
  } catch {
    return problem('broken', 'The link is damaged: its data is not readable.');
  }
  const state = readPayload(payload);
  return state === undefined ? problem('broken', 'The link is damaged: its data has an unexpected shape.') : { kind: 'state', state };
}

function problem(kind: LinkProblem, detail: string): DecodedFragment {
  return { kind: 'problem', problem: kind, detail };
}

const OPTION_ROWS: readonly OptionRow[] = OPTION_TABLE;

function nonDefaultOptions(fields: OptionFields): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const values: Record<string, unknown> = fields;
  const defaults: Record<string, unknown> = DEFAULT_FIELDS;
  for (const row of OPTION_ROWS) {
    const value = values[row.urlKey];
    if (isSameFieldValue(value, defaults[row.urlKey])) continue;
    options[row.urlKey] = row.kind === 'workloads' ? (value as readonly WorkloadChoice[]).map(writeChoice) : value;
  }
  return options;
}

/** A choice as `--workload` writes it: `Kind/namespace/name=access`, or `Kind/name=access`. */
function writeChoice(choice: WorkloadChoice): string {
  return `${choice.kind}/${choice.namespace === undefined ? '' : `${choice.namespace}/`}${choice.name}=${choice.apiAccess}`;
}

/** The first MAX_WORKLOAD_CHOICES choices that read as `--workload` values; others are dropped, as over-long names are. */
function readChoices(written: readonly string[]): WorkloadChoice[] {
  const kept: WorkloadChoice[] = [];
  for (const text of written) {
    if (kept.length === MAX_WORKLOAD_CHOICES) break;
    if (text.length > 2 * MAX_LINK_NAME_CHARS + 80) continue;
    const { options, problems } = resolveOptions({ workloads: [text] });
    if (problems.length === 0) kept.push(...options.workloads);
  }
  return kept;
}

/** A field's value from a link, as its row's kind expects it; `invalid` for the wrong type. */
function readField(row: OptionRow, value: unknown): unknown {
  switch (row.kind) {
    case 'text':
    case 'number':
    case 'mode':
      return typeof value === 'string' ? value : INVALID;
    case 'boolean':
      return typeof value === 'boolean' ? value : INVALID;
    case 'choice':
      return row.choices?.some((choice) => choice.value === value) ? value : INVALID;
    case 'list':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? boundedList(value) : INVALID;
    case 'workloads':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? readChoices(value) : INVALID;
  }
}

const INVALID = Symbol('invalid');

/** The first MAX_LINK_LIST_ITEMS names of at most MAX_LINK_NAME_CHARS, in order. */
function boundedList(names: readonly string[]): string[] {
  const kept: string[] = [];
  for (const name of names) {
    if (kept.length === MAX_LINK_LIST_ITEMS) break;
    if (name.length <= MAX_LINK_NAME_CHARS) kept.push(name);
  }
  return kept;
}

/** Validates a current-version payload; unknown option keys are ignored, wrong types refused. */
function readPayload(payload: unknown): SharedState | undefined {
  if (!isRecord(payload)) return undefined;
  const { m: manifest, e: example } = payload;
  if (manifest !== undefined && typeof manifest !== 'string') return undefined;
  if (example !== undefined && (typeof example !== 'string' || manifest !== undefined)) return undefined;
  const options = payload.o ?? {};
  if (!isRecord(options)) return undefined;
  const fields: Record<string, unknown> = { ...DEFAULT_FIELDS };
  for (const row of OPTION_ROWS) {
    if (options[row.urlKey] === undefined) continue;
    const value = readField(row, options[row.urlKey]);
    if (value === INVALID) return undefined;
    fields[row.urlKey] = value;
  }
  const tab = payload.t ?? DEFAULT_LINK_VIEW.tab;
  const diffLayout = payload.l ?? DEFAULT_LINK_VIEW.diffLayout;
  if (!isOneOf(OUTPUT_TABS, tab) || !isOneOf(DIFF_LAYOUTS, diffLayout)) return undefined;
  // Every key was read by its row's kind above, from the defaults up.
  return { manifest, example, fields: fields as OptionFields, view: { tab, diffLayout } };
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return values.some((known) => known === value);
}

async function compress(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, refusing output beyond MAX_PAYLOAD_BYTES (a tiny link must not become gigabytes). */
async function decompress(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_PAYLOAD_BYTES) {
      await reader.cancel();
      throw new RangeError('payload too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let index = 0; index < bytes.length; index += chunk) {
    binary += String.fromCharCode(...bytes.subarray(index, index + chunk));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes, or undefined for text that is not base64url (standard base64 is accepted too). */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_\-+/]*={0,2}$/.test(text)) return undefined;
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (base64.length % 4 === 1) return undefined;
  try {
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return undefined;
  }
}
