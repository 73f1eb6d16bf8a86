/** The Policy tab's verdict in words, from per-object results: pure, so it loads with the page and tests alone. */
import { exemptNamespaceOf, isJudgedByPolicy, plainDocuments } from '../../../core/index';

/** One judged object: `Kind/name` and the names of the rules it breaks (none: admitted). */
export type ObjectVerdict = { readonly object: string; readonly failures: readonly string[] };

function objectsOf(value: unknown): Record<string, unknown>[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const object = value as Record<string, unknown>;
  const items = Array.isArray(object['items']) ? (object['items'] as unknown[]).flatMap(objectsOf) : [];
  return [object, ...items];
}

/** `Kind/name`, as the changes panel names objects. */
export function objectLabel(object: Record<string, unknown>): string {
  const metadata = object['metadata'];
  const name = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)['name'] : undefined;
  return `${String(object['kind'])}/${typeof name === 'string' ? name : '(unnamed)'}`;
}

/**
 * The objects of a manifest (lists unfolded) that the validating policy's resource rules match,
 * split as its binding splits them: judged, or in a namespace the binding leaves alone.
 */
export function judgedObjects(text: string): { judged: Record<string, unknown>[]; exempt: string[] } {
  const matched = plainDocuments(text).flatMap(objectsOf).filter(isJudgedByPolicy);
  return {
    judged: matched.filter((object) => exemptNamespaceOf(object) === undefined),
    exempt: matched.flatMap((object) => {
      const namespace = exemptNamespaceOf(object);
      return namespace === undefined ? [] : [`${objectLabel(object)} in ${namespace}`];
    }),
  };
}

function list(verdicts: readonly ObjectVerdict[]): string {
  return verdicts.map((verdict) => `${verdict.object} (${verdict.failures.join(', ')})`).join('; ');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** What the binding leaves alone, as a sentence, or nothing. */
function exemptNote(exempt: readonly string[]): string {
  if (exempt.length === 0) return '';
  return ` Not judged, as the binding leaves its namespace alone: ${exempt.join('; ')}.`;
}

/**
 * "2 objects would be denied: Deployment/x (automount-off); …; the hardened manifest is admitted",
 * then the objects the binding leaves alone (a workload in kube-system), which are not judged.
 */
export function describeVerdict(input: readonly ObjectVerdict[], output: readonly ObjectVerdict[], exempt: readonly string[] = []): string {
  if (input.length === 0) {
    return exempt.length === 0
      ? 'The policy judges no object of this manifest: it has no workload with a pod spec.'
      : `The policy judges no object of this manifest.${exemptNote(exempt)}`;
  }
  const denied = input.filter((verdict) => verdict.failures.length > 0);
  const deniedOutput = output.filter((verdict) => verdict.failures.length > 0);
  const before =
    denied.length === 0
      ? `The input is admitted (${count(input.length, 'object')} judged)`
      : `${count(denied.length, 'object')} would be denied: ${list(denied)}`;
  const after =
    deniedOutput.length === 0
      ? 'the hardened manifest is admitted'
      : `the hardened manifest would still be denied for ${count(deniedOutput.length, 'object')}: ${list(deniedOutput)}`;
  return `${before}; ${after}.${exemptNote(exempt)}`;
}
