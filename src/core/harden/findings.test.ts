import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden, type HardenOptions } from '../index';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: p\n  containers:\n    - name: app\n      image: app:1\n';
const TOKENLESS = POD.replace('  containers:', '  automountServiceAccountToken: false\n  containers:');
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';

/** The findings about the options that shape the token (expiration, audience, mount path, mode). */
const TOKEN_OPTION_CODES = [
  'expiration-3607',
  'expiration-over-cap',
  'audience-default-path',
  'custom-mount-path',
  'mode-stricter',
  'mode-looser',
] as const;

function tokenOptionFindings(text: string, options: Partial<HardenOptions> = {}): string[] {
  const codes: readonly string[] = TOKEN_OPTION_CODES;
  return harden(text, { ...DEFAULT_OPTIONS, ...options })
    .findings.map((finding) => finding.code)
    .filter((code) => codes.includes(code));
}

describe("findings about the token's options speak only of a token the output mounts", () => {
  it('a mounted token of 3607 s is said to be bounded by a year, as a fact', () => {
    const result = harden(POD, DEFAULT_OPTIONS);
    const finding = result.findings.find((item) => item.code === 'expiration-3607');
    expect(finding?.severity).toBe('info');
    expect(finding?.message).toMatch(/the bound is a year, not an hour/);
    // A fact, not an order: the default is not something the user is told to change.
    expect(finding?.message).not.toMatch(/\bchoose\b|\bchange\b|\bset\b/i);
    expect(tokenOptionFindings(POD)).toEqual(['expiration-3607', 'mode-stricter']);
  });

  it('every other option finding still comes with a mounted token', () => {
    const options = { expirationSeconds: 7200, audience: 'vault', defaultMode: 0o666 };
    expect(tokenOptionFindings(POD, options)).toEqual(['expiration-over-cap', 'audience-default-path', 'mode-looser']);
    expect(tokenOptionFindings(POD, { mountPath: '/var/run/tokens' })).toEqual(['expiration-3607', 'custom-mount-path', 'mode-stricter']);
  });

  it('none with no token chosen', () => {
    expect(tokenOptionFindings(POD, { apiAccess: 'none', expirationSeconds: 7200, audience: 'vault', defaultMode: 0o666 })).toEqual([]);
    expect(tokenOptionFindings(POD, { apiAccess: 'none' })).toEqual([]);
  });

  it('none for pods that run without a token and are left so', () => {
    const result = harden(TOKENLESS, DEFAULT_OPTIONS);
    expect(result.findings.map((finding) => finding.code)).toContain('runs-without-token');
    expect(tokenOptionFindings(TOKENLESS)).toEqual([]);
  });

  it('none when no container gets the token', () => {
    expect(tokenOptionFindings(POD, { excludedContainers: ['app'] })).toEqual([]);
  });

  it('none for an input without pods', () => {
    expect(tokenOptionFindings(CONFIG_MAP)).toEqual([]);
  });

  it('once per run when one pod of a bundle mounts a token', () => {
    expect(tokenOptionFindings(`${TOKENLESS}---\n${POD.replace('name: p\n', 'name: q\n')}`)).toEqual(['expiration-3607', 'mode-stricter']);
  });
});
