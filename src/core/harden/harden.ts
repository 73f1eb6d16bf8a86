/** The hardening transform (SPEC §2): text in, hardened text, explained changes and findings out. */
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { type CheckProblem, checkPodSpec, checkServiceAccount } from './check';
import { annotationFindings, emptyFieldRefOffset, type FindingDraft, hasMisindentedFieldRef, optionFindings } from './findings';
import { hardenPodSpec, type PodSpecContext, refuseSharedAnchor, setOwnValue } from './harden-pod-spec';
import {
  aliasLimitError,
  checkBeforeParsing,
  fromYamlError,
  helmTemplateError,
  inputError,
  lineBreakError,
  readingError,
  templateKeyError,
} from '../read/input-errors';
import type { HardenOptions } from './options';
import { isJsonStream, streamProblem, yamlStreamProblem } from '../read/kubectl-stream';
import { AliasLimitError, parseManifest } from '../read/parse';
import { buildItems, eachItem, hasLazyItems, isJsonDocument, lazyPlainValue, parseJsonDocument, styleSample } from '../read/json-parse';
import { isListKind, type PathStep, podTemplatePath } from './pod-spec-paths';
import { detectDocumentStyle, renderBlock, STYLE_SAMPLE } from '../edit/render';
import type { CheckedObject, HardenResult, InputError, InputFacts, SourcePosition } from '../result';
import { decideWorkloadAccess, type HardenEvidence, type WorkloadAccess } from './workload-access';
import { accountNameOf } from '../evidence/pod-facts';
import { documentObjects, flattenObjects, isKubeObject, type PlacedObject } from '../evidence/objects';
import { toPlainValue } from '../read/parse';
import { applyEditsAsPieces, applyEditsInPieces, detectLineEnding, LineIndex } from '../source-text';
import { withOutputPieces } from '../output-pieces';
import { type ChangeStep, formatPath } from '../change-path';
import { insertedSpans, type LineMap, unchangedLineMap } from '../line-map';
import { movedMarks } from '../change-span';
import { SourceEditor } from '../edit/yaml-edit';
import { isRecord, lookupPair, mapAt, plainValue, resolveNode, stringAt } from '../read/yaml-read';
import { documentSpanOf } from '../read/fast-parse';
import { type DocumentOutcome, emptyOutcome, type HardenCache } from './harden-cache';
import {
  type BindingInInput,
  gatherAccountsAndBindings,
  type InputAccounts,
  inputAccounts,
  recordingAccounts,
  sameAccount,
} from './input-accounts';

/** The line map of a run asked not to locate (`HardenRun.locate`). */
const NOT_LOCATED: LineMap = { lineCount: 0, runs: [] };
const NO_FACTS: InputFacts = { serviceAccountNames: [], audiences: [], objectCount: 0 };

type ObjectContext = {
  readonly source: string;
  readonly documentIndex: number;
  readonly document: Document.Parsed;
  readonly editor: SourceEditor;
  readonly options: HardenOptions;
  readonly at: (offset: number) => SourcePosition;
  /** What hardening this document finds, and the whole input's ServiceAccounts and bindings it may ask about. */
  readonly collected: DocumentOutcome;
  readonly accounts: InputAccounts;
  readonly handled: Set<unknown>;
  /** Each workload's own API access. */
  readonly access: WorkloadAccess;
  /** The check problems found so far in the run, by what they say (describeProblems). */
  readonly said: Map<string, CheckProblem>;
};

function failed(source: string, errors: InputError[], isJson: boolean): HardenResult {
  return {
    output: source,
    insertedLines: [],
    lineMap: unchangedLineMap(source),
    changes: [],
    findings: [],
    errors,
    objects: [],
    workloads: [],
    podObjects: [],
    firstObjectName: undefined,
    isJson,
    facts: NO_FACTS,
  };
}

/** JSON in, JSON out: a stream kubectl reads as JSON (`{…}`, `{…}{…}`), or a JSON array. */
function isJsonText(source: string, reader: HardenRun['reader'] = 'kubectl'): boolean {
  if (reader === 'kubectl' && isJsonStream(source)) return true;
  const first = source.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(source);
    return true;
  } catch {
    return false;
  }
}

/** `Kind/namespace/name`, or `Kind/name` without a namespace. */
function describeObject(kind: string, metadata: YAMLMap | undefined, document: Document.Parsed): string {
  const name = stringAt(metadata, 'name', document) ?? stringAt(metadata, 'generateName', document) ?? '(unnamed)';
  const namespace = stringAt(metadata, 'namespace', document);
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** How a caller runs `harden`, beside the options that say what hardening means. */
export type HardenRun = {
  /** The size over which the input is refused: `MAX_INPUT_BYTES` unless the caller bounded its reading itself. */
  readonly maxInputBytes?: number;
  /** What the last runs read and hardened, to reuse for the documents that did not change (the page). */
  readonly cache?: HardenCache;
  /**
   * Who reads the text: kubectl (the default), whose splitter takes a text that starts with `{` for
   * JSON, or a KRM orchestrator (kustomize, kpt), which reads a ResourceList as YAML whatever it starts with.
   */
  readonly reader?: 'kubectl' | 'yaml';
  /**
   * Whether to say where the output came from: the line map, and each change's place in the output
   * and the input (the page and `--format changes` on the page read them). Without (false), the
   * result's `lineMap` and `insertedLines` are empty and its changes carry no spans: the command,
   * which reads neither, spares their time and memory on a whole cluster. Default true.
   */
  readonly locate?: boolean;
};

/**
 * Hardens every pod spec and ServiceAccount in a manifest, each workload with its own API access
 * (workload-access.ts); `evidence` is what is known besides the input (cluster dumps, an audit
 * log's evidence), already read. Never throws on any input text.
 */
export function harden(source: string, options: HardenOptions, evidence: HardenEvidence = {}, run: HardenRun = {}): HardenResult {
  const lines = new LineIndex(source);
  const at = (offset: number): SourcePosition => lines.position(offset);
  const early = checkBeforeParsing(source, at, run.maxInputBytes);
  if (early) return failed(source, [early], isJsonText(source, run.reader));
  // A JSON document's root `items` (a cluster dump's pods) are read one at a time as they are hardened.
  const lazyJson = /^[ \r\n]*[[{]/.test(source) ? parseJsonDocument(source, { lazyItems: true }) : undefined;
  // What the JSON reader reads is one JSON value, which kubectl reads alike: its check, which parses
  // the whole text natively (a cluster dump's every pod at once), can only agree.
  const readAlike = lazyJson !== undefined && run.reader !== 'yaml' && isJsonStream(source);
  const stream = readAlike ? undefined : run.reader === 'yaml' ? yamlStreamProblem(source) : streamProblem(source);
  if (stream) {
    const problem =
      helmTemplateError(source, at) ?? inputError(stream.code, stream.message, stream.hint, -1, [stream.start, stream.end], at);
    return failed(source, [problem], isJsonText(source, run.reader));
  }

  const documents = lazyJson ? [lazyJson] : parseManifest(source, run.cache?.documents).documents;
  // The JSON reader read only JSON; other readers may have read JSON too (with a tab, say).
  const json = documents.length === 1 && isJsonDocument(documents[0]) ? true : isJsonText(source, run.reader);
  const parseErrors = documents.flatMap((document, index) => document.errors.map((error) => fromYamlError(error, source, index, at)));
  if (parseErrors.length > 0) {
    const helm = parseErrors.some((error) => error.code !== 'duplicate-key') ? helmTemplateError(source, at) : undefined;
    return failed(source, helm ? [helm] : parseErrors, json);
  }
  const template = templateKeyError(documents, source, at);
  if (template) return failed(source, [template], json);
  // Where kubectl and this tool could read a line break differently, every string is looked at.
  if (lazyJson && lineBreakError([], source, json, at)) buildItems(lazyJson);
  const unreadable = readingError(documents, source, json, at);
  if (unreadable) return failed(source, [unreadable], json);

  const access = decideWorkloadAccess(inputObjectsOf(documents, lazyJson !== undefined, source), options, evidence);
  if (access.problems.length > 0) {
    const errors = access.problems.map((problem) =>
      problem.code === 'conflicting-overrides'
        ? inputError('conflicting-workload-choices', problem.message, undefined, -1, [0, 0], at)
        : inputError(
            'unknown-workload',
            problem.message,
            'Name a workload as KIND/NAMESPACE/NAME (KIND/NAME for an object without a namespace), as the list shows.',
            -1,
            [0, 0],
            at,
          ),
    );
    // The workloads there are stay in the result: a caller with several inputs matches choices to each.
    return { ...failed(source, errors, json), workloads: access.reports };
  }
  const gathered = gatherAccountsAndBindings(documents, source);
  const accounts = inputAccounts(gathered);
  const style = { lineEnding: detectLineEnding(source), json };
  const shared = { source, options, at, lines, style, access, said: new Map<string, CheckProblem>() };
  let collected: DocumentOutcome | undefined;
  run.cache?.startRun(options);
  for (const [index, document] of documents.entries()) {
    const root = document.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue;
    // Only a document read on its own is kept: its text is all its hardening depends on, with the
    // options, the input's layout and the facts it asked about.
    const span = run.cache && documentSpanOf(document);
    if (!run.cache || !span) {
      const outcome = hardenDocument(document, index, accounts, shared);
      // A fresh outcome is the run's alone: the first is taken as it is, not copied (a cluster dump's is large).
      if (collected === undefined) collected = outcome;
      else mergeOutcome(collected, outcome);
      continue;
    }
    // The workloads' API access is decided over the whole input: it is part of what the document's hardening depends on.
    const key = `${json ? 'json' : 'yaml'} ${style.lineEnding} ${access.accessesIn(index)}\n${source.slice(span.start, span.end)}`;
    const place = { index, start: span.start, line: at(span.start).line };
    let outcome = run.cache.take(key, accounts, place);
    if (!outcome) {
      const recording = recordingAccounts(accounts);
      outcome = hardenDocument(document, index, recording.accounts, shared);
      run.cache.keep(key, outcome, recording.queries, place);
    }
    mergeOutcome((collected ??= emptyOutcome()), outcome);
  }
  run.cache?.endRun();
  collected ??= emptyOutcome();
  const { edits, firstObjectName } = collected;
  const unknownContainer = checkContainerNames(collected, options, at);
  if (unknownContainer) collected.errors.push(unknownContainer);
  if (collected.errors.length > 0) return failed(source, collected.errors, json);

  addRunFindings(collected, gathered.bindings, options);
  for (const draft of access.findings) collected.findings.push({ ...draft, document: -1, object: '', position: undefined });
  // Emitted ServiceAccounts go after every other edit at the end of the text.
  const emitted = options.emitServiceAccount ? emittedServiceAccounts(collected, source, json) : '';
  const end = { start: source.length, end: source.length, text: emitted, nesting: -1 };
  const allEdits = emitted === '' ? edits : [...edits, end];
  const located = run.locate === false ? undefined : applyEditsInPieces(source, allEdits, lines);
  const spans = located?.spans;
  return withOutputPieces(located?.pieces ?? applyEditsAsPieces(source, allEdits), {
    insertedLines: located ? insertedSpans(located.lineMap) : [],
    lineMap: located?.lineMap ?? NOT_LOCATED,
    changes: spans
      ? collected.changes.map((change, index) => {
          const span = spans.get(index);
          return span ? { ...change, output: span.output, input: span.input } : change;
        })
      : collected.changes,
    findings: collected.findings,
    errors: [],
    objects: collected.workloads,
    workloads: access.reports,
    podObjects: collected.podObjects,
    firstObjectName,
    isJson: json,
    facts: {
      serviceAccountNames: [...collected.facts.serviceAccountNames],
      audiences: [...collected.facts.audiences],
      objectCount: collected.facts.objectCount,
    },
  });
}

/**
 * The items of a list, as kubectl reads it (k8s.io/apimachinery's unstructured decoding, checked
 * with kubectl 1.32): any object with `items` is a list, whatever its kind, and kubectl applies
 * the items instead of the object; items that name no kind and no apiVersion take the list's
 * (`PodList` items are Pods). A list of another kind than `*List` is refused (kustomize keeps
 * such an object whole, kubectl drops it), and so are `items` that are not a list of objects,
 * which kubectl refuses. A list inside a list (a `ResourceList` holding a `List`) is read too.
 */
function hardenList(
  list: YAMLMap,
  kind: string,
  apiVersion: string,
  itemsPair: Pair,
  pathPrefix: string,
  prefixSteps: readonly ChangeStep[],
  context: ObjectContext,
): void {
  const { document } = context;
  const refuse = (message: string, hint: string | undefined, node: unknown): void => {
    const offset = (node as Node | null)?.range?.[0] ?? list.range?.[0] ?? 0;
    context.collected.errors.push(inputError('list-items', message, hint, context.documentIndex, [offset, offset + 1], context.at));
  };
  if (!isListKind(kind)) {
    refuse(
      `this ${kind} has an \`items\` field: kubectl reads any object with one as a list, applies the items and drops the ${kind} itself (kustomize keeps the ${kind})`,
      'Rename the field; or, if the items are objects to apply, put them in a `kind: List`.',
      itemsPair.key,
    );
    return;
  }
  const items = resolveNode(itemsPair.value, document);
  // `items:` or `items: null`: kubectl applies nothing.
  if (!items || (isScalar(items) && items.value === null)) return;
  if (!isSeq(items)) {
    refuse(`the \`items\` of a ${kind} must be a list of objects: kubectl refuses anything else`, undefined, items);
    return;
  }
  const origin = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion };
  const lazy = hasLazyItems(items);
  eachItem(items, (item, index) => {
    if (!isMap(resolveNode(item, document))) {
      refuse(`item ${index + 1} of this ${kind} is not an object: kubectl refuses it`, undefined, item);
      return;
    }
    hardenObject(item as Node, `${pathPrefix}items[${index}].`, [...prefixSteps, 'items', index], context, origin);
    // An item read lazily is done with: nothing keeps its nodes (no other item can share them).
    if (lazy) {
      context.editor.flush();
      context.handled.clear();
    }
  });
}

type SharedContext = Pick<ObjectContext, 'source' | 'options' | 'at' | 'access' | 'said'> & {
  readonly lines: LineIndex;
  readonly style: { readonly lineEnding: '\n' | '\r\n'; readonly json: boolean };
};

/** Hardens one document, asking `accounts` what it needs to know of the whole input. */
function hardenDocument(document: Document.Parsed, documentIndex: number, accounts: InputAccounts, shared: SharedContext): DocumentOutcome {
  const { source, options, at, lines, style, access, said } = shared;
  const root = document.contents as Node;
  const collected = emptyOutcome();
  const editor = new SourceEditor(source, detectDocumentStyle(styleSample(document, STYLE_SAMPLE), source, style, lines), lines);
  const context: ObjectContext = {
    source,
    documentIndex,
    document,
    editor,
    options,
    at,
    collected,
    accounts,
    handled: new Set(),
    access,
    said,
  };
  try {
    collected.firstObjectName = stringAt(mapAt(isMap(root) ? root : undefined, 'metadata', document), 'name', document);
    hardenObject(root, '', [], context);
  } catch (error) {
    if (!(error instanceof AliasLimitError)) throw error;
    collected.errors.push(aliasLimitError(documentIndex, root.range?.[0] ?? 0, at));
  }
  // One by one: spreading a pod's 100,000 edits as arguments overflows a browser worker's stack.
  for (const edit of editor.finish()) collected.edits.push(edit);
  return collected;
}

/** Adds a document's outcome to the run's, as if the run had hardened it in its place. */
function mergeOutcome(run: DocumentOutcome, outcome: DocumentOutcome): void {
  // An edit's marks name the document's changes by index: from here on, the run's.
  const base = run.changes.length;
  for (const edit of outcome.edits) run.edits.push(base === 0 || !edit.marks ? edit : { ...edit, marks: movedMarks(edit.marks, base, 0) });
  for (const change of outcome.changes) run.changes.push(change);
  for (const finding of outcome.findings) run.findings.push(finding);
  for (const error of outcome.errors) run.errors.push(error);
  for (const workload of outcome.workloads) run.workloads.push(workload);
  for (const podObject of outcome.podObjects) run.podObjects.push(podObject);
  for (const name of outcome.definedAccounts) run.definedAccounts.add(name);
  for (const [name, namespace] of outcome.namedAccounts) if (!run.namedAccounts.has(name)) run.namedAccounts.set(name, namespace);
  for (const [name, { namespace, objects }] of outcome.replacedAccounts) {
    const entry = run.replacedAccounts.get(name);
    if (entry) for (const object of objects) entry.objects.add(object);
    else run.replacedAccounts.set(name, { namespace, objects: new Set(objects) });
  }
  for (const name of outcome.facts.serviceAccountNames) run.facts.serviceAccountNames.add(name);
  for (const audience of outcome.facts.audiences) run.facts.audiences.add(audience);
  run.facts.objectCount += outcome.facts.objectCount;
  run.firstObjectName ??= outcome.firstObjectName;
  run.tokenMounted ||= outcome.tokenMounted;
}

/** `--containers` must name containers that exist, or the user mistyped one. */
function checkContainerNames(
  collected: DocumentOutcome,
  options: HardenOptions,
  at: (offset: number) => SourcePosition,
): InputError | undefined {
  if (options.containers === undefined) return undefined;
  const known = new Set(collected.workloads.flatMap((workload) => workload.containers));
  const unknown = options.containers.filter((name) => !known.has(name));
  if (unknown.length === 0) return undefined;
  const list = known.size === 0 ? 'the input has no containers' : `the input has: ${[...known].join(', ')}`;
  return inputError(
    'unknown-container',
    `no container named ${unknown.map((name) => `"${name}"`).join(', ')} in the input (${list})`,
    undefined,
    -1,
    [0, 0],
    at,
  );
}

function addRunFindings(collected: DocumentOutcome, bindings: readonly BindingInInput[], options: HardenOptions): void {
  if (collected.workloads.length === 0) return;
  // With no token in the output (no token chosen, or pods that run without one) they would describe nothing.
  if (collected.tokenMounted) {
    for (const draft of optionFindings(options)) collected.findings.push({ ...draft, document: -1, object: '', position: undefined });
  }
  if (options.serviceAccountName === undefined || collected.replacedAccounts.size === 0) return;
  const replaced = [...collected.replacedAccounts].map(([name, { namespace, objects }]) => {
    const naming = bindings.filter((binding) => binding.accounts.some((account) => sameAccount(account, name, namespace)));
    const still = naming.length === 0 ? '' : `; still named by ${naming.map((binding) => binding.label).join(', ')}`;
    return `"${name}" (${[...objects].join(', ')}${still})`;
  });
  collected.findings.push({
    code: 'replaced-service-account',
    severity: 'warning',
    document: -1,
    object: '',
    message: `the chosen ServiceAccount "${options.serviceAccountName}" replaces the pods' own: ${replaced.join('; ')}. Bind "${options.serviceAccountName}" to what they need, and remove bindings that no longer serve anything`,
    position: undefined,
  });
}

/** What a list gives its items that name neither a kind nor an apiVersion (kubectl reads a `PodList`'s bare items as Pods). */
type ListOrigin = { readonly kind: string; readonly apiVersion: string };

/** `pathPrefix` and `prefixSteps` say where the object is in its document: `items[2].` and `['items', 2]` for a List's item. */
function hardenObject(
  node: Node,
  pathPrefix: string,
  prefixSteps: readonly ChangeStep[],
  context: ObjectContext,
  origin?: ListOrigin,
): void {
  const { document, collected, documentIndex, at } = context;
  const object = resolveNode(node, document);
  if (!isMap(object)) {
    if (pathPrefix === '')
      addFinding(
        context,
        '',
        {
          code: 'not-kubernetes',
          severity: 'warning',
          message: 'this document is not a Kubernetes object (no mapping with apiVersion and kind): passed through unchanged',
        },
        object?.range?.[0],
      );
    return;
  }
  const ownKind = stringAt(object, 'kind', document);
  const ownApiVersion = stringAt(object, 'apiVersion', document);
  const inherits = origin !== undefined && !ownKind && !ownApiVersion;
  const kind = inherits ? origin.kind : ownKind;
  const apiVersion = inherits ? origin.apiVersion : ownApiVersion;
  const items = lookupPair(object, 'items', document);
  // kubectl reads an object with a kind as a list when it has `items` at all (an apiVersion is not
  // needed); a list's item, when they are a sequence.
  if (kind && items && (pathPrefix === '' || isSeq(resolveNode(items.pair.value, document)))) {
    hardenList(object, kind, apiVersion ?? '', items.pair, pathPrefix, prefixSteps, context);
    return;
  }
  if (kind === undefined || apiVersion === undefined) {
    addFinding(
      context,
      '',
      {
        code: 'not-kubernetes',
        severity: 'warning',
        message: 'this document has no apiVersion and kind, so it is not a Kubernetes object: passed through unchanged',
      },
      object.range?.[0],
    );
    return;
  }
  const metadata = mapAt(object, 'metadata', document);
  const label = describeObject(kind, metadata, document);
  collected.facts.objectCount += 1;
  if (kind === 'ServiceAccount' && apiVersion === 'v1') {
    hardenServiceAccount(object, label, context);
    return;
  }
  const templatePath = podTemplatePath(kind, apiVersion);
  if (!templatePath) {
    const spec = mapAt(object, 'spec', document);
    if (mapAt(mapAt(spec, 'template', document), 'spec', document)) {
      addFinding(
        context,
        label,
        {
          code: 'unknown-pod-kind',
          severity: 'info',
          message: `${kind} (${apiVersion}) carries a pod template at spec.template, but is not a kind this tool knows: passed through unchanged`,
        },
        object.range?.[0],
      );
    }
    return;
  }
  // This workload's own API access decides its pod specs' hardening and check.
  const apiAccess = context.access.accessAt(documentIndex, pathPrefix);
  const options: HardenOptions = apiAccess === context.options.apiAccess ? context.options : { ...context.options, apiAccess };
  const templates = findTemplates(object, templatePath, context);
  if (templates.length === 0) {
    addFinding(
      context,
      label,
      {
        code: 'no-pod-template',
        severity: 'warning',
        message: `no pod spec at ${templatePath.join('.').replaceAll('.[]', '[]') || 'the top level'}.spec (a partial manifest, such as a kustomize base?): left unchanged`,
      },
      object.range?.[0],
    );
  }
  let mountsDefaultPath = false;
  // A Pod's top-level spec is its pod spec, which the hardening writes; other kinds keep theirs as written.
  const topSpec = mapAt(object, 'spec', document);
  const topPair = topSpec ? lookupPair(topSpec, 'automountServiceAccountToken', document) : undefined;
  let topLevelAutomount = topPair ? (plainValue(topPair.pair.value, document) ?? null) : undefined;
  for (const { template, path, steps } of templates) {
    const podSpec = mapAt(template, 'spec', document);
    const specSteps = [...prefixSteps, ...steps, 'spec'];
    const specPath = formatPath(specSteps);
    if (!podSpec) {
      addFinding(
        context,
        label,
        { code: 'no-pod-template', severity: 'warning', message: `no pod spec at ${specPath}: left unchanged` },
        template.range?.[0],
      );
      continue;
    }
    const podContext: PodSpecContext = {
      document,
      editor: context.editor,
      options,
      path: specSteps,
      handled: context.handled,
      report: {
        change: (changePath, before, after, reason) =>
          collected.changes.push({
            document: documentIndex,
            object: label,
            path: formatPath(changePath),
            steps: changePath,
            before,
            after,
            reason,
          }) - 1,
        finding: (code, severity, message, offset) => addFinding(context, label, { code, severity, message }, offset),
        refuse: (code, message, hint, offset) =>
          collected.errors.push(inputError(code, message, hint, documentIndex, [offset, offset], at)),
      },
    };
    const namespace = stringAt(metadata, 'namespace', document);
    const plainSpec = plainValue(podSpec, document);
    const spec = isRecord(plainSpec) ? plainSpec : {};
    const accountAutomount = context.accounts.automount(accountNameOf(spec), namespace);
    const outcome = hardenPodSpec(podSpec, spec, { ...podContext, serviceAccountAutomount: accountAutomount });
    if (outcome.mountsDefaultPath) mountsDefaultPath = true;
    if (path === '') topLevelAutomount = outcome.automountAfter;
    noteFacts(spec, collected.facts);
    if (outcome.mountsToken) collected.tokenMounted = true;
    podSpecHints(accountNameOf(spec), namespace, outcome.tokenless, label, podSpec, { ...context, options });
    const podMetadata = path === '' ? metadata : mapAt(template, 'metadata', document);
    for (const draft of annotationFindings(plainValue(podMetadata, document))) addFinding(context, label, draft, podMetadata?.range?.[0]);
    if (hasMisindentedFieldRef(outcome.spec['volumes'])) {
      addFinding(
        context,
        label,
        {
          code: 'misindented-field-ref',
          severity: 'warning',
          message:
            'a downwardAPI item has an empty `fieldRef:` with `apiVersion`/`fieldPath` beside it: indent those two keys under `fieldRef:`',
        },
        podSpec.range ? (emptyFieldRefOffset(context.source, podSpec.range[0], document.range[2]) ?? podSpec.range[0]) : undefined,
      );
    }
    const ownAccount = outcome.spec['serviceAccountName'];
    const account = context.options.serviceAccountName ?? (typeof ownAccount === 'string' ? ownAccount : undefined);
    if (account && account !== 'default' && !collected.namedAccounts.has(account))
      collected.namedAccounts.set(account, stringAt(metadata, 'namespace', document));
    collected.workloads.push({
      document: documentIndex,
      object: label,
      kind,
      name: stringAt(metadata, 'name', document) ?? '',
      position: at(object.range?.[0] ?? 0),
      containers: outcome.containers,
      initContainers: outcome.initContainers,
      ...describeProblems(checkPodSpec(outcome.spec, options, { serviceAccountAutomount: accountAutomount }), context.said),
    });
  }
  if (templates.length > 0) {
    const listDepth = pathPrefix.split('items[').length - 1;
    collected.podObjects.push({ object: label, kind, listDepth, topLevelAutomount, mountsDefaultPath });
  }
}

/**
 * What `--check` finds missing in an object. A problem said before in the run is the same object:
 * the pods of a cluster dump have the same few problems, each said thousands of times.
 */
function describeProblems(problems: readonly CheckProblem[], said: Map<string, CheckProblem>): Pick<CheckedObject, 'missing' | 'problems'> {
  const kept = problems.map((problem) => {
    const key = JSON.stringify([problem.code, problem.container, problem.message]);
    const known = said.get(key);
    if (known) return known;
    said.set(key, problem);
    return problem;
  });
  return { missing: kept.map((problem) => problem.message), problems: kept };
}

/** Hints that need the whole input (SPEC §2.2): an account bound to nothing; an account the chosen name replaces. */
function podSpecHints(
  account: string,
  namespace: string | undefined,
  tokenless: boolean,
  label: string,
  podSpec: YAMLMap,
  context: ObjectContext,
): void {
  const { collected, options, accounts } = context;
  if (options.serviceAccountName !== undefined && options.serviceAccountName !== account) {
    const named = accounts.isBound(account, namespace);
    if (account !== 'default' || named) {
      const entry = collected.replacedAccounts.get(account) ?? { namespace, objects: new Set<string>() };
      entry.objects.add(label);
      collected.replacedAccounts.set(account, entry);
    }
  }
  const runsAs = options.serviceAccountName ?? account;
  if (tokenless || options.apiAccess === 'none' || !accounts.isDefined(runsAs, namespace)) return;
  if (accounts.isBound(runsAs, namespace)) return;
  addFinding(
    context,
    label,
    {
      code: 'unbound-service-account',
      severity: 'info',
      message: `no RoleBinding or ClusterRoleBinding in this input binds the ServiceAccount "${runsAs}": if the workload never calls the API server, choose No token for it (--workload ${label}=none). Only a hint: bindings may live elsewhere, and a token used to log in elsewhere (Vault's Kubernetes auth, for one) needs none`,
    },
    podSpec.range?.[0],
  );
}

/**
 * The input's objects as plain values, once, for the evidence. A JSON List read lazily (a cluster
 * dump's pods) gives its items one at a time, each read by the native parser, never all at once.
 */
function inputObjectsOf(documents: readonly Document.Parsed[], lazyJson: boolean, source: string): Iterable<PlacedObject> {
  const lazy = lazyJson && documents[0] ? lazyPlainValue(documents[0]) : undefined;
  // Another kind with `items` is not a List (and is refused): it is read whole, as any object.
  if (lazy && isKubeObject(lazy.root) && isListKind(lazy.root['kind'] as string)) return documentObjects(lazy.root, 0, lazy.items);
  return flattenObjects(plainDocumentsOf(documents, lazyJson, source));
}

/**
 * The documents as plain values, once, for the evidence. A JSON document read lazily is parsed by
 * the native parser instead of built node by node.
 */
function plainDocumentsOf(documents: readonly Document.Parsed[], lazyJson: boolean, source: string): unknown[] {
  if (lazyJson) {
    try {
      return [JSON.parse(source) as unknown];
    } catch {
      // Not one JSON value (a stream of them, say): read on its own, since building the lazy
      // document's items here would change how the hardening reads them.
      return plainDocumentsOf(parseManifest(source).documents, false, source);
    }
  }
  return documents.map((document) => {
    try {
      return toPlainValue(document);
    } catch (error) {
      // An alias bomb is reported when its document is hardened.
      if (error instanceof AliasLimitError) return undefined;
      throw error;
    }
  });
}

function addFinding(context: ObjectContext, object: string, draft: FindingDraft, offset: number | undefined): void {
  context.collected.findings.push({
    ...draft,
    document: context.documentIndex,
    object,
    position: offset === undefined ? undefined : context.at(offset),
  });
}

/** Follows a template path; `[]` steps fan out over every item of a sequence. */
function findTemplates(
  object: YAMLMap,
  steps: readonly PathStep[],
  context: ObjectContext,
): { template: YAMLMap; path: string; steps: ChangeStep[] }[] {
  let current: { node: YAMLMap; path: string; steps: ChangeStep[] }[] = [{ node: object, path: '', steps: [] }];
  for (const [index, step] of steps.entries()) {
    // A `[]` step was taken with the key before it, which fanned out over the sequence.
    if (step === '[]') continue;
    const fanOut = steps[index + 1] === '[]';
    current = current.flatMap(({ node, path, steps: at }) => {
      const value = resolveNode(lookupPair(node, step, context.document)?.pair.value, context.document);
      const stepPath = path ? `${path}.${step}` : step;
      if (!fanOut) return isMap(value) ? [{ node: value, path: stepPath, steps: [...at, step] }] : [];
      if (!isSeq(value)) return [];
      return value.items.flatMap((item, itemIndex) => {
        const map = resolveNode(item, context.document);
        return isMap(map) ? [{ node: map, path: `${stepPath}[${itemIndex}]`, steps: [...at, step, itemIndex] }] : [];
      });
    });
  }
  return current.map(({ node, path, steps: at }) => ({ template: node, path, steps: at }));
}

function hardenServiceAccount(account: YAMLMap, label: string, context: ObjectContext): void {
  const { document, options, collected } = context;
  const name = stringAt(mapAt(account, 'metadata', document), 'name', document);
  if (name) collected.definedAccounts.add(name);
  const metadata = mapAt(account, 'metadata', document);
  for (const draft of annotationFindings(plainValue(metadata, document))) addFinding(context, label, draft, metadata?.range?.[0]);
  const current = plainValue(account, document);
  const before = isRecord(current) ? current['automountServiceAccountToken'] : undefined;
  const record = (): void => {
    collected.workloads.push({
      document: context.documentIndex,
      object: label,
      kind: 'ServiceAccount',
      name: name ?? '',
      position: context.at(account.range?.[0] ?? 0),
      containers: [],
      initContainers: [],
      ...describeProblems(checkServiceAccount(current), context.said),
    });
  };
  record();
  if (before === false) return;
  if (!options.hardenServiceAccounts) {
    addFinding(
      context,
      label,
      {
        code: 'service-account-automount',
        severity: 'warning',
        message: 'this ServiceAccount still lets pods automount its token: set automountServiceAccountToken: false on it too',
      },
      account.range?.[0],
    );
    return;
  }
  const shared = setOwnValue(
    context.editor,
    account,
    'automountServiceAccountToken',
    false,
    document,
    undefined,
    () =>
      collected.changes.push({
        document: context.documentIndex,
        object: label,
        path: 'automountServiceAccountToken',
        steps: ['automountServiceAccountToken'],
        before,
        after: false,
        reason: 'pods using this ServiceAccount no longer get a token unless they mount one',
      }) - 1,
  );
  if (shared) {
    refuseSharedAnchor(shared, 'automountServiceAccountToken', {
      refuse: (code, message, hint, offset) =>
        collected.errors.push(inputError(code, message, hint, context.documentIndex, [offset, offset], context.at)),
    });
  }
}

/** ServiceAccount documents for the names pods use but the input does not define. */
function emittedServiceAccounts(collected: DocumentOutcome, source: string, json: boolean): string {
  const missing = [...collected.namedAccounts].filter(([name]) => !collected.definedAccounts.has(name));
  if (missing.length === 0) return '';
  if (json) {
    const names = missing.map(([name]) => name).join(', ');
    collected.findings.push({
      code: 'emitted-service-account',
      severity: 'warning',
      document: -1,
      object: '',
      message: `no ServiceAccount added for ${names}: a JSON document holds one object; create it separately`,
      position: undefined,
    });
    return '';
  }
  const eol = detectLineEnding(source);
  const documents = missing.map(([name, namespace]) => {
    const account = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, ...(namespace ? { namespace } : {}) },
      automountServiceAccountToken: false,
    };
    collected.findings.push({
      code: 'emitted-service-account',
      severity: 'info',
      document: -1,
      object: `ServiceAccount/${name}`,
      message: `added a ServiceAccount "${name}" with automountServiceAccountToken: false: pods name it but the input does not define it`,
      position: undefined,
    });
    return `---${eol}${renderBlock(account, { indentStep: 2, indentSeq: true, lineEnding: eol, json: false, doubleQuoteStrings: false, compact: false }, 0)}${eol}`;
  });
  const separator = source.endsWith('\n') ? '' : eol;
  return separator + documents.join('');
}

/** What the form shows as the input's own values: ServiceAccount names and token audiences. */
function noteFacts(podSpec: unknown, facts: DocumentOutcome['facts']): void {
  if (!isRecord(podSpec)) return;
  if (typeof podSpec['serviceAccountName'] === 'string') facts.serviceAccountNames.add(podSpec['serviceAccountName']);
  for (const volume of Array.isArray(podSpec['volumes']) ? podSpec['volumes'] : []) {
    const projected = isRecord(volume) ? volume['projected'] : undefined;
    const sources = isRecord(projected) && Array.isArray(projected['sources']) ? projected['sources'] : [];
    for (const source of sources) {
      const token = isRecord(source) ? source['serviceAccountToken'] : undefined;
      if (isRecord(token) && typeof token['audience'] === 'string') facts.audiences.add(token['audience']);
    }
  }
}
