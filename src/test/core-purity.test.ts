/** The lint rule that keeps `src/core` pure catches a UI, state, CLI or Node import at any depth. */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The restricted-import messages lint gives a throwaway file at `folder` (relative to the root) that imports `specifier`. */
async function restrictedImports(folder: string, specifier: string): Promise<string[]> {
  const path = join(ROOT, folder, `purity-probe-${randomUUID()}.ts`);
  writeFileSync(path, `/** A throwaway file of the purity test. */\nimport * as probe from '${specifier}';\nexport const used = probe;\n`);
  try {
    const [result] = await new ESLint({ cwd: ROOT }).lintFiles([path]);
    return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
  } finally {
    rmSync(path, { force: true });
  }
}

describe('the core purity guard', () => {
  it.each([
    ['src/core/harden', '../../state/manifest-facts'],
    ['src/core', '../state/manifest-facts'],
    ['src/core/outputs/policy', '../../../ui/output/policy/policy-cel'],
    ['src/core/evidence/audit', '../../../cli/audit-log-files'],
    ['src/core/read', '../../worker/protocol'],
    ['src/core/evidence', 'node:fs'],
  ])(
    'refuses, in %s, an import of %s',
    async (folder, specifier) => {
      expect(await restrictedImports(folder, specifier)).toEqual([expect.stringMatching(/The core has no (UI|Node) dependency/)]);
    },
    180_000,
  );

  it('lets the core import itself', async () => {
    expect(await restrictedImports('src/core/harden', '../read/parse')).toEqual([]);
  }, 180_000);
});
