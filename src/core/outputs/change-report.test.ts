import { describe, expect, it } from 'vitest';
import { changeReportJson, formatChangeReport } from './change-report';
import { DEFAULT_OPTIONS, harden } from '../index';
import type { HardenResult } from '../result';

const TOKEN_MOUNT = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'serviceaccount-token', readOnly: true };

const result: HardenResult = {
  output: '',
  insertedLines: [],
  lineMap: { lineCount: 0, runs: [] },
  facts: { serviceAccountNames: [], audiences: [], objectCount: 1 },
  podObjects: [],
  changes: [
    {
      document: 1,
      object: 'Deployment/shop/web',
      path: 'spec.template.spec.automountServiceAccountToken',
      steps: ['spec', 'template', 'spec', 'automountServiceAccountToken'],
      before: undefined,
      after: false,
      reason: 'stop the API server from mounting a token on its own',
    },
    {
      document: 1,
      object: 'Deployment/shop/web',
      path: 'spec.template.spec.containers[0].volumeMounts[1]',
      steps: ['spec', 'template', 'spec', 'containers', 0, 'volumeMounts', 1],
      before: { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-x7q2v', readOnly: true },
      after: TOKEN_MOUNT,
      reason: 'mount the token read-only where client libraries look for it',
    },
    {
      document: 0,
      object: 'ServiceAccount/shop/web',
      path: 'automountServiceAccountToken',
      steps: ['automountServiceAccountToken'],
      before: true,
      after: false,
      reason: 'pods opt in on their own',
    },
  ],
  findings: [
    {
      code: 'default-service-account',
      severity: 'warning',
      document: 2,
      object: 'Pod/batch',
      message: 'the pod uses the default ServiceAccount: give it a dedicated one',
      position: { line: 30, col: 1 },
    },
    { code: 'expiration-3607', severity: 'info', document: -1, object: '', message: 'expiration 3607 s is special', position: undefined },
    {
      code: 'replaced-kube-api-access',
      severity: 'info',
      document: 1,
      object: 'Deployment/shop/web',
      message: 'replaced the kube-api-access-x7q2v volume copied from the cluster',
      position: { line: 41, col: 9 },
    },
  ],
  errors: [],
  objects: [],
  workloads: [],
  firstObjectName: 'web',
  isJson: false,
};

describe('formatChangeReport', () => {
  it('groups one line per item under each object, in document order', () => {
    expect(formatChangeReport(result, 'web.yaml')).toBe(
      [
        'web.yaml: 0 errors, 3 changes, 1 warning, 2 info',
        '',
        '# whole input',
        'web.yaml: info: expiration 3607 s is special [expiration-3607]',
        '',
        '# ServiceAccount/shop/web (document 1)',
        'web.yaml: change: ServiceAccount/shop/web: automountServiceAccountToken: true → false (pods opt in on their own)',
        '',
        '# Deployment/shop/web (document 2)',
        'web.yaml: change: Deployment/shop/web: spec.template.spec.automountServiceAccountToken: (absent) → false (stop the API server from mounting a token on its own)',
        'web.yaml: change: Deployment/shop/web: spec.template.spec.containers[0].volumeMounts[1]: ' +
          '{"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","name":"kube-api-access-x7q2v","readOnly":true} → ' +
          '{"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","name":"serviceaccount-token","readOnly":true} ' +
          '(mount the token read-only where client libraries look for it)',
        'web.yaml:41:9: info: Deployment/shop/web: replaced the kube-api-access-x7q2v volume copied from the cluster [replaced-kube-api-access]',
        '',
        '# Pod/batch (document 3)',
        'web.yaml:30:1: warning: Pod/batch: the pod uses the default ServiceAccount: give it a dedicated one [default-service-account]',
        '',
      ].join('\n'),
    );
  });

  it('shortens long values', () => {
    const long: HardenResult = {
      ...result,
      changes: [
        {
          document: 0,
          object: 'Pod/p',
          path: 'spec.volumes[0]',
          steps: ['spec', 'volumes', 0],
          before: undefined,
          after: { name: 'x'.repeat(200) },
          reason: 'test',
        },
      ],
      findings: [],
    };
    const line = formatChangeReport(long, 'p.yaml').trimEnd().split('\n').at(-1) ?? '';
    expect(line).toBe(`p.yaml: change: Pod/p: spec.volumes[0]: (absent) → {"name":"${'x'.repeat(110)}… (test)`);
  });

  it('keeps every item on one line, whatever the values hold', () => {
    const multiline: HardenResult = {
      ...result,
      changes: [
        {
          document: 0,
          object: 'Pod/p',
          path: 'metadata.annotations.note',
          steps: ['metadata', 'annotations', 'note'],
          before: 'a\nb',
          after: 'c\r\nd',
          reason: 'test',
        },
      ],
      findings: [],
    };
    const lines = formatChangeReport(multiline, 'p.yaml').trimEnd().split('\n');
    expect(lines.at(-1)).toBe('p.yaml: change: Pod/p: metadata.annotations.note: "a\\nb" → "c\\r\\nd" (test)');
  });

  it('lists input errors with their hints', () => {
    const failed: HardenResult = {
      ...result,
      changes: [],
      findings: [],
      errors: [
        {
          code: 'helm-template',
          severity: 'error',
          message: 'this is a Helm template, not YAML',
          hint: 'run `helm template` first',
          document: -1,
          start: { line: 3, col: 5 },
          end: { line: 3, col: 20 },
        },
      ],
    };
    expect(formatChangeReport(failed, 'chart.yaml')).toBe(
      [
        'chart.yaml: 1 error, 0 changes, 0 warnings, 0 info',
        '',
        'chart.yaml:3:5: error: this is a Helm template, not YAML [helm-template]',
        'chart.yaml:3:5: note: run `helm template` first',
        '',
      ].join('\n'),
    );
  });

  it('reports the engine result on a real pod', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: foo\nspec:\n  containers:\n    - name: foo\n      image: nginx\n';
    const report = formatChangeReport(harden(text, DEFAULT_OPTIONS), 'pod.yaml');
    const lines = report.split('\n');
    expect(lines[0]).toBe('pod.yaml: 0 errors, 3 changes, 1 warning, 2 info');
    expect(lines.filter((line) => line.startsWith('pod.yaml: change:')).map((line) => line.split(': ')[3])).toEqual([
      'spec.automountServiceAccountToken',
      'spec.containers[0].volumeMounts[0]',
      'spec.volumes[0]',
    ]);
    expect(lines.filter((line) => / (warning|info): /.test(line)).map((line) => /\[([a-z0-9-]+)\]$/.exec(line)?.[1])).toEqual([
      'expiration-3607',
      'mode-stricter',
      'default-service-account',
    ]);
  });
});

describe('changeReportJson', () => {
  it('gives changes, findings and errors that survive JSON unchanged', () => {
    const report = changeReportJson(result);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.changes[0]).toEqual({
      document: 1,
      object: 'Deployment/shop/web',
      path: 'spec.template.spec.automountServiceAccountToken',
      after: false,
      reason: 'stop the API server from mounting a token on its own',
    });
    expect(report.changes[0]).not.toHaveProperty('before');
    expect(report.findings[1]).toEqual({
      code: 'expiration-3607',
      severity: 'info',
      document: -1,
      object: '',
      message: 'expiration 3607 s is special',
      position: null,
    });
    expect(report.errors).toEqual([]);
  });

  it('copies values instead of sharing them with the result', () => {
    const report = changeReportJson(result);
    expect(report.changes[1]?.after).toEqual(TOKEN_MOUNT);
    expect(report.changes[1]?.after).not.toBe(TOKEN_MOUNT);
  });

  it('gives null for a missing hint', () => {
    const failed: HardenResult = {
      ...result,
      errors: [
        {
          code: 'yaml-syntax',
          severity: 'error',
          message: 'bad',
          hint: undefined,
          document: 0,
          start: { line: 1, col: 1 },
          end: { line: 1, col: 2 },
        },
      ],
    };
    expect(changeReportJson(failed).errors).toEqual([
      {
        code: 'yaml-syntax',
        severity: 'error',
        message: 'bad',
        hint: null,
        document: 0,
        start: { line: 1, col: 1 },
        end: { line: 1, col: 2 },
      },
    ]);
  });
});
