import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../../core/index';
import { PolicyPanel } from './PolicyPanel';

describe('PolicyPanel', () => {
  it('first renders the kind choice, copy and download held back until the policy is made, and a pending verdict', () => {
    const html = renderToString(createElement(PolicyPanel, { source: '', hardened: '', options: DEFAULT_OPTIONS, blocked: undefined }));
    expect(html).toContain('<legend>Policy kind</legend>');
    expect(html).toMatch(/<button type="button" disabled=""[^>]*aria-keyshortcuts="Alt\+Shift\+C">Copy policy<\/button>/);
    expect(html).toMatch(/<button type="button" disabled=""[^>]*aria-keyshortcuts="Alt\+Shift\+D">Download policy<\/button>/);
    expect(html).toContain('Evaluating the policy…');
  });
});
