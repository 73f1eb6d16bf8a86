/**
 * CEL text shared by the policies. Standard CEL only (macros, `has`, optional types, string
 * functions): the expressions must mean the same to the API server, to Kyverno and to the
 * JavaScript engine the page and the tests evaluate them with.
 */
import { type HardenOptions, normaliseMountPath } from '../../harden/options';
import { doubleQuoted } from './quote';

/** A CEL string literal that no value can end early, in printable ASCII (see `doubleQuoted`). */
export function celString(value: string): string {
  return doubleQuoted(value);
}

/** A CEL list literal of strings. */
export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/** The pod spec of each matched kind (SPEC §2.1); an object without one gives `optional.none()`. */
export const POD_SPEC_EXPRESSION = [
  "object.kind == 'Pod' ? object.?spec :",
  "object.kind == 'CronJob' ? object.?spec.?jobTemplate.?spec.?template.?spec :",
  "object.kind == 'PodTemplate' ? object.?template.?spec :",
  'object.?spec.?template.?spec',
].join('\n');

/** RE2 and JavaScript agree on these escapes. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, (char) => `\\${char}`);
}

/**
 * A predicate on the mount `m`: it sits at `path`, a trailing slash aside (as
 * `normaliseMountPath` compares them).
 */
export function isAtPathExpression(path: string, mount = 'm'): string {
  const normal = normaliseMountPath(path);
  if (normal === '/') return `${mount}.?mountPath.orValue('') == ${celString(path)}`;
  return `${mount}.?mountPath.orValue('').matches(${celString(`^${escapeRegex(normal)}/*$`)})`;
}

/** Powers of two of the permission bits the chosen mode does not grant. */
export function forbiddenModeBits(mode: number): number[] {
  const bits: number[] = [];
  for (let bit = 0; bit < 9; bit += 1) if ((mode & (1 << bit)) === 0) bits.push(1 << bit);
  return bits;
}

/** A predicate on the variable `mode`: a file mode granting nothing beyond `options.defaultMode`. */
export function modeWithinExpression(options: HardenOptions): string {
  const bits = forbiddenModeBits(options.defaultMode);
  const range = 'type(mode) == int && mode >= 0 && mode < 512';
  return bits.length === 0 ? range : `${range} && [${bits.join(', ')}].all(bit, mode / bit % 2 == 0)`;
}
