/**
 * A change's title in words ("Added volume mount `serviceaccount-token`"), read from its steps and
 * values alone, so that a change the core learns to make later still gets a sensible title.
 */
import { isRecord, type Change } from '../core';

/** A piece of a title: plain words, or a name or value shown as code. */
export type TitlePart = { readonly text: string; readonly code: boolean };

const words = (text: string): TitlePart => ({ text, code: false });
const code = (text: string): TitlePart => ({ text, code: true });

/** What an item of a list is called, by the list's field name. */
const ITEM_NOUNS: Readonly<Record<string, string>> = {
  volumes: 'volume',
  volumeMounts: 'volume mount',
  sources: 'projected source',
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
  items: 'item',
};

/** The source kinds of a projected volume, in the words of the Kubernetes docs. */
const SOURCE_KINDS = ['serviceAccountToken', 'configMap', 'secret', 'downwardAPI', 'clusterTrustBundle'] as const;

/** The last key of a path and whether an index follows it (an item of the list under that key). */
function lastStep(steps: Change['steps']): { field: string; isItem: boolean } {
  const isItem = typeof steps.at(-1) === 'number';
  const field = steps.findLast((step): step is string => typeof step === 'string') ?? '';
  return { field, isItem };
}

/** A scalar as YAML writes it: strings bare, the rest (numbers, booleans, null) as JSON. */
function scalarText(value: string | number | boolean | null): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const isScalar = (value: unknown): value is string | number | boolean | null =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function nameOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value['name'] === 'string' && value['name'] !== '' ? value['name'] : undefined;
}

/** An item of a list, in words: "projected volume `x`", "volume mount `x`", "`configMap` source `x`". */
function describeItem(field: string, value: unknown): TitlePart[] {
  if (field === 'sources' && isRecord(value)) {
    const kind = SOURCE_KINDS.find((key) => key in value) ?? Object.keys(value)[0];
    if (kind !== undefined) {
      const name = nameOf(value[kind]);
      return name === undefined ? [code(kind), words(' source')] : [code(kind), words(' source '), code(name)];
    }
  }
  const noun =
    field === 'volumes' && isRecord(value) && 'projected' in value ? 'projected volume' : (ITEM_NOUNS[field] ?? `item of ${field}`);
  const name = nameOf(value);
  return name === undefined ? [words(noun)] : [words(`${noun} `), code(name)];
}

/** The change's title, in sentence case, with names and values as code. */
export function changeTitle(change: Pick<Change, 'steps' | 'before' | 'after'>): TitlePart[] {
  const { before, after } = change;
  const { field, isItem } = lastStep(change.steps);
  if (isItem) {
    if (before === undefined) return [words('Added '), ...describeItem(field, after)];
    if (after === undefined) return [words('Removed '), ...describeItem(field, before)];
    return [words('Replaced '), ...describeItem(field, before)];
  }
  if (after === undefined) return [words('Removed '), code(field)];
  if (isScalar(after)) return [words('Set '), code(field), words(' to '), code(scalarText(after))];
  return before === undefined ? [words('Added '), code(field)] : [words('Replaced '), code(field)];
}

/**
 * The title as texts that take turns, plain words then code (an empty first text when it starts
 * with code): as short as a title gets in a reply that carries thousands.
 */
export function alternatingTitle(parts: readonly TitlePart[]): string[] {
  const texts = [''];
  for (const part of parts) {
    // Even indexes hold words, odd ones code: a part of the other kind than the last text starts a new one.
    if (part.code !== ((texts.length - 1) % 2 === 1)) texts.push('');
    texts[texts.length - 1] += part.text;
  }
  return texts;
}

/** The title as plain text, names and values in backticks, as Markdown would write it. */
export function titleMarkdown(parts: readonly TitlePart[]): string {
  return parts.map((part) => (part.code ? `\`${part.text}\`` : part.text)).join('');
}

/** The title as a screen reader reads it: the words, without marks. */
export function titleText(parts: readonly TitlePart[]): string {
  return parts.map((part) => part.text).join('');
}

/** A core text ("replaced by the read-only projected token mount") as a sentence. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
