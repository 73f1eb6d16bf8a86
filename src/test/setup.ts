/** Vitest setup for every test file: every property runs with the run's seed (see global-setup.ts). */
import fc from 'fast-check';
import { inject } from 'vitest';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: inject('fcSeed') });
