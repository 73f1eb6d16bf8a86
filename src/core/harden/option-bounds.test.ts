/** The option rules of SPEC §2.4 at their boundaries: codes, option names and values, never wording. */
import { describe, expect, it } from 'vitest';
import { type OptionName, resolveOptions } from '../index';

/** The value an option resolves to, or the option named by its problem. */
function resolve(option: OptionName, raw: string | number): { value: unknown } | { refused: OptionName; code: string; value: string } {
  const { options, problems } = resolveOptions({ [option]: raw });
  const [problem, ...others] = problems;
  expect(others).toEqual([]);
  if (problem) return { refused: problem.option, code: problem.code, value: problem.value };
  return { value: (options as Record<string, unknown>)[option] };
}

function refusal(option: OptionName, raw: string) {
  return { refused: option, code: 'invalid-option', value: raw };
}

describe('Default mode: octal 0000–0777, written 0444, 444 or 0o444', () => {
  it.each([
    ['0444', 0o444],
    ['444', 0o444],
    ['0o444', 0o444],
    ['0O444', 0o444],
    ['0777', 0o777],
    ['777', 0o777],
    ['0o777', 0o777],
    ['0000', 0],
    ['0', 0],
    ['0400', 0o400],
    ['0644', 0o644],
  ])('%s is %d', (raw, value) => {
    expect(resolve('defaultMode', raw)).toEqual({ value });
  });

  it.each(['1777', '7777', '0o1000', '01000', '1000', '0o7777', '8', '0888', '0o8', '-1', '0x1ff', '0b111', '4.4', 'rw-r--r--'])(
    '%s is refused',
    (raw) => {
      expect(resolve('defaultMode', raw)).toEqual(refusal('defaultMode', raw));
    },
  );
});

describe('Token expiration: an integer from 600 to 2^32', () => {
  it.each([
    ['600', 600],
    ['601', 601],
    ['3600', 3600],
    ['3607', 3607],
    [String(2 ** 32), 2 ** 32],
    [String(2 ** 32 - 1), 2 ** 32 - 1],
  ])('%s is accepted', (raw, value) => {
    expect(resolve('expirationSeconds', raw)).toEqual({ value });
  });

  it('takes numbers as well as text', () => {
    expect(resolve('expirationSeconds', 600)).toEqual({ value: 600 });
    expect(resolve('expirationSeconds', 599)).toEqual(refusal('expirationSeconds', '599'));
  });

  it.each([
    '599',
    '0',
    '-600',
    '-1',
    String(2 ** 32 + 1),
    '99999999999999999999',
    '1e3',
    '600.0',
    '600.5',
    '6e2',
    '0x258',
    'ten minutes',
    'Infinity',
    'NaN',
  ])('%s is refused', (raw) => {
    expect(resolve('expirationSeconds', raw)).toEqual(refusal('expirationSeconds', raw));
  });

  it('reads " 600" as 600 or refuses it, never as another number', () => {
    const result = resolve('expirationSeconds', ' 600');
    if ('refused' in result) expect(result.refused).toBe('expirationSeconds');
    else expect(result.value).toBe(600);
  });
});

describe('Volume name: a DNS-1123 label of at most 63 characters', () => {
  it.each([
    ['63 characters', 'a'.repeat(63)],
    ['one character', 'a'],
    ['digits and dashes', '0-token-9'],
  ])('accepts %s', (_case, raw) => {
    expect(resolve('volumeName', raw)).toEqual({ value: raw });
  });

  it.each([
    ['64 characters', 'a'.repeat(64)],
    ['a dot', 'token.volume'],
    ['upper case', 'Token'],
    ['a leading dash', '-token'],
    ['a trailing dash', 'token-'],
    ['an underscore', 'token_volume'],
  ])('refuses %s', (_case, raw) => {
    expect(resolve('volumeName', raw)).toEqual(refusal('volumeName', raw));
  });
});

describe('ServiceAccount name: a DNS-1123 subdomain of at most 253 characters', () => {
  const subdomain = (length: number): string => `${'a'.repeat(61)}.`.repeat(5).slice(0, length - 1) + 'z';

  it.each([
    ['253 characters', 'a'.repeat(253)],
    ['253 characters with dots', subdomain(253)],
    ['one character', 'a'],
    ['dots and dashes', 'app-sa.team-1'],
  ])('accepts %s', (_case, raw) => {
    expect(resolve('serviceAccountName', raw)).toEqual({ value: raw });
  });

  it.each([
    ['254 characters', 'a'.repeat(254)],
    ['254 characters with dots', subdomain(254)],
    ['upper case', 'App'],
    ['an empty label', 'app..sa'],
    ['a leading dot', '.app'],
    ['a slash', 'team/app'],
  ])('refuses %s', (_case, raw) => {
    expect(resolve('serviceAccountName', raw)).toEqual(refusal('serviceAccountName', raw));
  });

  it('builds the boundary names it means to', () => {
    expect(subdomain(253)).toHaveLength(253);
    expect(subdomain(254)).toHaveLength(254);
  });
});

describe('Mount path: absolute, without a ".." segment', () => {
  it.each(['/var/run/secrets/kubernetes.io/serviceaccount', '/var/run/secrets/tokens/', '/t', '/a/..b/c', '/a/b..'])(
    'accepts %s',
    (raw) => {
      expect(resolve('mountPath', raw)).toEqual({ value: raw });
    },
  );

  it.each(['var/run/secrets', './token', '/var/run/../secrets', '/var/..', '../token', '/a/b/../'])('refuses %s', (raw) => {
    expect(resolve('mountPath', raw)).toEqual(refusal('mountPath', raw));
  });
});

describe('Audience: a non-empty string when given', () => {
  it('takes any text', () => {
    expect(resolve('audience', 'vault')).toEqual({ value: 'vault' });
    expect(resolve('audience', 'https://kubernetes.default.svc')).toEqual({ value: 'https://kubernetes.default.svc' });
  });

  it('never takes blank text as an audience', () => {
    const result = resolve('audience', '   ');
    if ('refused' in result) expect(result.refused).toBe('audience');
    else expect(result.value).toBeUndefined();
  });
});

describe('empty fields take the defaults', () => {
  it('refuses nothing and changes nothing', () => {
    const { options, problems } = resolveOptions({
      serviceAccountName: '',
      expirationSeconds: '',
      mountPath: '',
      defaultMode: '',
      audience: '',
      volumeName: '',
    });
    expect(problems).toEqual([]);
    expect(options).toMatchObject({
      serviceAccountName: undefined,
      expirationSeconds: 3607,
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      defaultMode: 0o444,
      audience: undefined,
      volumeName: 'serviceaccount-token',
      apiAccess: 'mount',
    });
  });

  it('reports every refused option at once, each by name', () => {
    const { problems } = resolveOptions({
      expirationSeconds: '599',
      defaultMode: '1777',
      volumeName: 'A',
      mountPath: 'x',
      serviceAccountName: 'B',
    });
    expect(problems.map((problem) => [problem.code, problem.option, problem.value]).sort()).toEqual(
      [
        ['invalid-option', 'defaultMode', '1777'],
        ['invalid-option', 'expirationSeconds', '599'],
        ['invalid-option', 'mountPath', 'x'],
        ['invalid-option', 'serviceAccountName', 'B'],
        ['invalid-option', 'volumeName', 'A'],
      ].sort(),
    );
  });
});
