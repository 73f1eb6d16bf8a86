/**
 * What the manifest already says, for the form's placeholders, and whether it holds something that
 * should not travel in a link. Runs in the worker beside the core.
 */
import { isRecord, parseManifest } from '../core';

export type ManifestFacts = {
  /** `serviceAccountName` values of the pod specs, in order, without repeats. */
  readonly serviceAccountNames: readonly string[];
  /** `audience` values of projected ServiceAccount tokens already in the manifest. */
  readonly audiences: readonly string[];
  /** Kinds and names of Secret objects, e.g. `Secret/db-password`. */
  readonly secrets: readonly string[];
  /** Env variables with a literal value whose name looks like a credential. */
  readonly credentialEnv: readonly string[];
};

export const NO_FACTS: ManifestFacts = { serviceAccountNames: [], audiences: [], secrets: [], credentialEnv: [] };

const CREDENTIAL_NAME = /(pass(word|wd)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential|auth)/i;

export function describeManifest(source: string): ManifestFacts {
  const serviceAccountNames = new Set<string>();
  const audiences = new Set<string>();
  const secrets: string[] = [];
  const credentialEnv = new Set<string>();
  let visited = 0;

  function visit(node: unknown, depth: number): void {
    // A bound on work, so pathological input cannot stall the worker.
    visited += 1;
    if (depth > 100 || visited > 200_000) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    if (!isRecord(node)) return;
    if (node.kind === 'Secret') {
      const metadata = isRecord(node.metadata) ? node.metadata : {};
      secrets.push(`Secret/${typeof metadata.name === 'string' ? metadata.name : '(unnamed)'}`);
    }
    if (typeof node.serviceAccountName === 'string' && Array.isArray(node.containers)) {
      serviceAccountNames.add(node.serviceAccountName);
    }
    const token = node.serviceAccountToken;
    if (isRecord(token) && typeof token.audience === 'string') audiences.add(token.audience);
    if (Array.isArray(node.env)) {
      for (const entry of node.env) {
        if (!isRecord(entry) || typeof entry.name !== 'string') continue;
        const hasLiteral = typeof entry.value === 'string' && entry.value !== '';
        if (hasLiteral && CREDENTIAL_NAME.test(entry.name)) credentialEnv.add(entry.name);
      }
    }
    for (const value of Object.values(node)) visit(value, depth + 1);
  }

  try {
    for (const document of parseManifest(source).documents) {
      let value: unknown;
      // Collection keys (`{{ .Values }}:`) would print a warning per keystroke; errors say enough.
      document.options.logLevel = 'error';
      try {
        value = document.toJS({ maxAliasCount: 1000 });
      } catch {
        continue;
      }
      visit(value, 0);
    }
  } catch {
    return NO_FACTS;
  }
  return {
    serviceAccountNames: [...serviceAccountNames],
    audiences: [...audiences],
    secrets,
    credentialEnv: [...credentialEnv],
  };
}
