/**
 * The derived view of the store: the core's result for the current manifest and fields, computed
 * in a Web Worker. Keeps the last good result while the input has errors, and survives the worker
 * dying: the page says so and `restart` starts a new one with the current input.
 */
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { OptionProblem } from '../../core';
import { NO_FACTS, type ManifestFacts } from '../../state/manifest-facts';
import { isSameFields, type OptionFields } from '../../state/option-fields';
import type { DerivedFormat } from '../../state/output-texts';
import {
  type ContainerChoice,
  CRASH_TEST_ENABLED,
  CRASH_TEST_WORKER_NAME,
  type EvidenceKind,
  type EvidenceMessage,
  type EvidenceState,
  type HardenReply,
  type HardenRequest,
  type HardenResponse,
  NO_EVIDENCE,
  type PageResult,
  type WorkerRequest,
} from '../../worker/protocol';
import HardenWorker from '../../worker/harden.worker?worker';
import { replyDecoder, type WireReply } from '../../worker/reply-delta';

/** Above this size, rendering a result could block typing: it is rendered in interruptible slices. */
const LARGE_OUTPUT_CHARS = 200_000;

/** A result that hardened cleanly, with the input it came from (the diff's left side). */
export type GoodResult = { readonly input: string; readonly fields: OptionFields; readonly result: PageResult };

/** A reading of evidence files under way: what, and how far it got. */
export type EvidenceReading = {
  readonly id: number;
  readonly kind: EvidenceKind | undefined;
  readonly name: string;
  readonly read: number;
  readonly total: number;
};

/** What the worker holds besides the manifest, and how the last opening went. */
export type EvidenceView = {
  readonly state: EvidenceState;
  readonly reading: EvidenceReading | undefined;
  /** How the last opening ended when it did not end well ("Cancelled.", a read error). */
  readonly message: string | undefined;
  readonly open: (files: readonly File[], kind: EvidenceKind | undefined) => void;
  readonly cancel: () => void;
  readonly forget: (kind: EvidenceKind) => void;
};

export type Hardening = {
  /** The latest response, errors included; undefined until the first one arrives. */
  readonly latest: HardenResponse | undefined;
  /** The latest response without errors or refused options. */
  readonly good: GoodResult | undefined;
  readonly facts: ManifestFacts;
  readonly containers: readonly ContainerChoice[];
  readonly problems: readonly OptionProblem[];
  /** Whether the shown result lags behind the input. */
  readonly pending: boolean;
  /** A bug, not a problem with the input: the core threw. */
  readonly failure: string | undefined;
  /** Set when the worker died or could not start: why. `restart` starts a new one. */
  readonly stopped: string | undefined;
  readonly restart: () => void;
  /**
   * The response for the input, options and format as they are now: at once if it is in, else
   * when it arrives. Rejects if hardening stops first. What the page hands out comes from it.
   */
  readonly settle: () => Promise<HardenResponse>;
  readonly evidence: EvidenceView;
};

type Current = {
  readonly manifest: string;
  readonly fields: OptionFields;
  readonly format: DerivedFormat | undefined;
  readonly evidence: number;
};

function answers(response: HardenResponse, current: Current): boolean {
  return (
    response.manifest === current.manifest &&
    response.evidence === current.evidence &&
    isSameFields(response.fields, current.fields) &&
    (current.format === undefined || response.format === current.format)
  );
}

/** In the test build only, `?crash-test` in the address names the worker so it obeys the e2e test's trigger (protocol.ts). */
function workerName(): string {
  return CRASH_TEST_ENABLED && new URLSearchParams(window.location.search).has('crash-test') ? CRASH_TEST_WORKER_NAME : 'harden';
}

export function useHardening(manifest: string, fields: OptionFields, format: DerivedFormat | undefined): Hardening {
  const workerRef = useRef<Worker | undefined>(undefined);
  const nextId = useRef(0);
  /** The request the worker is working on; only one at a time. */
  const inFlight = useRef<HardenRequest | undefined>(undefined);
  /** The newest request waiting for the worker; older ones are dropped (typing outruns the core). */
  const queued = useRef<HardenRequest | undefined>(undefined);
  const [evidenceState, setEvidenceState] = useState<EvidenceState>(NO_EVIDENCE);
  const [reading, setReading] = useState<EvidenceReading | undefined>(undefined);
  const [evidenceMessage, setEvidenceMessage] = useState<string | undefined>(undefined);
  const evidence = evidenceState.generation;
  const current = useRef<Current>({ manifest, fields, format, evidence });
  const latestRef = useRef<HardenResponse | undefined>(undefined);
  const waiters = useRef<{ resolve: (response: HardenResponse) => void; reject: (reason: Error) => void }[]>([]);
  const [latest, setLatest] = useState<HardenResponse | undefined>(undefined);
  const [good, setGood] = useState<GoodResult | undefined>(undefined);
  const [stopped, setStopped] = useState<string | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const worker = new HardenWorker({ name: workerName() });
    workerRef.current = worker;
    // Each reply leaves out what the previous one carried; every reply is decoded, in order.
    const decode = replyDecoder();
    const send = (request: HardenRequest) => {
      inFlight.current = request;
      worker.postMessage(request satisfies WorkerRequest);
    };
    const stop = (reason: string) => {
      if (workerRef.current !== worker) return;
      worker.terminate();
      workerRef.current = undefined;
      inFlight.current = undefined;
      queued.current = undefined;
      setStopped(reason);
      setReading(undefined);
      for (const waiter of waiters.current.splice(0)) waiter.reject(new Error(reason));
    };
    // A worker that fails to load, throws outside its handler or dies: say so, never wait forever.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      stop(event.message || 'The hardening worker stopped.');
    });
    worker.addEventListener('messageerror', () => stop('The hardening worker sent a message the page cannot read.'));
    worker.addEventListener('message', (event: MessageEvent<WireReply | EvidenceMessage>) => {
      if ('type' in event.data) {
        const message = event.data;
        if (message.type === 'evidence-progress') {
          setReading((known) =>
            known?.id === message.id ? { ...known, name: message.name, read: message.read, total: message.total } : known,
          );
          return;
        }
        setReading((known) => (known?.id === message.id ? undefined : known));
        setEvidenceState(message.state);
        setEvidenceMessage(message.type === 'evidence-failed' ? message.message : undefined);
        return;
      }
      let reply: HardenReply;
      try {
        reply = decode(event.data);
      } catch (error) {
        stop(error instanceof Error ? error.message : 'The hardening worker sent a reply the page cannot read.');
        return;
      }
      const request = inFlight.current;
      inFlight.current = undefined;
      const next = queued.current;
      queued.current = undefined;
      if (next) {
        inFlight.current = next;
        // Posting copies the manifest (megabytes for a bundle): in a task of its own, so this one
        // (reading the reply and rendering it) stays short.
        setTimeout(() => worker.postMessage(next));
      }
      if (!request || request.id !== reply.id) return;
      const response: HardenResponse = { ...reply, manifest: request.manifest, fields: request.fields, format: request.format };
      latestRef.current = response;
      if (answers(response, current.current)) for (const waiter of waiters.current.splice(0)) waiter.resolve(response);
      const render = () => {
        setLatest(response);
        if (response.crash === undefined && response.result.errors.length === 0 && response.problems.length === 0) {
          setGood({ input: response.manifest, fields: response.fields, result: response.result });
        }
      };
      // A small result renders in this task, so the output follows a keystroke within the frame; a
      // big one renders as a transition, which React splits into short slices, so typing never waits.
      if (response.result.output.length > LARGE_OUTPUT_CHARS) startTransition(render);
      else flushSync(render);
    });
    // The current input, whether this is the first worker or a restarted one.
    nextId.current += 1;
    current.current = { ...current.current, evidence: NO_EVIDENCE.generation };
    send({ id: nextId.current, manifest: current.current.manifest, fields: current.current.fields, format: current.current.format });
    return () => {
      worker.terminate();
      if (workerRef.current === worker) workerRef.current = undefined;
      inFlight.current = undefined;
      queued.current = undefined;
    };
  }, [generation]);

  const firstRun = useRef(true);
  useEffect(() => {
    current.current = { manifest, fields, format, evidence };
    // The worker's start sends the input it starts with.
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    const worker = workerRef.current;
    if (!worker) return;
    nextId.current += 1;
    const request: HardenRequest = { id: nextId.current, manifest, fields, format };
    if (inFlight.current === undefined) {
      inFlight.current = request;
      worker.postMessage(request);
    } else {
      queued.current = request;
    }
  }, [manifest, fields, format, evidence]);

  const openEvidence = useCallback((files: readonly File[], kind: EvidenceKind | undefined) => {
    const worker = workerRef.current;
    if (!worker || files.length === 0) return;
    nextId.current += 1;
    const id = nextId.current;
    setEvidenceMessage(undefined);
    setReading({ id, kind, name: files[0]?.name ?? '', read: 0, total: files.reduce((sum, file) => sum + file.size, 0) });
    // Files cross to the worker as handles: their bytes are read there, never on this thread.
    worker.postMessage({ type: 'open-evidence', id, kind, files } satisfies WorkerRequest);
  }, []);
  const readingRef = useRef(reading);
  useEffect(() => {
    readingRef.current = reading;
  }, [reading]);
  const cancelEvidence = useCallback(() => {
    const known = readingRef.current;
    if (known) workerRef.current?.postMessage({ type: 'cancel-evidence', id: known.id } satisfies WorkerRequest);
  }, []);
  const forgetEvidence = useCallback((kind: EvidenceKind) => {
    workerRef.current?.postMessage({ type: 'forget-evidence', kind } satisfies WorkerRequest);
  }, []);

  const restart = useCallback(() => {
    setStopped(undefined);
    // A new worker holds no evidence: what the page showed of the stopped one's is gone with it.
    setEvidenceState(NO_EVIDENCE);
    const held = evidenceState.cluster !== undefined || evidenceState.audit !== undefined;
    setEvidenceMessage(held ? 'Hardening restarted without the evidence it held: open the cluster dump or audit log again.' : undefined);
    setGeneration((value) => value + 1);
  }, [evidenceState]);

  const settle = useCallback(
    () =>
      new Promise<HardenResponse>((resolve, reject) => {
        const response = latestRef.current;
        if (response !== undefined && answers(response, current.current)) resolve(response);
        else if (workerRef.current === undefined) reject(new Error('Hardening is stopped.'));
        else waiters.current.push({ resolve, reject });
      }),
    [],
  );

  return {
    settle,
    latest,
    good,
    facts: latest?.facts ?? NO_FACTS,
    containers: latest?.containers ?? [],
    problems: latest?.problems ?? [],
    failure: latest?.crash,
    stopped,
    restart,
    pending: latest === undefined || latest.manifest !== manifest || latest.evidence !== evidence || !isSameFields(latest.fields, fields),
    evidence: useMemo(
      () => ({
        state: evidenceState,
        reading,
        message: evidenceMessage,
        open: openEvidence,
        cancel: cancelEvidence,
        forget: forgetEvidence,
      }),
      [evidenceState, reading, evidenceMessage, openEvidence, cancelEvidence, forgetEvidence],
    ),
  };
}
