/** Access to the shared corpus of real manifests, which a user's clone does not have. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The corpus folder: `$CORPUS_DIR`, else `../shared/corpus` beside the repository. */
export const CORPUS_DIR = process.env['CORPUS_DIR'] ?? join(repositoryRoot, '../shared/corpus');

export const hasCorpus = existsSync(CORPUS_DIR);

if (!hasCorpus) console.log(`corpus tests skipped: no corpus folder at ${CORPUS_DIR}`);

/** Every corpus manifest, by file name. */
export function corpusFiles(): { name: string; text: string }[] {
  if (!hasCorpus) return [];
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(CORPUS_DIR, name), 'utf8') }));
}

/**
 * `describe` over the corpus, or, without it, one named skipped test saying what did not run: a
 * table of zero tests would otherwise vanish from the report.
 */
export function describeCorpus(name: string, body: () => void): void {
  if (hasCorpus) describe(name, body);
  else it.skip(`${name} (needs the corpus at ${CORPUS_DIR})`, () => {});
}

/** Helm chart templates: not YAML until rendered. */
export function isHelmTemplate(name: string): boolean {
  return /-chart__/.test(name);
}

/** The folder of real public data (`shared/real`): `$REAL_DIR`, else `../shared/real` beside the repository. */
export const REAL_DIR = process.env['REAL_DIR'] ?? join(repositoryRoot, '../shared/real');

/** A folder of `shared/real`, or undefined (with a printed reason) when this clone does not have it. */
export function realFolder(name: string): string | undefined {
  const folder = join(REAL_DIR, name);
  if (existsSync(folder)) return folder;
  console.log(`tests of ${name} skipped: no folder at ${folder}`);
  return undefined;
}

export { repositoryRoot };
