/**
 * What the page knows of the manifest besides its hardening: the input's own values (read by the
 * core during the hardening, not parsed again) for the form's placeholders, and the credential
 * the text holds, if any, which keeps it out of a link. Runs in the worker beside the core.
 */
import type { HardenResult, InputFacts } from '../core';
import { findSecrets, type SecretMatch } from './secret-scan';

export type ManifestFacts = InputFacts & {
  /** The first credential-like value the text holds (a Secret, a private key, …), if any. */
  readonly credential: SecretMatch | undefined;
};

export const NO_FACTS: ManifestFacts = { serviceAccountNames: [], audiences: [], objectCount: 0, credential: undefined };

export function describeManifest(source: string, result: HardenResult): ManifestFacts {
  return { ...result.facts, credential: findSecrets(source)[0] };
}
