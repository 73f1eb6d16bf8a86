import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../test/corpus';
import { escapeCommandData, escapeCommandProperty, githubAnnotations } from './github-annotations';
import { harden } from '../harden/harden';
import { DEFAULT_OPTIONS } from '../harden/options';

const SEED = readFileSync(join(repositoryRoot, 'src/core/fixtures/golden/seed-pod/input.yaml'), 'utf8');

describe('GitHub annotations', () => {
  it('escape data and properties as the runner unescapes them', () => {
    expect(escapeCommandData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
    expect(escapeCommandProperty('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext%3A a%2C b');
    // `%` first, or the escapes of the other characters would be escaped again.
    expect(escapeCommandProperty('%3A:')).toBe('%253A%3A');
  });

  it('give an error per object that is not hardened, at its line and column, relative to the working directory', () => {
    const text = githubAnnotations([{ path: '/repo/deploy/pod.yaml', result: harden(SEED, DEFAULT_OPTIONS) }], '/repo');
    expect(text).toBe(
      '::error file=deploy/pod.yaml,line=1,col=1,title=Pod/foo-pod::automountServiceAccountToken is not false, so the API server mounts a token on its own: set it to false on the pod spec\n',
    );
  });

  it('give warnings for the findings about an object, with commas and colons in the file name escaped', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: x\n';
    const text = githubAnnotations([{ path: 'a,b:c.yaml', result: harden(pod, DEFAULT_OPTIONS) }]);
    const lines = text.split('\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^::error file=a%2Cb%3Ac\.yaml,line=1,col=1,title=Pod\/p::automountServiceAccountToken is not false/);
    expect(lines.slice(1)).toContainEqual(
      expect.stringMatching(/^::warning file=a%2Cb%3Ac\.yaml,line=\d+,col=\d+,title=Pod\/p%3A default-service-account::/),
    );
  });

  it('say nothing about a hardened manifest', () => {
    const hardened = harden(SEED, DEFAULT_OPTIONS).output;
    expect(githubAnnotations([{ path: 'pod.yaml', result: harden(hardened, DEFAULT_OPTIONS) }])).toBe('');
  });
});
