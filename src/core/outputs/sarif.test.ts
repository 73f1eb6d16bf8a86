import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { corpusFiles, hasCorpus, isHelmTemplate, repositoryRoot } from '../../test/corpus';
import type { CheckProblemCode } from '../harden/check';
import { harden } from '../harden/harden';
import { DEFAULT_OPTIONS } from '../harden/options';
import { CHECK_RULES, escapeMessageText, pathUri, README_URL, reportPath, sarifLog } from './sarif';

const TOOL = { name: 'sa-token-hardener', version: '1.2.3' };
const golden = join(repositoryRoot, 'src/core/fixtures/golden');
const SEED = readFileSync(join(golden, 'seed-pod/input.yaml'), 'utf8');

// The SARIF SDK's own schema (see src/test/sarif/NOTICE.md); its validator adds only notes on our output.
const schema = JSON.parse(readFileSync(join(repositoryRoot, 'src/test/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function expectValid(log: unknown): void {
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

function goldenInputs(): { name: string; text: string }[] {
  return readdirSync(golden).flatMap((name) =>
    readdirSync(join(golden, name))
      .filter((file) => file.startsWith('input.'))
      .map((file) => ({ name: `${name}/${file}`, text: readFileSync(join(golden, name, file), 'utf8') })),
  );
}

describe('SARIF', () => {
  it('reports the seed pod: one error for automount, at the object, relative to the working directory', () => {
    const log = sarifLog([{ path: '/repo/deploy/pod.yaml', result: harden(SEED, DEFAULT_OPTIONS) }], TOOL, '/repo');
    const run = log.runs[0];
    expect(run?.tool.driver).toMatchObject({ name: 'sa-token-hardener', version: '1.2.3' });
    expect(run?.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(run?.results).toEqual([
      {
        ruleId: 'automount-on',
        ruleIndex: 0,
        level: 'error',
        message: {
          text: 'Pod/foo-pod: automountServiceAccountToken is not false, so the API server mounts a token on its own: set it to false on the pod spec',
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'deploy/pod.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1, startColumn: 1 },
            },
            logicalLocations: [{ fullyQualifiedName: 'Pod/foo-pod', kind: 'object' }],
          },
        ],
      },
    ]);
    expectValid(log);
  });

  it('gives nothing for a hardened manifest, and one result per object and rule', () => {
    const hardened = harden(SEED, DEFAULT_OPTIONS).output;
    expect(sarifLog([{ path: 'pod.yaml', result: harden(hardened, DEFAULT_OPTIONS) }], TOOL).runs[0]?.results).toEqual([]);
    const twoContainers = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  automountServiceAccountToken: false
  containers:
    - {name: a, image: x, volumeMounts: [{name: t, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]}
    - {name: b, image: x, volumeMounts: [{name: t, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]}
  volumes:
    - {name: t, projected: {sources: [{serviceAccountToken: {path: token}}]}}
`;
    const results = sarifLog([{ path: 'p.yaml', result: harden(twoContainers, DEFAULT_OPTIONS) }], TOOL).runs[0]?.results as {
      ruleId: string;
      level: string;
      message: { text: string };
    }[];
    const errors = results.filter((result) => result.level === 'error');
    expect(errors.map((result) => result.ruleId)).toEqual(['token-not-read-only', 'mode-wider']);
    expect(errors[0]?.message.text).toMatch(/container "a".*; container "b"/);
  });

  it('escapes brackets in message text, so an object name cannot become an embedded link', () => {
    const pod = SEED.replace('name: foo-pod', 'name: "[click](https://example.com/x)\\\\]"');
    const results = sarifLog([{ path: 'pod.yaml', result: harden(pod, DEFAULT_OPTIONS) }], TOOL).runs[0]?.results as {
      message: { text: string };
      locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
    }[];
    const [result] = results;
    expect(result?.message.text).toMatch(/^Pod\/\\\[click\\\]\(https:\/\/example\.com\/x\)\\\\\\\]: automount/);
    // Unescaped as a viewer unescapes it, the text is the name again; the logical location keeps it as it is.
    expect(result?.message.text.replace(/\\([\\[\]])/g, '$1')).toMatch(/^Pod\/\[click\]\(https:\/\/example\.com\/x\)\\\]: /);
    expect(result?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe('Pod/[click](https://example.com/x)\\]');
    expect(escapeMessageText('a [b](c) \\[')).toBe('a \\[b\\](c) \\\\\\[');
  });

  it('names every problem --check reports as a rule with help and a link into the README', () => {
    const log = sarifLog([], TOOL);
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    const codes: CheckProblemCode[] = [
      'automount-on',
      'token-not-read-only',
      'token-not-projected',
      'token-volume-missing',
      'expiration-over-bound',
      'audience-mismatch',
      'mode-wider',
      'secret-token',
      'token-with-no-api-access',
      'token-in-unselected-container',
      'service-account-automount-on',
    ];
    expect(Object.keys(CHECK_RULES)).toEqual(codes);
    const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
    for (const rule of rules.filter((rule) => rule.defaultConfiguration.level === 'error')) {
      expect(rule.helpUri).toBe(`${README_URL}#rule-${rule.id}`);
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(readme).toContain(`<a id="rule-${rule.id}"></a>`);
    }
    expectValid(log);
  });

  it('makes paths relative to the working directory and encodes them as URIs', () => {
    expect(reportPath('/repo/a/b.yaml', '/repo')).toBe('a/b.yaml');
    expect(reportPath('/repo/a/b.yaml', '/repo/')).toBe('a/b.yaml');
    expect(reportPath('./a/b.yaml', '/repo')).toBe('a/b.yaml');
    expect(reportPath('/elsewhere/b.yaml', '/repo')).toBe('/elsewhere/b.yaml');
    expect(reportPath('/repository/b.yaml', '/repo')).toBe('/repository/b.yaml');
    expect(pathUri('my charts/a#1.yaml')).toBe('my%20charts/a%231.yaml');
    expect(pathUri('/elsewhere/b.yaml')).toBe('file:///elsewhere/b.yaml');
    expect(pathUri('C:/x/b.yaml')).toBe('file:///C:/x/b.yaml');
  });

  it('passes the SARIF 2.1.0 schema on every golden input', () => {
    const files = goldenInputs().map(({ name, text }) => ({ path: name, result: harden(text, DEFAULT_OPTIONS) }));
    expect(files.length).toBeGreaterThan(5);
    expectValid(sarifLog(files, TOOL, '/work'));
    // The schema does refuse: a result without a message, a region starting at line 0.
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r' }] }] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x' } },
            results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }],
          },
        ],
      }),
    ).toBe(false);
  });

  it.skipIf(!hasCorpus)('passes the SARIF 2.1.0 schema on the corpus, with a result for every object --check lists', () => {
    const files = corpusFiles()
      .filter(({ name }) => !isHelmTemplate(name))
      .map(({ name, text }) => ({ path: `corpus/${name}`, result: harden(text, DEFAULT_OPTIONS) }))
      .filter(({ result }) => result.errors.length === 0);
    const log = sarifLog(files, TOOL, '/work/shared');
    expectValid(log);
    const listed = files.flatMap(({ path, result }) =>
      result.objects
        .filter((workload) => workload.missing.length > 0)
        .map((workload) => `${path}:${workload.position.line} ${workload.object}`),
    );
    type Located = {
      level: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
    };
    const reported = new Set(
      (log.runs[0]?.results as Located[])
        .filter((result) => result.level === 'error')
        .map(
          ({ locations: [location] }) =>
            `${decodeURIComponent(location?.physicalLocation.artifactLocation.uri ?? '')}:${location?.physicalLocation.region.startLine} ${location?.logicalLocations[0]?.fullyQualifiedName}`,
        ),
    );
    expect(listed.length).toBeGreaterThan(50);
    expect([...reported].sort()).toEqual([...new Set(listed)].sort());
  });
});
