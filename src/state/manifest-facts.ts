/**
 * What the page knows of the manifest besides its hardening: the input's own values, read by the
 * core during the hardening (not parsed again), for the form's placeholders and the input's summary.
 */
import type { InputFacts } from '../core';

export type ManifestFacts = InputFacts;

export const NO_FACTS: ManifestFacts = { serviceAccountNames: [], audiences: [], objectCount: 0 };
