/** The hardening transform (SPEC §2): text in, hardened text, explained changes and findings out. */
import { type Document, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { type CheckProblem, checkPodSpec, checkServiceAccount } from './check';
import { annotationFindings, emptyFieldRefOffset, type FindingDraft, hasMisindentedFieldRef, optionFindings } from './findings';
import { hardenPodSpec, type PodSpecContext, setOwnValue } from './harden-pod-spec';
import {
  aliasLimitError,
  checkBeforeParsing,
  fromYamlError,
  helmTemplateError,
  inputError,
  readingError,
  templateKeyError,
} from '../read/input-errors';
import type { HardenOptions } from './options';
import { AliasLimitError, parseManifest } from '../read/parse';
import { isListKind, type PathStep, podTemplatePath } from './pod-spec-paths';
import { detectDocumentStyle, renderBlock } from '../edit/render';
import { decideWorkloadAccess, type HardenEvidence, type HardenLimits, type WorkloadAccess } from './workload-access';
import { flattenObjects, isSameNamespace, type KubeObject, nameOf, namespaceOf } from '../evidence/objects';
import { accountNameOf, isAccountAutomountOff } from '../evidence/pod-facts';
import { toPlainValue } from '../read/parse';
import type { Change, CheckedObject, Finding, HardenResult, InputError, InputFacts, SourcePosition } from '../result';
import { applyEditsMarkingLines, createPositionLookup, detectLineEnding } from '../source-text';
import { SourceEditor } from '../edit/yaml-edit';
import { isRecord, lookupPair, mapAt, plainValue, resolveNode, stringAt } from '../read/yaml-read';

type Collected = {
  changes: Change[];
  findings: Finding[];
  errors: InputError[];
  objects: CheckedObject[];
  /** ServiceAccounts the input defines, and those pods name (for `--emit-service-account`). */
  definedAccounts: Set<string>;
  namedAccounts: Map<string, string | undefined>;
  /** Every ServiceAccount the input defines, gathered before any pod (they may come after it). */
  accounts: readonly KubeObject[];
  /** Every RoleBinding and ClusterRoleBinding of the input, for the hints that need the whole input. */
  bindings: readonly BindingInInput[];
  /** Pods' own ServiceAccounts that the chosen name replaces, with the objects that named them. */
  replacedAccounts: Map<string, { namespace: string | undefined; objects: Set<string> }>;
  facts: { serviceAccountNames: Set<string>; audiences: Set<string>; objectCount: number };
};

const NO_FACTS: InputFacts = { serviceAccountNames: [], audiences: [], objectCount: 0 };

/** A RoleBinding or ClusterRoleBinding: its label and the ServiceAccounts it binds. */
type BindingInInput = {
  readonly label: string;
  readonly accounts: readonly { readonly name: string; readonly namespace: string | undefined }[];
};

type ObjectContext = {
  readonly source: string;
  readonly documentIndex: number;
  readonly document: Document.Parsed;
  readonly editor: SourceEditor;
  readonly options: HardenOptions;
  readonly at: (offset: number) => SourcePosition;
  readonly collected: Collected;
  readonly handled: Set<unknown>;
  readonly access: WorkloadAccess;
};

function failed(source: string, errors: InputError[], isJson: boolean): HardenResult {
  return {
    output: source,
    insertedLines: [],
    changes: [],
    findings: [],
    errors,
    objects: [],
    workloads: [],
    firstObjectName: undefined,
    isJson,
    facts: NO_FACTS,
  };
}

function isJsonText(source: string): boolean {
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

/**
 * Hardens every pod spec and ServiceAccount in a manifest, each workload with its own API access
 * (see workload-access.ts); `evidence` is what is known besides the input (cluster dumps, an audit
 * log), already read; `limits` may raise the input's size limit for a file read whole. Never throws on any input text.
 */
export function harden(source: string, options: HardenOptions, evidence?: HardenEvidence, limits: HardenLimits = {}): HardenResult {
  const at = createPositionLookup(source);
  const json = isJsonText(source);
  const early = checkBeforeParsing(source, at, limits.maxInputBytes);
  if (early) return failed(source, [early], json);

  const { documents } = parseManifest(source);
  const parseErrors = documents.flatMap((document, index) => document.errors.map((error) => fromYamlError(error, source, index, at)));
  if (parseErrors.length > 0) {
    const helm = parseErrors.some((error) => error.code !== 'duplicate-key') ? helmTemplateError(source, at) : undefined;
    return failed(source, helm ? [helm] : parseErrors, json);
  }
  const template = templateKeyError(documents, source, at);
  if (template) return failed(source, [template], json);
  const unreadable = readingError(documents, source, json, at);
  if (unreadable) return failed(source, [unreadable], json);

  // The documents as plain values once: the evidence, the ServiceAccounts and the bindings read them.
  const plain = documents.map(plainValueOf);
  const objects = flattenObjects(plain).map(({ object }) => object);
  const access = decideWorkloadAccess(plain, options, evidence);
  if (access.problems.length > 0) {
    const hint = 'Name a workload as KIND/NAMESPACE/NAME (KIND/NAME for an object without a namespace), as the list shows.';
    const errors = access.problems.map((problem) =>
      inputError(
        problem.code === 'conflicting-overrides' ? 'conflicting-workload-choices' : 'unknown-workload',
        problem.message,
        problem.code === 'conflicting-overrides' ? undefined : hint,
        -1,
        [0, 0],
        at,
      ),
    );
    // The workloads there are stay in the result: a caller with several inputs matches choices to each.
    return { ...failed(source, errors, json), workloads: access.reports };
  }
  const collected: Collected = {
    changes: [],
    findings: [],
    errors: [],
    objects: [],
    definedAccounts: new Set(),
    namedAccounts: new Map(),
    accounts: objects.filter((object) => object['kind'] === 'ServiceAccount' && object['apiVersion'] === 'v1'),
    bindings: bindingsIn(objects),
    replacedAccounts: new Map(),
    facts: { serviceAccountNames: new Set(), audiences: new Set(), objectCount: 0 },
  };
  const style = { lineEnding: detectLineEnding(source), json };
  const edits = [];
  let firstObjectName: string | undefined;
  for (const [documentIndex, document] of documents.entries()) {
    const root = document.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue;
    const editor = new SourceEditor(source, detectDocumentStyle(document, source, style));
    const context: ObjectContext = { source, documentIndex, document, editor, options, at, collected, handled: new Set(), access };
    try {
      firstObjectName ??= stringAt(mapAt(isMap(root) ? root : undefined, 'metadata', document), 'name', document);
      hardenObject(root, '', context);
    } catch (error) {
      if (!(error instanceof AliasLimitError)) throw error;
      collected.errors.push(aliasLimitError(documentIndex, root.range?.[0] ?? 0, at));
    }
    edits.push(...editor.finish());
  }
  const unknownContainer = checkContainerNames(collected, options, at);
  if (unknownContainer) collected.errors.push(unknownContainer);
  if (collected.errors.length > 0) return failed(source, collected.errors, json);

  addRunFindings(collected, options);
  for (const draft of access.findings) collected.findings.push({ ...draft, document: -1, object: '', position: undefined });
  // Emitted ServiceAccounts go after every other edit at the end of the text.
  const emitted = options.emitServiceAccount ? emittedServiceAccounts(collected, source, json) : '';
  const end = { start: source.length, end: source.length, text: emitted, nesting: -1 };
  const { text: output, insertedLines } = applyEditsMarkingLines(source, emitted === '' ? edits : [...edits, end]);
  return {
    output,
    insertedLines,
    changes: collected.changes,
    findings: collected.findings,
    errors: [],
    objects: collected.objects,
    workloads: access.reports,
    firstObjectName,
    isJson: json,
    facts: {
      serviceAccountNames: [...collected.facts.serviceAccountNames],
      audiences: [...collected.facts.audiences],
      objectCount: collected.facts.objectCount,
    },
  };
}

/** `--containers` must name containers that exist, or the user mistyped one. */
function checkContainerNames(collected: Collected, options: HardenOptions, at: (offset: number) => SourcePosition): InputError | undefined {
  if (options.containers === undefined) return undefined;
  const known = new Set(collected.objects.flatMap((object) => object.containers));
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

function addRunFindings(collected: Collected, options: HardenOptions): void {
  if (collected.objects.length === 0) return;
  for (const draft of optionFindings(options)) collected.findings.push({ ...draft, document: -1, object: '', position: undefined });
  if (options.serviceAccountName === undefined || collected.replacedAccounts.size === 0) return;
  const replaced = [...collected.replacedAccounts].map(([name, { namespace, objects }]) => {
    const bindings = collected.bindings.filter((binding) => binding.accounts.some((account) => sameAccount(account, name, namespace)));
    const still = bindings.length === 0 ? '' : `; still named by ${bindings.map((binding) => binding.label).join(', ')}`;
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

/** Whether a binding subject names the ServiceAccount `name` (namespaces must match when both are known). */
function sameAccount(subject: { name: string; namespace: string | undefined }, name: string, namespace: string | undefined): boolean {
  return subject.name === name && (subject.namespace === undefined || namespace === undefined || subject.namespace === namespace);
}

function hardenObject(node: Node, pathPrefix: string, context: ObjectContext): void {
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
  const kind = stringAt(object, 'kind', document);
  const apiVersion = stringAt(object, 'apiVersion', document);
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
  if (isListKind(kind)) {
    const items = resolveNode(lookupPair(object, 'items', document)?.pair.value, document);
    if (isSeq(items)) items.items.forEach((item, index) => hardenObject(item as Node, `${pathPrefix}items[${index}].`, context));
    return;
  }
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
  for (const { template, path } of templates) {
    const podSpec = mapAt(template, 'spec', document);
    const specPath = `${pathPrefix}${path}${path ? '.' : ''}spec`;
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
      path: specPath,
      handled: context.handled,
      report: {
        change: (changePath, before, after, reason) =>
          collected.changes.push({ document: documentIndex, object: label, path: changePath, before, after, reason }),
        finding: (code, severity, message, offset) => addFinding(context, label, { code, severity, message }, offset),
        refuse: (message, offset) =>
          collected.errors.push(
            inputError(
              'volume-name-taken',
              message,
              'Pass another name with --volume-name (or the Volume name field).',
              documentIndex,
              [offset, offset],
              at,
            ),
          ),
      },
    };
    const namespace = stringAt(metadata, 'namespace', document);
    const plainSpec = plainValue(podSpec, document);
    const spec = isRecord(plainSpec) ? plainSpec : {};
    const accountAutomount = serviceAccountAutomount(collected.accounts, accountNameOf(spec), namespace);
    const outcome = hardenPodSpec(podSpec, spec, { ...podContext, serviceAccountAutomount: accountAutomount });
    noteFacts(spec, collected.facts);
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
        podSpec.range ? (emptyFieldRefOffset(context.source, podSpec.range[0]) ?? podSpec.range[0]) : undefined,
      );
    }
    const ownAccount = outcome.spec['serviceAccountName'];
    const account = context.options.serviceAccountName ?? (typeof ownAccount === 'string' ? ownAccount : undefined);
    if (account && account !== 'default' && !collected.namedAccounts.has(account))
      collected.namedAccounts.set(account, stringAt(metadata, 'namespace', document));
    collected.objects.push({
      document: documentIndex,
      object: label,
      kind,
      name: stringAt(metadata, 'name', document) ?? '',
      position: at(object.range?.[0] ?? 0),
      containers: outcome.containers,
      initContainers: outcome.initContainers,
      ...describeProblems(checkPodSpec(outcome.spec, options, { serviceAccountAutomount: accountAutomount })),
    });
  }
}

function describeProblems(problems: readonly CheckProblem[]): Pick<CheckedObject, 'missing' | 'problems'> {
  return { missing: problems.map((problem) => problem.message), problems };
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
  const { collected, options } = context;
  if (options.serviceAccountName !== undefined && options.serviceAccountName !== account) {
    const named = collected.bindings.some((binding) => binding.accounts.some((subject) => sameAccount(subject, account, namespace)));
    if (account !== 'default' || named) {
      const entry = collected.replacedAccounts.get(account) ?? { namespace, objects: new Set<string>() };
      entry.objects.add(label);
      collected.replacedAccounts.set(account, entry);
    }
  }
  const runsAs = options.serviceAccountName ?? account;
  const defined = collected.accounts.some((entry) => definesAccount(entry, runsAs, namespace));
  if (tokenless || options.apiAccess === 'none' || !defined) return;
  if (collected.bindings.some((binding) => binding.accounts.some((subject) => sameAccount(subject, runsAs, namespace)))) return;
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

/** A document as plain values; undefined for one that cannot be read (an alias bomb, reported when it is hardened). */
function plainValueOf(document: Document.Parsed): unknown {
  try {
    return toPlainValue(document);
  } catch (error) {
    if (error instanceof AliasLimitError) return undefined;
    throw error;
  }
}

/** The RoleBindings and ClusterRoleBindings among the input's objects, for the hints that need the whole input. */
function bindingsIn(objects: readonly KubeObject[]): BindingInInput[] {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  return objects.flatMap((object): BindingInInput[] => {
    const kind = object['kind'];
    if ((kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') || !String(object['apiVersion']).startsWith('rbac.authorization.k8s.io/'))
      return [];
    const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
    const name = text(metadata['name']);
    const namespace = text(metadata['namespace']);
    const subjects = Array.isArray(object['subjects']) ? (object['subjects'] as unknown[]) : [];
    return [
      {
        label: `${kind}/${namespace ? `${namespace}/` : ''}${name ?? '(unnamed)'}`,
        accounts: subjects.flatMap((subject) => {
          if (!isRecord(subject) || subject['kind'] !== 'ServiceAccount') return [];
          const subjectName = text(subject['name']);
          // A RoleBinding's subject without a namespace means the binding's own.
          const subjectNamespace = text(subject['namespace']) ?? (kind === 'RoleBinding' ? namespace : undefined);
          return subjectName === undefined ? [] : [{ name: subjectName, namespace: subjectNamespace }];
        }),
      },
    ];
  });
}

/**
 * `automountServiceAccountToken` of the ServiceAccount a pod runs as, when the input defines it:
 * false only when every definition that may be it says false; undefined when none does.
 */
function serviceAccountAutomount(accounts: readonly KubeObject[], name: string, namespace: string | undefined): boolean | undefined {
  if (!accounts.some((account) => definesAccount(account, name, namespace))) return undefined;
  return !isAccountAutomountOff(accounts, { name, namespace });
}

function definesAccount(account: KubeObject, name: string, namespace: string | undefined): boolean {
  return nameOf(account) === name && isSameNamespace(namespaceOf(account), namespace);
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
function findTemplates(object: YAMLMap, steps: readonly PathStep[], context: ObjectContext): { template: YAMLMap; path: string }[] {
  let current: { node: YAMLMap; path: string }[] = [{ node: object, path: '' }];
  for (const [index, step] of steps.entries()) {
    // A `[]` step was taken with the key before it, which fanned out over the sequence.
    if (step === '[]') continue;
    const fanOut = steps[index + 1] === '[]';
    current = current.flatMap(({ node, path }) => {
      const value = resolveNode(lookupPair(node, step, context.document)?.pair.value, context.document);
      const stepPath = path ? `${path}.${step}` : step;
      if (!fanOut) return isMap(value) ? [{ node: value, path: stepPath }] : [];
      if (!isSeq(value)) return [];
      return value.items.flatMap((item, itemIndex) => {
        const map = resolveNode(item, context.document);
        return isMap(map) ? [{ node: map, path: `${stepPath}[${itemIndex}]` }] : [];
      });
    });
  }
  return current.map(({ node, path }) => ({ template: node, path }));
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
    collected.objects.push({
      document: context.documentIndex,
      object: label,
      kind: 'ServiceAccount',
      name: name ?? '',
      position: context.at(account.range?.[0] ?? 0),
      containers: [],
      initContainers: [],
      ...describeProblems(checkServiceAccount(current)),
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
  setOwnValue(context.editor, account, 'automountServiceAccountToken', false, document);
  collected.changes.push({
    document: context.documentIndex,
    object: label,
    path: 'automountServiceAccountToken',
    before,
    after: false,
    reason: 'pods using this ServiceAccount no longer get a token unless they mount one',
  });
}

/** ServiceAccount documents for the names pods use but the input does not define. */
function emittedServiceAccounts(collected: Collected, source: string, json: boolean): string {
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
function noteFacts(podSpec: unknown, facts: Collected['facts']): void {
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
