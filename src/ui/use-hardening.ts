/**
 * The derived view of the store: the core's result for the current manifest and fields, computed
 * in a Web Worker. Keeps the last good result while the input has errors.
 */
import { useEffect, useRef, useState } from 'react';
import type { HardenResult, OptionProblem } from '../core';
import { NO_FACTS, type ManifestFacts } from '../state/manifest-facts';
import { isSameFields, type OptionFields } from '../state/option-fields';
import type { HardenRequest, HardenResponse } from '../worker/protocol';
import HardenWorker from '../worker/harden.worker?worker';

/** A result that hardened cleanly, with the input it came from (the diff's left side). */
export type GoodResult = { readonly input: string; readonly result: HardenResult };

export type Hardening = {
  /** The latest response, errors included; undefined until the first one arrives. */
  readonly latest: HardenResponse | undefined;
  /** The latest response without errors or refused options. */
  readonly good: GoodResult | undefined;
  readonly facts: ManifestFacts;
  readonly containers: readonly string[];
  readonly problems: readonly OptionProblem[];
  /** Whether the shown result lags behind the input. */
  readonly pending: boolean;
  /** A bug, not a problem with the input: the core threw, or the worker died. */
  readonly failure: string | undefined;
};

export function useHardening(manifest: string, fields: OptionFields): Hardening {
  const workerRef = useRef<Worker | undefined>(undefined);
  const nextId = useRef(0);
  const inFlight = useRef<number | undefined>(undefined);
  const queued = useRef<HardenRequest | undefined>(undefined);
  const [latest, setLatest] = useState<HardenResponse | undefined>(undefined);
  const [good, setGood] = useState<GoodResult | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);

  useEffect(() => {
    const worker = new HardenWorker();
    workerRef.current = worker;
    const send = (request: HardenRequest) => {
      inFlight.current = request.id;
      worker.postMessage(request);
    };
    // A worker that fails to load or dies: say so instead of waiting forever.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      inFlight.current = undefined;
      setFailure(event.message || 'The hardening worker could not start.');
    });
    worker.addEventListener('message', (event: MessageEvent<HardenResponse>) => {
      const response = event.data;
      inFlight.current = undefined;
      // Only one request is in flight; the newest waiting one goes next, older ones are dropped.
      const next = queued.current;
      queued.current = undefined;
      if (next) send(next);
      setLatest(response);
      if (response.crash === undefined && response.result.errors.length === 0 && response.problems.length === 0) {
        setGood({ input: response.manifest, result: response.result });
      }
    });
    const pending = queued.current;
    if (pending) {
      queued.current = undefined;
      send(pending);
    }
    return () => {
      worker.terminate();
      workerRef.current = undefined;
      inFlight.current = undefined;
    };
  }, []);

  useEffect(() => {
    nextId.current += 1;
    const request: HardenRequest = { id: nextId.current, manifest, fields };
    const worker = workerRef.current;
    if (worker && inFlight.current === undefined) {
      inFlight.current = request.id;
      worker.postMessage(request);
    } else {
      queued.current = request;
    }
  }, [manifest, fields]);

  return {
    latest,
    good,
    facts: latest?.facts ?? NO_FACTS,
    containers: latest?.containers ?? [],
    problems: latest?.problems ?? [],
    failure: latest?.crash ?? failure,
    pending: latest === undefined || latest.manifest !== manifest || !isSameFields(latest.fields, fields),
  };
}
