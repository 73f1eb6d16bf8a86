/**
 * One table of options, many readers: every row of the core's table shows up, with the same name
 * and rule, in the CLI's help, the page's form and the shareable link.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HELP_TEXT } from '../cli/help';
import { POLICY_HELP_TEXT } from '../cli/policy-command';
import { OPTION_TABLE, type OptionRow } from '../core';
import { DEFAULT_FIELDS, type OptionFields } from '../state/option-fields';
import { decodeFragment, encodeState } from '../state/url-codec';
import { OptionsForm } from '../ui/options/OptionsForm';
import { NO_FACTS } from '../state/manifest-facts';

const ROWS: readonly OptionRow[] = OPTION_TABLE;

/** Text without line breaks or HTML escapes, so wrapped help and markup compare with the table. */
function flat(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** A value of the row's kind that is not its default. */
function changedValue(row: OptionRow): unknown {
  switch (row.kind) {
    case 'boolean':
      return row.initial !== true;
    case 'choice':
      return row.choices?.find((choice) => choice.value !== row.initial)?.value;
    case 'list':
      return ['sidecar'];
    case 'workloads':
      return [{ kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' }];
    default:
      return `${String(row.initial)}-changed`;
  }
}

describe.each(ROWS.map((row) => [row.name, row] as const))('option %s', (_, row) => {
  it('is in the CLI help with its flag, what it does, its rule and its default', () => {
    const help = flat(HELP_TEXT);
    expect(help).toContain(` ${row.flag}${row.flagValue === undefined ? '' : ` ${row.flagValue}`} `);
    // A flag that turns its option off has help of its own: the option's would say the opposite.
    if (row.flagHelp === undefined) {
      expect(help).toContain(flat(row.help));
      expect(help).toContain(`Default: ${row.defaultText}`);
    } else {
      expect(help).toContain(flat(row.flagHelp));
      expect(help).not.toContain(flat(row.help));
    }
    for (const synonym of row.flagSynonyms ?? [])
      expect(help).toContain(` ${synonym.flag} ${flat(synonym.help)} The same as ${row.flag} ${synonym.sets}.`);
    if (row.flagValue !== undefined && row.rule !== undefined) expect(help).toContain(`Must be ${row.rule}.`);
  });

  it("is in the policy command's help, enforced with its default or named as ignored", () => {
    const help = flat(POLICY_HELP_TEXT);
    // Exactly one of the two: a new option must say what a policy makes of it.
    expect([row.policyHelp, row.policyIgnored].filter((text) => text !== undefined)).toHaveLength(1);
    if (row.policyHelp !== undefined) expect(help).toContain(`${flat(row.policyHelp)}; default: ${row.defaultText}`);
    else expect(help).toMatch(new RegExp(`${row.flag}[ ,][^]*are accepted and have no effect here`));
  });

  it('is in the form with its label, its summary, what it does and its default (per-workload choices: in the Workloads region)', () => {
    const containers = [{ name: 'app', places: [{ object: 'Pod/p', init: false }] }];
    const html = flat(renderToStaticMarkup(createElement(OptionsForm, { facts: NO_FACTS, containers })));
    if (row.kind === 'workloads') {
      expect(html).not.toContain(`>${row.label}<`);
      return;
    }
    expect(html).toContain(`>${row.label}<`);
    expect(html).toContain(`>${flat(row.summary)}<`);
    expect(html).toContain(flat(`${row.help} Default: ${row.defaultText}.`));
    for (const choice of row.choices ?? []) expect(html).toContain(`${choice.label}<`);
  });

  it('travels in a link under its key', async () => {
    const value = changedValue(row);
    const fields = { ...DEFAULT_FIELDS, [row.urlKey]: value } as OptionFields;
    const decoded = await decodeFragment(await encodeState({ manifest: 'kind: Pod\n', fields }));
    expect(decoded).toMatchObject({ kind: 'state', state: { fields: { [row.urlKey]: value } } });
  });
});

it('shows the API access choice as a radio group named by its legend', () => {
  const html = renderToStaticMarkup(createElement(OptionsForm, { facts: NO_FACTS, containers: [] }));
  expect(html).toMatch(/<fieldset[^>]*role="radiogroup"[^>]*aria-labelledby="([^"]+)"[\s\S]*<legend id="\1">API access<\/legend>/);
  expect(html.match(/type="radio"/g)).toHaveLength(2);
});
