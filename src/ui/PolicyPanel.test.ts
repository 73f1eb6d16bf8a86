import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../core/index';
import { PolicyPanel } from './PolicyPanel';

describe('PolicyPanel', () => {
  it('first renders the validating policy, its kind choice, copy and download, and a pending verdict', () => {
    const html = renderToString(createElement(PolicyPanel, { source: '', hardened: '', options: DEFAULT_OPTIONS }));
    expect(html).toContain('Copy policy');
    expect(html).toContain('Download policy');
    expect(html).toContain('<legend>Policy kind</legend>');
    expect(html).toContain('kind: ValidatingAdmissionPolicy');
    expect(html).toContain('Evaluating the policy…');
  });
});
