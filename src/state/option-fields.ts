/** The form's fields as the user typed them, and how they map onto the core's option input. */
import { DEFAULT_OPTIONS, formatFileMode, type OptionInput } from '../core';

/** Option names the form shows as text fields, in form order. */
export const TEXT_FIELDS = ['serviceAccountName', 'expirationSeconds', 'mountPath', 'defaultMode', 'audience', 'volumeName'] as const;

export type TextFieldName = (typeof TEXT_FIELDS)[number];

export type OptionFields = {
  readonly serviceAccountName: string;
  readonly expirationSeconds: string;
  readonly mountPath: string;
  readonly defaultMode: string;
  readonly audience: string;
  readonly volumeName: string;
  /** Containers the user unticked; every other container gets the mount, including new ones. */
  readonly excludedContainers: readonly string[];
  readonly hardenServiceAccounts: boolean;
  readonly emitServiceAccount: boolean;
};

/** What the form shows before the user touches it: the core's defaults, written as a user would. */
export const DEFAULT_FIELDS: OptionFields = {
  serviceAccountName: '',
  expirationSeconds: String(DEFAULT_OPTIONS.expirationSeconds),
  mountPath: DEFAULT_OPTIONS.mountPath,
  defaultMode: formatFileMode(DEFAULT_OPTIONS.defaultMode),
  audience: '',
  volumeName: DEFAULT_OPTIONS.volumeName,
  excludedContainers: [],
  hardenServiceAccounts: DEFAULT_OPTIONS.hardenServiceAccounts,
  emitServiceAccount: DEFAULT_OPTIONS.emitServiceAccount,
};

/**
 * The core's option input for these fields. `allContainers` are the container names found in the
 * manifest; the selection is every one of them the user did not untick.
 */
export function toOptionInput(fields: OptionFields, allContainers: readonly string[]): OptionInput {
  const excluded = new Set(fields.excludedContainers);
  const containers = excluded.size === 0 ? undefined : allContainers.filter((name) => !excluded.has(name));
  return {
    serviceAccountName: fields.serviceAccountName,
    expirationSeconds: fields.expirationSeconds,
    mountPath: fields.mountPath,
    defaultMode: fields.defaultMode,
    audience: fields.audience,
    volumeName: fields.volumeName,
    containers,
    hardenServiceAccounts: fields.hardenServiceAccounts,
    emitServiceAccount: fields.emitServiceAccount,
  };
}

/** Whether two field sets mean the same form. */
export function isSameFields(a: OptionFields, b: OptionFields): boolean {
  return (
    TEXT_FIELDS.every((name) => a[name] === b[name]) &&
    a.hardenServiceAccounts === b.hardenServiceAccounts &&
    a.emitServiceAccount === b.emitServiceAccount &&
    a.excludedContainers.length === b.excludedContainers.length &&
    a.excludedContainers.every((name, index) => b.excludedContainers[index] === name)
  );
}
