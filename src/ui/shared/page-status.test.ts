import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, harden, resolveOptions, type InputError, type OptionProblem, type WorkloadReport } from '../../core';
import { NO_FACTS } from '../../state/manifest-facts';
import { DEFAULT_FIELDS } from '../../state/option-fields';
import { emptyPageResult, type HardenResponse } from '../../worker/protocol';
import { appliedMessage, blockedReason, inputAbout, refusal, staleReason, type HardeningNow } from './page-status';

const [ERROR] = harden('a: [\n', DEFAULT_OPTIONS).errors as [InputError];
const [PROBLEM] = resolveOptions({ expirationSeconds: 'soon' }).problems as [OptionProblem];

function response(change: { crash?: string; problems?: readonly OptionProblem[]; errors?: readonly InputError[] } = {}): HardenResponse {
  return {
    id: 1,
    result: { ...emptyPageResult('kind: Pod\n'), errors: change.errors ?? [] },
    problems: change.problems ?? [],
    facts: NO_FACTS,
    containers: [],
    millis: 0,
    evidence: 0,
    manifest: 'kind: Pod\n',
    fields: DEFAULT_FIELDS,
    format: undefined,
    ...(change.crash === undefined ? {} : { crash: change.crash }),
  };
}

const now = (change: Partial<HardeningNow> = {}): HardeningNow => ({ stopped: undefined, empty: false, latest: response(), ...change });
const label = (option: string) => `<${option}>`;

describe('the input about line', () => {
  it('says format, lines and objects, in the singular for one', () => {
    expect(inputAbout('a: 1\n', false, 1, false, 1)).toBe('YAML · 1 line · 1 object');
    expect(inputAbout('{}\n{}', false, 1, true, 2)).toBe('JSON · 2 lines · 2 objects');
    expect(inputAbout('a: 1\n'.repeat(1200), false, 1200, false, undefined)).toBe('YAML · 1,200 lines');
  });

  it('invites while empty', () => {
    expect(inputAbout('  \n', true, 1, false, 0)).toBe('Empty · YAML or JSON');
  });
});

describe('what blocks handing out', () => {
  it('is nothing for a clean response', () => {
    expect(refusal(response())).toBeUndefined();
    expect(blockedReason(now(), false)).toBeUndefined();
  });

  it('names a crash before a refused option before an input error', () => {
    expect(refusal(response({ crash: 'boom', problems: [PROBLEM], errors: [ERROR] }))).toBe('hardening failed');
    expect(refusal(response({ problems: [PROBLEM], errors: [ERROR] }))).toBe('an option is invalid');
    expect(refusal(response({ errors: [ERROR] }))).toBe('the input has errors');
  });

  it('puts a stopped worker first, then the form, the empty input, the wait, and the response', () => {
    expect(blockedReason(now({ stopped: 'gone', empty: true, latest: undefined }), true)).toBe('hardening is stopped');
    expect(blockedReason(now({ empty: true }), true)).toBe('an option is invalid');
    expect(blockedReason(now({ empty: true, latest: undefined }), false)).toBe('the input is empty');
    expect(blockedReason(now({ latest: undefined }), false)).toBe('hardening has not finished yet');
    expect(blockedReason(now({ latest: response({ errors: [ERROR] }) }), false)).toBe('the input has errors');
  });
});

describe('why the output is out of date', () => {
  it('is never said of a current output, nor before the first answer', () => {
    expect(staleReason(now(), label)).toBeUndefined();
    expect(staleReason(now({ latest: undefined }), label)).toBeUndefined();
  });

  it('says a stopped worker and a crash even for an empty input', () => {
    expect(staleReason(now({ stopped: 'gone', empty: true }), label)).toMatch(/^Hardening is stopped/);
    expect(staleReason(now({ empty: true, latest: response({ crash: 'boom' }) }), label)).toMatch(/internal error \(boom\)/);
  });

  it('says nothing of an empty input’s errors', () => {
    expect(staleReason(now({ empty: true, latest: response({ errors: [ERROR] }) }), label)).toBeUndefined();
  });

  it('says input errors before refused options, and names those as the form does', () => {
    expect(staleReason(now({ latest: response({ errors: [ERROR], problems: [PROBLEM] }) }), label)).toMatch(/^The input has errors/);
    expect(staleReason(now({ latest: response({ problems: [PROBLEM, { ...PROBLEM, option: 'audience' }] }) }), label)).toBe(
      '<expirationSeconds>, <audience>: not a valid value, so the output still uses the last valid options.',
    );
  });
});

describe('the Apply recommendations message', () => {
  const report = (recommended: 'none' | 'mount', strong: boolean) => ({ recommended, strong }) as WorkloadReport;

  it('counts what changed each way, and what a link could not hold', () => {
    const changed = [report('none', true), report('none', true), report('mount', true)];
    expect(appliedMessage({ workloads: [], changed, leftOut: 0 }, changed)).toBe(
      'Applied 3 recommendations: 2 without a token, 1 keeping it.',
    );
    expect(appliedMessage({ workloads: [], changed: changed.slice(2), leftOut: 4 }, changed)).toBe(
      'Applied 1 recommendation: 0 without a token, 1 keeping it. 4 more are left out: a link holds 256 choices.',
    );
  });

  it('tells an already applied page from one with nothing strong', () => {
    expect(appliedMessage({ workloads: [], changed: [], leftOut: 0 }, [report('none', true)])).toBe(
      'Every workload already has its recommendation.',
    );
    expect(appliedMessage({ workloads: [], changed: [], leftOut: 0 }, [report('none', false), report('mount', true)])).toMatch(
      /^Nothing to apply: no recommendation to remove a token is strong/,
    );
  });
});
