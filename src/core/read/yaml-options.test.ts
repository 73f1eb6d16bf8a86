/**
 * Numbers as kubectl reads them (issue 22, 5): go-yaml's rules, not YAML 1.1's, recorded here from
 * `kubectl annotate --local -o json` (kubectl 1.32) and checked against it again where installed.
 */
import { describe, expect, it } from 'vitest';
import { hasKubectl, readWithKubectl } from '../../test/kubectl';
import { harden } from '../harden/harden';
import { DEFAULT_OPTIONS } from '../harden/options';
import { plainDocuments } from './parse';
import { goYamlNumber } from './yaml-options';

/** A plain scalar and what kubectl reads it as. */
const READINGS: readonly [string, unknown][] = [
  ['0o17', 15],
  ['0O17', 15],
  ['-0o17', -15],
  ['+0o17', 15],
  ['0X1F', 31],
  ['0B101', 5],
  ['0x258', 600],
  ['0600', 384],
  ['0o1_7', 15],
  ['1e1_0', 1e10],
  ['+_1', 1],
  ['1_000', 1000],
  ['-0', 0],
  ['-0.0', 0],
  ['600.0', 600],
  ['.5', 0.5],
  ['.5_0', 0.5],
  ['1.', 1],
  ['e5', 'e5'],
  ['.e5', '.e5'],
  ['._5', '._5'],
  ['1e400', '1e400'],
  ['0x1p4', '0x1p4'],
  ['_1', '_1'],
  ['0o', '0o'],
  ['1.5e', '1.5e'],
  ['1:20', '1:20'],
  ['2001-12-14', '2001-12-14'],
];

function configMap(values: readonly string[]): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: numbers\nx:\n${values.map((value, index) => `  k${index}: ${value}\n`).join('')}`;
}

describe('numbers as go-yaml reads them', () => {
  it.each(READINGS)('reads %s as %j', (text, expected) => {
    const [document] = plainDocuments(configMap([text])) as [{ x: { k0: unknown } }];
    expect(document.x.k0).toEqual(expected);
    expect(goYamlNumber(text)).toBe(typeof expected === 'number' ? expected : undefined);
  });

  it('reads an explicitly tagged number by the same rules', () => {
    const [document] = plainDocuments(configMap(['!!int 0x10', '!!float 1', '!!str 5'])) as [{ x: Record<string, unknown> }];
    expect(document.x).toEqual({ k0: 16, k1: 1, k2: '5' });
  });

  it.runIf(hasKubectl)('agrees with kubectl on every one (kubectl)', () => {
    const [reading] = readWithKubectl([configMap(READINGS.map(([text]) => text))]);
    const [object] = reading && 'objects' in reading ? (reading.objects as { x: Record<string, unknown> }[]) : [];
    expect(object?.x).toEqual(Object.fromEntries(READINGS.map(([, expected], index) => [`k${index}`, expected])));
  });
});

describe('what kubectl cannot turn into JSON', () => {
  it.each([
    ['an infinite number', 'x: .inf', 6],
    ['a negative infinite one', 'x: -.Inf', 6],
    ['not a number', 'x: .nan', 6],
    ['a mapping used as a key', '{a: 1}: x', 5],
    ['a list used as a key', '? [a, b]\n: x', 5],
    ['a null key', '~: x', 5],
    ['an empty key', ': x', 5],
  ])('refuses %s, where kubectl refuses it', (_, line, col) => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ${line}\n`;
    const error = harden(text, DEFAULT_OPTIONS).errors[0];
    expect(error?.code).toBe('not-json');
    expect(error?.start.line).toBe(6);
    expect(error?.start.col).toBeGreaterThanOrEqual(3);
    expect(error?.start.col).toBeLessThanOrEqual(col);
  });

  it.runIf(hasKubectl)('is refused by kubectl too (kubectl)', () => {
    const texts = ['x: .inf', '{a: 1}: x', '? [a, b]\n: x', '~: x'].map(
      (line) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ${line}\n`,
    );
    expect(readWithKubectl(texts).map((reading) => 'error' in reading)).toEqual([true, true, true, true]);
  });
});
