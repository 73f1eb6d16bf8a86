/**
 * The core's door (`src/core/index.ts`) exports what is imported through it, nothing else: a name
 * only the core uses is imported from its own module, so the door lists the core's public surface.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const DOOR = join(ROOT, 'src/core/index.ts');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The names listed in `export { … }` and `import { … } from` clauses, without `type` and aliases. */
function listedNames(clause: string, alias: 'first' | 'last'): string[] {
  return clause
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .filter((part) => part !== '')
    .map((part) => (alias === 'first' ? part.split(/\s+as\s+/)[0] : part.split(/\s+as\s+/).at(-1)) ?? part);
}

const CLAUSE = /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g;

function importedThroughDoor(): Set<string> {
  const names = new Set<string>();
  for (const file of ['src', 'e2e', 'scripts'].flatMap(sourceFiles)) {
    if (file === DOOR) continue;
    for (const [, clause = '', specifier = ''] of readFileSync(file, 'utf8').matchAll(CLAUSE)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      if ([target, `${target}.ts`, join(target, 'index.ts')].includes(DOOR))
        for (const name of listedNames(clause, 'first')) names.add(name);
    }
  }
  return names;
}

describe("the core's door", () => {
  it('exports only names imported through it', () => {
    const exported = [...readFileSync(DOOR, 'utf8').matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap(([, clause = '']) =>
      listedNames(clause, 'last'),
    );
    const imported = importedThroughDoor();
    expect(exported.length).toBeGreaterThan(0);
    expect(
      exported.filter((name) => !imported.has(name)),
      `unused exports of ${relative(ROOT, DOOR)}`,
    ).toEqual([]);
  });
});
