/**
 * The form's fields as the user typed them: one per row of the core's table of options, keyed as
 * links store them, so a new option needs nothing here.
 */
import { OPTION_TABLE, type OptionInput, type OptionRow, type WorkloadChoice } from '../core';

type Row = (typeof OPTION_TABLE)[number];

type FieldValue<R extends Row> = R['kind'] extends 'boolean'
  ? boolean
  : R['kind'] extends 'list'
    ? readonly string[]
    : R['kind'] extends 'workloads'
      ? readonly WorkloadChoice[]
      : R extends { readonly choices: readonly { readonly value: infer V }[] }
        ? V
        : string;

/** One field per option: text as typed, switches, choices, the containers the user unticked, and the workloads chosen one by one. */
export type OptionFields = { readonly [R in Row as R['urlKey']]: FieldValue<R> };

type TextRow = Extract<Row, { readonly kind: 'text' | 'number' | 'mode' }>;

/** Fields typed as text. */
export type TextFieldName = TextRow['urlKey'];

/** Fields that are switches, and fields that hold one of a few choices. */
export type SwitchFieldName = Extract<Row, { readonly kind: 'boolean' }>['urlKey'];
export type ChoiceFieldName = Extract<Row, { readonly kind: 'choice' }>['urlKey'];

function isTextRow(row: Row): row is TextRow {
  return row.kind === 'text' || row.kind === 'number' || row.kind === 'mode';
}

/** Option names the form shows as text fields, in form order. */
export const TEXT_FIELDS: readonly TextFieldName[] = OPTION_TABLE.filter(isTextRow).map((row) => row.urlKey);

/** What the form shows before the user touches it: the core's defaults, written as a user would. */
export const DEFAULT_FIELDS: OptionFields = initialFields();

function initialFields(): OptionFields {
  const fields: Record<string, unknown> = {};
  for (const row of OPTION_TABLE) fields[row.urlKey] = row.initial;
  // Each row gives its own key and the initial value of its kind, which is what OptionFields maps.
  return fields as OptionFields;
}

/**
 * The core's option input for these fields: the fields already are one (the core takes the
 * unticked containers directly). The container list is no longer needed and is ignored.
 */
export function toOptionInput(fields: OptionFields, _allContainers?: readonly string[]): OptionInput {
  return { ...fields };
}

/** Whether two values of one field are the same (lists item by item, workload choices field by field). */
export function isSameFieldValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => isSameItem(item, b[index]));
  return a === b;
}

function isSameItem(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  const left = a as WorkloadChoice;
  const right = b as WorkloadChoice;
  return left.kind === right.kind && left.namespace === right.namespace && left.name === right.name && left.apiAccess === right.apiAccess;
}

/** Whether two field sets mean the same form. */
export function isSameFields(a: OptionFields, b: OptionFields): boolean {
  return OPTION_TABLE.every(({ urlKey }) => isSameFieldValue(a[urlKey], b[urlKey]));
}

/**
 * Why a field has no effect with these fields, in one line, or undefined when it has one: the
 * token's own options (expiration, audience, mode) while no token is mounted. A choice of API
 * access per workload leaves them without effect only when every workload has no token.
 */
export function inactiveReason(row: OptionRow, fields: OptionFields): string | undefined {
  if (row.shapesToken !== true || fields.apiAccess !== 'none') return undefined;
  return 'Not used: API access is "No token".';
}
