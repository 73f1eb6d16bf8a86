/** The hardening options, validated live with the core's rules (SPEC §2.4). */
import { useId } from 'react';
import { DEFAULT_MOUNT_PATH, MIN_EXPIRATION_SECONDS, validateOption } from '../core';
import type { ManifestFacts } from '../state/manifest-facts';
import { DEFAULT_FIELDS, type TextFieldName } from '../state/option-fields';
import { useAppStore } from './store';

type FieldSpec = {
  readonly name: TextFieldName;
  /** The accessible name (SPEC §5.1): do not change lightly, tests and screen readers rely on it. */
  readonly label: string;
  readonly flag: string;
  readonly help: string;
  readonly inputMode?: 'numeric' | 'text';
  readonly placeholder: (facts: ManifestFacts) => string;
};

/** The form's label of each option, for messages elsewhere on the page. */
export function fieldLabel(name: string): string {
  return FIELDS.find((spec) => spec.name === name)?.label ?? name;
}

const FIELDS: readonly FieldSpec[] = [
  {
    name: 'serviceAccountName',
    label: 'ServiceAccount name',
    flag: '--service-account',
    help: "Sets serviceAccountName on every pod. Empty keeps each pod's own; Kubernetes uses “default” when a pod names none.",
    placeholder: (facts) =>
      facts.serviceAccountNames.length > 0
        ? `${facts.serviceAccountNames.join(', ')} (from the manifest)`
        : 'default (the manifest names none)',
  },
  {
    name: 'expirationSeconds',
    label: 'Token expiration (seconds)',
    flag: '--expiration',
    help: `How long each token is valid; the kubelet renews it before then. Kubernetes default: 3607, minimum ${MIN_EXPIRATION_SECONDS}.`,
    inputMode: 'numeric',
    placeholder: () => DEFAULT_FIELDS.expirationSeconds,
  },
  {
    name: 'mountPath',
    label: 'Mount path',
    flag: '--mount-path',
    help: `Where containers find token, ca.crt and namespace. Kubernetes default: ${DEFAULT_MOUNT_PATH}, the only path client libraries read.`,
    placeholder: () => DEFAULT_MOUNT_PATH,
  },
  {
    name: 'defaultMode',
    label: 'Default mode',
    flag: '--default-mode',
    help: 'File mode of the mounted files, in octal. Kubernetes default: 0644; 0444 is read-only for everyone.',
    placeholder: () => DEFAULT_FIELDS.defaultMode,
  },
  {
    name: 'audience',
    label: 'Audience',
    flag: '--audience',
    help: 'Who the token is meant for. Kubernetes default: empty, the API server itself; set it only for tokens bound for another service.',
    placeholder: (facts) => (facts.audiences.length > 0 ? `${facts.audiences.join(', ')} (from the manifest)` : 'none: the API server'),
  },
  {
    name: 'volumeName',
    label: 'Volume name',
    flag: '--volume-name',
    help: 'Name of the projected volume. Kubernetes injects one called kube-api-access-<random>; ours is stable.',
    placeholder: () => DEFAULT_FIELDS.volumeName,
  },
];

function TextField({ spec, facts }: { spec: FieldSpec; facts: ManifestFacts }) {
  const id = useId();
  const value = useAppStore((state) => state.fields[spec.name]);
  const setField = useAppStore((state) => state.setField);
  const problem = validateOption(spec.name, value);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={problem ? 'field invalid' : 'field'}>
      <div className="field-head">
        <label htmlFor={id}>{spec.label}</label>
        <code className="flag" aria-hidden="true">
          {spec.flag}
        </code>
      </div>
      <input
        id={id}
        type="text"
        inputMode={spec.inputMode ?? 'text'}
        spellCheck={false}
        autoComplete="off"
        value={value}
        placeholder={spec.placeholder(facts)}
        aria-invalid={problem ? true : false}
        aria-describedby={problem ? `${errorId} ${helpId}` : helpId}
        onChange={(event) => setField(spec.name, event.target.value)}
      />
      {problem && (
        <p className="field-error" id={errorId}>
          Must be {problem.rule}.
        </p>
      )}
      <p className="field-help" id={helpId}>
        {spec.help}
      </p>
    </div>
  );
}

function ContainerChoices({ containers }: { containers: readonly string[] }) {
  const excluded = useAppStore((state) => state.fields.excludedContainers);
  const setIncluded = useAppStore((state) => state.setContainerIncluded);
  const helpId = useId();
  const stale = excluded.filter((name) => !containers.includes(name));
  return (
    <fieldset className="field containers" aria-describedby={helpId}>
      <legend>Containers that get the token</legend>
      {containers.length === 0 && <p className="muted">No containers found in the manifest.</p>}
      {containers.map((name) => (
        <label key={name} className="check">
          <input type="checkbox" checked={!excluded.includes(name)} onChange={(event) => setIncluded(name, event.target.checked)} />
          <code>{name}</code>
        </label>
      ))}
      {stale.map((name) => (
        <label key={name} className="check muted">
          <input type="checkbox" checked={false} onChange={() => setIncluded(name, true)} />
          <code>{name}</code> (not in the manifest)
        </label>
      ))}
      <p className="field-help" id={helpId}>
        Init and regular containers of every pod. Unticked ones get no token mount. Default: all.
      </p>
    </fieldset>
  );
}

function Toggle({ name, label, help }: { name: 'hardenServiceAccounts' | 'emitServiceAccount'; label: string; help: string }) {
  const helpId = useId();
  const checked = useAppStore((state) => state.fields[name]);
  const setFlag = useAppStore((state) => state.setFlag);
  return (
    <div className="field">
      <label className="check">
        <input type="checkbox" checked={checked} aria-describedby={helpId} onChange={(event) => setFlag(name, event.target.checked)} />
        {label}
      </label>
      <p className="field-help" id={helpId}>
        {help}
      </p>
    </div>
  );
}

export function OptionsForm({ facts, containers }: { facts: ManifestFacts; containers: readonly string[] }) {
  const resetFields = useAppStore((state) => state.resetFields);
  return (
    <form className="options" aria-labelledby="options-heading" onSubmit={(event) => event.preventDefault()} noValidate>
      <div className="pane-head">
        <h2 id="options-heading">Options</h2>
        <button type="button" className="link-button" onClick={resetFields}>
          Reset to defaults
        </button>
      </div>
      {FIELDS.map((spec) => (
        <TextField key={spec.name} spec={spec} facts={facts} />
      ))}
      <ContainerChoices containers={containers} />
      <Toggle
        name="hardenServiceAccounts"
        label="Also harden ServiceAccount objects"
        help="Sets automountServiceAccountToken: false on each ServiceAccount in the manifest."
      />
      <Toggle
        name="emitServiceAccount"
        label="Add a ServiceAccount object"
        help="Appends a ServiceAccount for the named account, with automounting off."
      />
    </form>
  );
}
