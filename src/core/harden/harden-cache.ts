/**
 * What the page keeps between runs of `harden`. A keystroke in a bundle changes one document; the
 * others are neither read nor hardened again. Each document's nodes are kept by its text
 * (read/fast-parse.ts), and its hardening by its text too, reused while the options, the layout
 * of the whole input (JSON or YAML, line endings) and every whole-input fact it read (its
 * questions to `InputAccounts`, replayed) are the same. A reused hardening is moved to where its
 * document stands now: offsets, lines and document index.
 */
import { DocumentCache } from '../read/fast-parse';
import { movedMarks } from '../change-span';
import type { Change, Finding, InputError, OutputPodObject, SourcePosition, CheckedObject } from '../result';
import type { TextEdit } from '../source-text';
import { type AccountQuery, answersAlike, type InputAccounts } from './input-accounts';
import type { HardenOptions } from './options';

/** What hardening one document found and did; a run's result merges them in document order. */
export type DocumentOutcome = {
  readonly edits: TextEdit[];
  readonly changes: Change[];
  readonly findings: Finding[];
  readonly errors: InputError[];
  readonly workloads: CheckedObject[];
  readonly podObjects: OutputPodObject[];
  /** ServiceAccounts the document defines, and those its pods name (for `--emit-service-account`). */
  readonly definedAccounts: Set<string>;
  readonly namedAccounts: Map<string, string | undefined>;
  /** Pods' own ServiceAccounts that the chosen name replaces, with the objects that named them. */
  readonly replacedAccounts: Map<string, { namespace: string | undefined; objects: Set<string> }>;
  readonly facts: { serviceAccountNames: Set<string>; audiences: Set<string>; objectCount: number };
  firstObjectName: string | undefined;
  /** Whether some hardened pod spec mounts a token: only then do the token's options deserve a finding. */
  tokenMounted: boolean;
};

/** An empty outcome, to fill. */
export function emptyOutcome(): DocumentOutcome {
  return {
    edits: [],
    changes: [],
    findings: [],
    errors: [],
    workloads: [],
    podObjects: [],
    definedAccounts: new Set(),
    namedAccounts: new Map(),
    replacedAccounts: new Map(),
    facts: { serviceAccountNames: new Set(), audiences: new Set(), objectCount: 0 },
    firstObjectName: undefined,
    tokenMounted: false,
  };
}

/** Where a document stands: its index, the offset its text starts at, and that offset's line (1-based). */
export type DocumentPlace = { readonly index: number; readonly start: number; readonly line: number };

type Kept = { readonly outcome: DocumentOutcome; readonly queries: readonly AccountQuery[]; readonly place: DocumentPlace };

/** The page's cache for `harden` (HardenRun.cache): one per stream of runs, such as a worker's. */
export class HardenCache {
  /** The documents' nodes, by text. */
  readonly documents = new DocumentCache();
  private options: string | undefined;
  private previous = new Map<string, Kept[]>();
  private current = new Map<string, Kept[]>();

  /** Starts a run: hardening kept under other options is dropped. */
  startRun(options: HardenOptions): void {
    const key = JSON.stringify(options);
    if (key !== this.options) this.previous = new Map();
    this.options = key;
  }

  /** The last run's hardening of a document with this key, moved to `place`, if the facts it read still hold. */
  take(key: string, accounts: InputAccounts, place: DocumentPlace): DocumentOutcome | undefined {
    const entries = this.previous.get(key) ?? [];
    const index = entries.findIndex((entry) => answersAlike(accounts, entry.queries));
    if (index === -1) return undefined;
    const [kept] = entries.splice(index, 1);
    if (!kept) return undefined;
    const outcome = moveOutcome(kept.outcome, kept.place, place);
    this.keep(key, outcome, kept.queries, place);
    return outcome;
  }

  /** Keeps a document's hardening, with the questions it asked of the whole input. */
  keep(key: string, outcome: DocumentOutcome, queries: readonly AccountQuery[], place: DocumentPlace): void {
    const entries = this.current.get(key);
    const kept = { outcome, queries, place };
    if (entries) entries.push(kept);
    else this.current.set(key, [kept]);
  }

  /** Ends a run: what it kept is what the next one may take, and nothing older. */
  endRun(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/** The outcome as hardening the document where it stands now would give it. */
function moveOutcome(outcome: DocumentOutcome, from: DocumentPlace, to: DocumentPlace): DocumentOutcome {
  const offset = to.start - from.start;
  const lines = to.line - from.line;
  const document = to.index;
  // Most documents of a keystroke's run stand where they stood: their outcome is kept as it is.
  if (offset === 0 && lines === 0 && document === from.index) return outcome;
  const position = (at: SourcePosition): SourcePosition => ({ line: at.line + lines, col: at.col });
  return {
    ...outcome,
    edits: outcome.edits.map((edit) => ({
      ...edit,
      start: edit.start + offset,
      end: edit.end + offset,
      marks: edit.marks && movedMarks(edit.marks, 0, offset),
    })),
    changes: outcome.changes.map((change) => ({ ...change, document })),
    findings: outcome.findings.map((finding) => ({ ...finding, document, position: finding.position && position(finding.position) })),
    errors: outcome.errors.map((error) => ({ ...error, document, start: position(error.start), end: position(error.end) })),
    workloads: outcome.workloads.map((workload) => ({ ...workload, document, position: position(workload.position) })),
  };
}
