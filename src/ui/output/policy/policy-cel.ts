/**
 * Evaluates the generated policies' CEL offline, as the API server would: the page's verdict and
 * the tests use this one module. Loaded lazily: the engine stays off the first screen's budget.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { PolicyEvaluation } from '../../../core/index';

/** A JSON Patch operation as the mutating policy's expression returns it. */
export type CelPatchOperation = { op: string; path: string; value?: unknown };

/** The outcome of the validating rules on one object. */
export type CelVerdict = {
  /** False when the policy does not apply (no pod spec). */
  readonly matched: boolean;
  /** Names and messages of the rules the object breaks; an evaluation error counts as a denial, as with `failurePolicy: Fail`. */
  readonly failures: readonly { readonly name: string; readonly message: string }[];
};

/**
 * The object as the API server hands it to CEL: integral numbers are CEL ints, and null fields are
 * absent (Kubernetes decodes a null field as an unset one).
 */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) out[key] = toCelValue(item);
    return out;
  }
  return value;
}

/** Back to JSON: CEL ints become numbers again. */
export function fromCelValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), fromCelValue(item)]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromCelValue(item)]));
  }
  return value;
}

// The API server types `JSONPatch{op: …}` itself; standard CEL builds the same value as a map, so
// the message type name is dropped and its field names are constants naming themselves.
const JSON_PATCH_FIELDS = ['op', 'path', 'value', 'from'] as const;

function createEnvironment(): Environment {
  const environment = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    unlistedVariablesAreDyn: true,
  });
  for (const field of JSON_PATCH_FIELDS) environment.registerConstant(field, 'string', field);
  return environment;
}

let environment: Environment | undefined;
const programs = new Map<string, (context: Record<string, unknown>) => unknown>();

function program(expression: string): (context: Record<string, unknown>) => unknown {
  let compiled = programs.get(expression);
  if (!compiled) {
    environment ??= createEnvironment();
    const parsed = environment.parse(expression.replaceAll('JSONPatch{', '{'));
    compiled = (context) => parsed(context);
    programs.set(expression, compiled);
  }
  return compiled;
}

/** Evaluates one expression; throws the engine's error (a policy bug, not a user error). */
export function evaluateCel(expression: string, context: Record<string, unknown>): unknown {
  return program(expression)(context);
}

/** The `variables` of a policy, evaluated in order as each may use the ones before. */
function evaluateVariables(policy: PolicyEvaluation, context: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const variable of policy.variables) variables[variable.name] = evaluateCel(variable.expression, { ...context, variables });
  return variables;
}

const CREATE = { operation: 'CREATE' };

/** The validating policy's verdict on one plain object, as on its CREATE. */
export function validateObject(policy: PolicyEvaluation, object: unknown): CelVerdict {
  const context: Record<string, unknown> = { object: toCelValue(object), request: CREATE };
  try {
    if (!policy.matchConditions.every((condition) => evaluateCel(condition.expression, context) === true)) {
      return { matched: false, failures: [] };
    }
  } catch (error) {
    return { matched: true, failures: [{ name: 'match-conditions', message: `evaluation error: ${(error as Error).message}` }] };
  }
  let variables: Record<string, unknown>;
  try {
    variables = evaluateVariables(policy, context);
  } catch (error) {
    return { matched: true, failures: [{ name: 'variables', message: `evaluation error: ${(error as Error).message}` }] };
  }
  const failures: { name: string; message: string }[] = [];
  for (const validation of policy.validations) {
    try {
      if (evaluateCel(validation.expression, { ...context, variables }) !== true) failures.push(validation);
    } catch (error) {
      failures.push({ name: validation.name, message: `evaluation error: ${(error as Error).message}` });
    }
  }
  return { matched: true, failures };
}

/**
 * The mutating policy's JSON Patch for one plain object, or undefined when its match conditions
 * leave the object alone.
 */
export function mutationPatch(policy: PolicyEvaluation, object: unknown): CelPatchOperation[] | undefined {
  const context: Record<string, unknown> = { object: toCelValue(object), request: CREATE };
  if (!policy.matchConditions.every((condition) => evaluateCel(condition.expression, context) === true)) return undefined;
  const variables = evaluateVariables(policy, context);
  return policy.patches.flatMap((expression) => fromCelValue(evaluateCel(expression, { ...context, variables })) as CelPatchOperation[]);
}

/** The validating policy's verdict on each object, named as the page names objects. */
export function judge(
  policy: PolicyEvaluation,
  objects: readonly Record<string, unknown>[],
  label: (object: Record<string, unknown>) => string,
): { object: string; failures: string[] }[] {
  return objects.flatMap((object) => {
    const verdict = validateObject(policy, object);
    return verdict.matched ? [{ object: label(object), failures: verdict.failures.map((failure) => failure.name) }] : [];
  });
}
