import { describe, expect, it } from 'vitest';
import { harden } from './harden';
import { plainDocuments } from '../read/parse';
import { UNWRITABLE_CHARACTERS } from '../../test/unwritable';
import {
  DEFAULT_OPTIONS,
  decimalModeHint,
  formatFileMode,
  MAX_WORKLOAD_CHOICES,
  normaliseMountPath,
  OPTION_GROUPS,
  OPTION_TABLE,
  type OptionInput,
  optionRow,
  parseFileMode,
  resolveOptions,
  validateOption,
} from './options';

describe('the table of options', () => {
  it('names each option, flag and link key once', () => {
    for (const key of ['name', 'flag', 'urlKey', 'label'] as const) {
      const values = OPTION_TABLE.map((row) => row[key]);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('gives the form fields the accessible names of SPEC §5.1, and the API access choice its options', () => {
    expect(
      OPTION_TABLE.filter((row) => row.kind === 'text' || row.kind === 'number' || row.kind === 'mode').map((row) => row.label),
    ).toEqual(['ServiceAccount name', 'Token expiration (seconds)', 'Audience', 'Mount path', 'Default mode', 'Volume name']);
    const apiAccess = OPTION_TABLE.find((row) => row.name === 'apiAccess');
    expect(apiAccess?.label).toBe('API access');
    expect(apiAccess?.choices.map((choice) => choice.label)).toEqual(['Mount the token', 'No token']);
  });

  it('has the flags of SPEC §2.4', () => {
    // In the form's order, which --help follows.
    expect(OPTION_TABLE.map((row) => row.flag)).toEqual([
      '--containers',
      '--service-account',
      '--api-access',
      '--workload',
      '--expiration',
      '--audience',
      '--mount-path',
      '--default-mode',
      '--volume-name',
      '--skip-service-accounts',
      '--emit-service-account',
    ]);
    expect(OPTION_TABLE.find((row) => row.name === 'apiAccess')?.flagSynonyms).toMatchObject([{ flag: '--no-token', sets: 'none' }]);
  });

  it('gives each option a summary of one short line, shorter than its help', () => {
    for (const row of OPTION_TABLE) {
      // About what one line of the form's 330 px column holds.
      expect(row.summary.length, row.name).toBeLessThanOrEqual(50);
      expect(row.summary, row.name).toMatch(/^[A-Z].*\.$/);
      expect(row.summary.length, row.name).toBeLessThan(row.help.length);
    }
  });

  it('puts every option in exactly one group of the form, in the order Scope, Token, Mount', () => {
    const grouped = OPTION_GROUPS.flatMap((group) => group.options);
    // Per-workload choices are made in the Workloads region, one row per workload, not in the form.
    const formOptions = OPTION_TABLE.filter((row) => row.kind !== 'workloads').map((row) => row.name);
    expect([...grouped].sort()).toEqual(formOptions.sort());
    expect(OPTION_GROUPS.map((group) => group.title).slice(0, 3)).toEqual(['Scope', 'Token', 'Mount']);
    expect(OPTION_GROUPS[0]?.options).toEqual(['containers', 'serviceAccountName', 'apiAccess']);
    expect(OPTION_GROUPS[1]?.options).toEqual(['expirationSeconds', 'audience']);
    expect(OPTION_GROUPS[2]?.options).toEqual(['mountPath', 'defaultMode', 'volumeName']);
  });

  it('starts the form at the defaults', () => {
    const initial = Object.fromEntries(OPTION_TABLE.map((row) => [row.urlKey, row.initial])) as OptionInput;
    expect(resolveOptions(initial)).toEqual({ options: DEFAULT_OPTIONS, problems: [] });
  });

  it.each([
    ['serviceAccountName', 'Bad_Name'],
    ['expirationSeconds', '599'],
    ['mountPath', 'relative'],
    ['defaultMode', '0800'],
    ['volumeName', 'a.b'],
    ['containers', 'a,,b'],
    ['apiAccess', 'some'],
  ] as const)('refuses a bad %s with the rule its row states', (name, value) => {
    const row = OPTION_TABLE.find((candidate) => candidate.name === name);
    const problem = validateOption(name, value);
    expect(problem?.rule).toBe(row?.rule);
    expect(problem?.message).toBe(`${row?.title} (${row?.flag}): "${value}" is not valid: it must be ${row?.rule}.`);
  });
});

describe('resolveOptions', () => {
  it('takes containers to leave out, as the form stores them', () => {
    expect(resolveOptions({ excludedContainers: ['sidecar'] }).options.excludedContainers).toEqual(['sidecar']);
    expect(DEFAULT_OPTIONS.excludedContainers).toEqual([]);
  });

  it('refuses a container list with an empty name instead of selecting nothing', () => {
    expect(resolveOptions({ containers: 'a,' }).problems).toHaveLength(1);
    expect(resolveOptions({ containers: 'a, b' }).options.containers).toEqual(['a', 'b']);
  });
});

describe('option values as given', () => {
  it('gives a blank field the default without a problem, and keeps the spaces of a value that is not blank', () => {
    expect(resolveOptions({ audience: '   ', mountPath: ' ', serviceAccountName: '\t' })).toEqual({
      options: DEFAULT_OPTIONS,
      problems: [],
    });
    expect(resolveOptions({ audience: ' vault ' }).options.audience).toBe(' vault ');
  });

  it('refuses a mount path with space around it: the path is written as typed, and no container would find a token there', () => {
    expect(validateOption('mountPath', '/var/run/token ')?.message).toBe(
      `${optionRow('mountPath')?.title} (--mount-path): "/var/run/token " is not valid: it must be ${optionRow('mountPath')?.rule}.`,
    );
    expect(validateOption('mountPath', '/var/run/token')).toBeUndefined();
  });

  it('trims the names of containers given as a list (a config file) and drops empty ones', () => {
    expect(resolveOptions({ containers: [' istio-proxy ', '', '  ', 'app'] }).options.containers).toEqual(['istio-proxy', 'app']);
  });

  it('names the character a value may not hold, and why, a control character by its code point in capitals', () => {
    const reason = (value: string): string | undefined =>
      /: it holds (.*); it must be/.exec(validateOption('audience', value)?.message ?? '')?.[1];
    expect(reason('a\nb')).toBe('a line break (LF), which would end the line it is written on');
    expect(reason('a\rb')).toBe("a carriage return (CR), which Kubernetes' YAML reader takes for the end of a line");
    expect(reason('a\u0085b')).toBe("a NEXT LINE character (U+0085), which Kubernetes' YAML reader takes for the end of a line");
    expect(reason('a\u2028b')).toBe("a LINE SEPARATOR (U+2028), which Kubernetes' YAML reader takes for the end of a line");
    expect(reason('a\u2029b')).toBe("a PARAGRAPH SEPARATOR (U+2029), which Kubernetes' YAML reader takes for the end of a line");
    expect(reason('a\tb')).toBe('a tab, which no Kubernetes name or path holds');
    expect(reason('a\u001bb')).toBe('a control character (U+001B), which no Kubernetes name or path holds');
    expect(reason('a\u009fb')).toBe('a control character (U+009F), which no Kubernetes name or path holds');
    expect(reason('a\u0001b')).toBe('a control character (U+0001), which no Kubernetes name or path holds');
  });
});

describe('file modes', () => {
  it('reads a mode as chmod does: octal, with or without a leading 0 or 0o', () => {
    for (const [typed, mode] of [
      ['444', 0o444],
      ['0444', 0o444],
      ['00444', 0o444],
      ['0o440', 0o440],
      ['0O400', 0o400],
      ['0', 0],
      ['0777', 0o777],
    ] as const)
      expect(parseFileMode(typed), typed).toBe(mode);
    for (const typed of ['0o', '0x1a4', '1000', '01000', '0888', ' 0444', '0444 ', '4e2', '-444', '0oo444'])
      expect(parseFileMode(typed), typed).toBeUndefined();
  });

  it('writes a mode as Kubernetes documents it: a leading 0 and at least three octal digits', () => {
    expect([0o444, 0o44, 0, 0o777, 0o4].map(formatFileMode)).toEqual(['0444', '0044', '0000', '0777', '0004']);
  });
});

describe('mount paths compared', () => {
  it('takes /a/b/ for /a/b and leaves the root alone', () => {
    expect(['/a/b/', '/a/b//', '/a/b', '/', '//', '/a'].map(normaliseMountPath)).toEqual(['/a/b', '/a/b', '/a/b', '/', '', '/a']);
  });
});

describe('workloads chosen one by one', () => {
  const refusals = (workloads: OptionInput['workloads']): string[] =>
    resolveOptions({ workloads }).problems.map((problem) => `${problem.value} | ${problem.message}`);
  const prefix = `${optionRow('workloads')?.title} (--workload)`;

  it('reads a choice written as an object as it reads one written as text, the kind as Kubernetes spells it', () => {
    const written = resolveOptions({ workloads: ['deployment/shop/web=none', 'Node/n1=mount'] });
    const objects = resolveOptions({
      workloads: [
        { kind: 'deployment', namespace: 'shop', name: 'web', apiAccess: 'none' },
        { kind: 'Node', name: 'n1', apiAccess: 'mount' },
      ],
    });
    expect(objects.options.workloads).toEqual(written.options.workloads);
    expect(objects.options.workloads[0]).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' });
  });

  it('refuses an object choice with its value written as on the command line, with and without a namespace', () => {
    expect(
      refusals([
        { kind: 'Deployment', namespace: 'Shop', name: 'web', apiAccess: 'none' },
        { kind: 'Deployment', name: 'Web', apiAccess: 'mount' },
      ]),
    ).toEqual([
      `Deployment/Shop/web=none | ${prefix}: "Shop" is not a namespace name: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.`,
      `Deployment/Web=mount | ${prefix}: "Web" is not an object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters.`,
    ]);
  });

  it('refuses an object choice whose API access is neither mount nor none, and keeps the others', () => {
    const { options, problems } = resolveOptions({
      workloads: [
        { kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'auto' as 'mount' },
        { kind: 'Deployment', namespace: 'shop', name: 'api', apiAccess: 'none' },
      ],
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      `${prefix}: "Deployment/shop/web=auto": the API access must be "mount" (mount the token) or "none" (no token).`,
    ]);
    expect(options.workloads).toEqual([{ kind: 'Deployment', namespace: 'shop', name: 'api', apiAccess: 'none' }]);
  });

  it(`refuses more than ${MAX_WORKLOAD_CHOICES} choices at once, saying how many there were`, () => {
    const many = Array.from({ length: MAX_WORKLOAD_CHOICES + 1 }, (_, index) => `Deployment/shop/web-${index}=none`);
    expect(refusals(many)).toEqual([
      `${MAX_WORKLOAD_CHOICES + 1} choices | ${prefix}: at most ${MAX_WORKLOAD_CHOICES} workloads can be chosen one by one; use --api-access for the rest.`,
    ]);
    expect(resolveOptions({ workloads: many.slice(1) }).options.workloads).toHaveLength(MAX_WORKLOAD_CHOICES);
  });
});

describe('decimalModeHint', () => {
  it.each([
    ['420', '0644'],
    ['256', '0400'],
    ['288', '0440'],
    ['292', '0444'],
    ['384', '0600'],
    ['416', '0640'],
    ['448', '0700'],
    ['493', '0755'],
    ['511', '0777'],
  ])('asks whether %s, as kubectl prints modes, meant %s', (typed, octal) => {
    expect(decimalModeHint(typed)).toBe(`${typed} is how kubectl prints ${octal} — did you mean ${octal}?`);
  });

  it('is the hint of the Default mode row, which the form and the CLI show', () => {
    expect(optionRow('defaultMode')?.hint?.('420')).toBe(decimalModeHint('420'));
  });

  it('reads the value trimmed, as the form does', () => {
    expect(decimalModeHint(' 420 ')).toBe('420 is how kubectl prints 0644 — did you mean 0644?');
  });

  it.each(['0644', '644', '444', '0o444', '0420', '400', '600', '755', '4200', '420.0', '420e0', '123', '999', 'abc', ''])(
    'says nothing about %j',
    (typed) => {
      expect(decimalModeHint(typed)).toBeUndefined();
    },
  );
});

describe('option values the tool writes', () => {
  it.each(UNWRITABLE_CHARACTERS)(
    'refuses %s in the audience, the mount path, the ServiceAccount and the volume name, saying so',
    (_, char) => {
      for (const [option, value] of [
        ['audience', `vault${char}evil: true`],
        ['mountPath', `/var/run/secrets/x${char}y`],
        ['serviceAccountName', `web${char}`],
        ['volumeName', `token${char}`],
      ] as const) {
        const problem = validateOption(option, value);
        expect(problem?.message, option).toMatch(/it holds (a|an) .*(line|control character|carriage|NEXT LINE|SEPARATOR)/);
        // The value is shown escaped: the message itself stays on one line.
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point
        expect(problem?.message, option).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }
    },
  );

  it('still takes a mount path or an audience with spaces, colons and hashes, and writes them as they are', () => {
    const { options, problems } = resolveOptions({ audience: 'a: b # c', mountPath: '/var/run/secrets/a: b #c' });
    expect(problems).toEqual([]);
    const { output } = harden(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: nginx\n',
      options,
    );
    const [document] = plainDocuments(output) as [
      {
        spec: {
          containers: { volumeMounts: { mountPath: string }[] }[];
          volumes: { projected: { sources: { serviceAccountToken?: { audience: string } }[] } }[];
        };
      },
    ];
    expect(document.spec.containers[0]?.volumeMounts[0]?.mountPath).toBe('/var/run/secrets/a: b #c');
    expect(document.spec.volumes[0]?.projected.sources[0]?.serviceAccountToken?.audience).toBe('a: b # c');
  });
});
