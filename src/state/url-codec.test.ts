import { describe, expect, it } from 'vitest';
import goldenLinks from './fixtures/golden-links.json';
import { MAX_WORKLOAD_CHOICES } from '../core';
import { DEFAULT_FIELDS, type OptionFields } from './option-fields';
import {
  CURRENT_VERSION,
  DEFAULT_LINK_VIEW,
  MAX_LINK_LIST_ITEMS,
  MAX_LINK_NAME_CHARS,
  MIGRATIONS,
  decodeFragment,
  encodeState,
  fromBase64Url,
  migratePayload,
  toBase64Url,
  type SharedState,
} from './url-codec';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: foo-pod\nspec:\n  containers:\n    - name: foo\n';

async function fragmentOf(payload: string, version = CURRENT_VERSION): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(payload)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return `v=${version}&s=${toBase64Url(bytes)}`;
}

async function roundTrip(state: SharedState): Promise<SharedState | undefined> {
  const decoded = await decodeFragment(`#${await encodeState(state)}`);
  return decoded.kind === 'state' ? decoded.state : undefined;
}

describe('golden links', () => {
  // Links people shared must keep opening: these fragments are frozen, never regenerate them.
  for (const golden of goldenLinks) {
    it(`decodes "${golden.name}"`, async () => {
      const decoded = await decodeFragment(`#${golden.fragment}`);
      const view = 'view' in golden ? golden.view : DEFAULT_LINK_VIEW;
      const manifest = 'manifest' in golden ? golden.manifest : undefined;
      const example = 'example' in golden ? golden.example : undefined;
      expect(decoded).toEqual({
        kind: 'state',
        state: { manifest, example, fields: { ...DEFAULT_FIELDS, ...golden.options }, view },
      });
    });
  }
});

describe('encodeState / decodeFragment', () => {
  it('round-trips the manifest and options, CRLF and non-ASCII included', async () => {
    const fields: OptionFields = {
      ...DEFAULT_FIELDS,
      expirationSeconds: '3600',
      excludedContainers: ['sidecar'],
      emitServiceAccount: true,
    };
    const manifest = '# ünïcødé ✓ 🚀\r\nkind: Pod\r\n';
    expect(await roundTrip({ manifest, fields })).toEqual({ manifest, fields, view: DEFAULT_LINK_VIEW });
  });

  it('writes the versioned format in the fragment alphabet', async () => {
    const fragment = await encodeState({ manifest: POD, fields: DEFAULT_FIELDS });
    expect(fragment).toMatch(/^v=4&s=[A-Za-z0-9_-]+$/);
  });

  it('stores only options that differ from the defaults', async () => {
    const plain = await encodeState({ manifest: POD, fields: DEFAULT_FIELDS });
    const decodedPayload = async (fragment: string) => {
      const bytes = fromBase64Url(fragment.replace(/^v=4&s=/, '')) as Uint8Array;
      const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      return JSON.parse(await new Response(stream).text()) as unknown;
    };
    expect(await decodedPayload(plain)).toEqual({ m: POD });
    const changed = await encodeState({ manifest: POD, fields: { ...DEFAULT_FIELDS, audience: 'vault' } });
    expect(await decodedPayload(changed)).toEqual({ m: POD, o: { audience: 'vault' } });
  });

  it('round-trips the API access choice and the view, storing only what differs from the default', async () => {
    const fields: OptionFields = { ...DEFAULT_FIELDS, apiAccess: 'none' };
    const view = { tab: 'json-patch', diffLayout: 'side-by-side' } as const;
    expect(await roundTrip({ manifest: POD, fields, view })).toEqual({ manifest: POD, fields, view });
    const fragment = await encodeState({ manifest: POD, fields: DEFAULT_FIELDS, view: { tab: 'diff', diffLayout: 'inline' } });
    const bytes = fromBase64Url(fragment.replace(/^v=4&s=/, '')) as Uint8Array;
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    expect(JSON.parse(await new Response(stream).text())).toEqual({ m: POD, t: 'diff' });
  });

  it('round-trips a link of options and view only, and one that names an example', async () => {
    const fields: OptionFields = { ...DEFAULT_FIELDS, audience: 'vault' };
    const view = { tab: 'diff', diffLayout: 'side-by-side' } as const;
    expect(await roundTrip({ fields, view })).toEqual({ fields, view });
    expect(await roundTrip({ example: 'cronjob', fields, view })).toEqual({ example: 'cronjob', fields, view });
    const fragment = await encodeState({ example: 'cronjob', fields: DEFAULT_FIELDS });
    const bytes = fromBase64Url(fragment.replace(/^v=4&s=/, '')) as Uint8Array;
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    expect(JSON.parse(await new Response(stream).text())).toEqual({ e: 'cronjob' });
  });

  it('refuses a payload with both a manifest and an example, or either of the wrong type', async () => {
    for (const payload of ['{"m":"kind: Pod\n","e":"cronjob"}', '{"m":1}', '{"e":["cronjob"]}']) {
      expect((await decodeFragment(await fragmentOf(payload))).kind).toBe('problem');
    }
  });

  it('opens a version-1 link made before the view and API access existed', async () => {
    const decoded = await decodeFragment(await fragmentOf('{"m":"kind: Pod\\n","o":{"excludedContainers":["a"]}}', 1));
    expect(decoded).toEqual({
      kind: 'state',
      state: { manifest: 'kind: Pod\n', fields: { ...DEFAULT_FIELDS, excludedContainers: ['a'] }, view: DEFAULT_LINK_VIEW },
    });
  });

  it('round-trips per-workload choices, written as --workload writes them', async () => {
    const workloads = [
      { kind: 'Deployment', namespace: 'shop', name: 'web', apiAccess: 'none' as const },
      { kind: 'CronJob', name: 'nightly', apiAccess: 'mount' as const },
    ];
    const state: SharedState = { manifest: POD, fields: { ...DEFAULT_FIELDS, workloads }, view: DEFAULT_LINK_VIEW };
    expect(await roundTrip(state)).toEqual(state);
    const fragment = await encodeState(state);
    const bytes = fromBase64Url(fragment.replace(/^v=\d+&s=/, '')) as Uint8Array;
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const payload = JSON.parse(await new Response(stream).text()) as { o: Record<string, unknown> };
    expect(payload.o).toEqual({ workloads: ['Deployment/shop/web=none', 'CronJob/nightly=mount'] });
  });

  it('bounds the per-workload choices a link can hold, and drops those that do not read', async () => {
    const written = Array.from({ length: 100_000 }, (_, index) => `Pod/p${index}=none`);
    const decoded = await decodeFragment(
      await fragmentOf(
        JSON.stringify({ m: '', o: { workloads: ['Secret/x=none', 'Pod/a=maybe', `Pod/${'x'.repeat(600)}=none`, ...written] } }),
      ),
    );
    expect(decoded.kind).toBe('state');
    if (decoded.kind !== 'state') return;
    expect(decoded.state.fields.workloads).toHaveLength(MAX_WORKLOAD_CHOICES);
    expect(decoded.state.fields.workloads[0]).toEqual({ kind: 'Pod', name: 'p0', apiAccess: 'none' });
    expect(await decodeFragment(await fragmentOf('{"m":"","o":{"workloads":"Pod/a=none"}}'))).toMatchObject({ kind: 'problem' });
    expect(await decodeFragment(await fragmentOf('{"m":"","o":{"workloads":[{"kind":"Pod"}]}}'))).toMatchObject({ kind: 'problem' });
  });

  it('opens a version-2 link, made before per-workload choices existed, with none', async () => {
    const decoded = await decodeFragment(await fragmentOf('{"m":"kind: Pod\\n","o":{"apiAccess":"none"}}', 2));
    expect(decoded).toMatchObject({ kind: 'state', state: { fields: { ...DEFAULT_FIELDS, apiAccess: 'none', workloads: [] } } });
  });

  it('bounds the containers a link can leave out: count and name length', async () => {
    // 100,000 names make a payload of about 300 KB: the state keeps a bounded, usable part of it.
    const names = Array.from({ length: 100_000 }, (_, index) => `c${index}`);
    const decoded = await decodeFragment(
      await fragmentOf(JSON.stringify({ m: '', o: { excludedContainers: ['x'.repeat(254), ...names] } })),
    );
    expect(decoded.kind).toBe('state');
    if (decoded.kind !== 'state') return;
    const excluded = decoded.state.fields.excludedContainers;
    expect(excluded).toHaveLength(MAX_LINK_LIST_ITEMS);
    expect(excluded.slice(0, 3)).toEqual(['c0', 'c1', 'c2']);
    expect(Math.max(...excluded.map((name) => name.length))).toBeLessThanOrEqual(MAX_LINK_NAME_CHARS);
  });

  it('keeps a real manifest link short', async () => {
    const fragment = await encodeState({ manifest: POD.repeat(20), fields: DEFAULT_FIELDS });
    expect(fragment.length).toBeLessThan(400);
  });

  it('reads empty fragments and example links', async () => {
    expect(await decodeFragment('')).toEqual({ kind: 'empty' });
    expect(await decodeFragment('#')).toEqual({ kind: 'empty' });
    expect(await decodeFragment('#example=cronjob')).toEqual({ kind: 'example', name: 'cronjob' });
  });
});

describe('broken and foreign fragments never throw', () => {
  const cases: [string, string][] = [
    ['garbage payload', '#v=1&s=garbage'],
    ['not base64', '#v=1&s=%%%***'],
    ['empty payload', '#v=1&s='],
    ['version zero', '#v=0&s=abc'],
    ['version not a number', '#v=one&s=abc'],
    ['huge version', '#v=99999999999&s=abc'],
  ];
  for (const [name, fragment] of cases) {
    it(`reports ${name} as broken`, async () => {
      const decoded = await decodeFragment(fragment);
      expect(decoded.kind).toBe('problem');
      if (decoded.kind === 'problem') expect(decoded.problem).toBe('broken');
    });
  }

  it('reports a truncated link as broken', async () => {
    const fragment = await encodeState({ manifest: POD.repeat(10), fields: { ...DEFAULT_FIELDS, audience: 'vault' } });
    for (const cut of [0.3, 0.6, 0.9]) {
      const decoded = await decodeFragment(fragment.slice(0, Math.floor(fragment.length * cut)));
      expect(decoded).toMatchObject({ kind: 'problem', problem: 'broken' });
    }
  });

  it('reports a newer format as such', async () => {
    expect(await decodeFragment(`#${await fragmentOf('{"m":""}', CURRENT_VERSION + 1)}`)).toMatchObject({
      kind: 'problem',
      problem: 'newer-version',
    });
  });

  it('reports fragments of other pages as foreign', async () => {
    for (const fragment of ['#section-2', '#/route/x', '#s=abc', '#v=1', '#%E0%A4%A']) {
      expect(await decodeFragment(fragment)).toMatchObject({ kind: 'problem', problem: 'foreign' });
    }
  });

  it('refuses payloads of the wrong shape', async () => {
    for (const payload of [
      '[]',
      'null',
      '"text"',
      '{"m":3}',
      '{"m":"x","o":[]}',
      '{"m":"x","o":{"expirationSeconds":3600}}',
      '{"m":"x","o":{"excludedContainers":"a"}}',
      '{"m":"x","o":{"emitServiceAccount":"yes"}}',
      '{"m":"x","o":{"apiAccess":"all"}}',
      '{"m":"x","t":"settings"}',
      '{"m":"x","l":"split"}',
      'not json',
      '\u00ff',
    ]) {
      expect(await decodeFragment(await fragmentOf(payload))).toMatchObject({ kind: 'problem', problem: 'broken' });
    }
  });

  it('ignores option keys it does not know', async () => {
    const decoded = await decodeFragment(await fragmentOf('{"m":"kind: Pod\\n","o":{"futureOption":1,"audience":"vault"}}'));
    expect(decoded).toEqual({
      kind: 'state',
      state: { manifest: 'kind: Pod\n', fields: { ...DEFAULT_FIELDS, audience: 'vault' }, view: DEFAULT_LINK_VIEW },
    });
  });

  it('refuses a decompression bomb', async () => {
    const decoded = await decodeFragment(await fragmentOf(JSON.stringify({ m: 'a'.repeat(5 * 1024 * 1024) })));
    expect(decoded).toMatchObject({ kind: 'problem', problem: 'broken' });
  });

  it('survives random fragments', async () => {
    const alphabet = 'v=1&s#%abcXYZ019-_+/=';
    for (let round = 0; round < 300; round += 1) {
      let fragment = '';
      const length = Math.floor(Math.random() * 40);
      for (let index = 0; index < length; index += 1) fragment += alphabet[Math.floor(Math.random() * alphabet.length)];
      await expect(decodeFragment(fragment)).resolves.toHaveProperty('kind');
    }
  });
});

describe('migration chain', () => {
  it('has one step per past version', () => {
    expect(MIGRATIONS).toHaveLength(CURRENT_VERSION - 1);
  });

  it('applies each step from the link version up to the current one, in order', () => {
    const chain = [(p: unknown) => ({ ...(p as object), two: true }), (p: unknown) => ({ ...(p as object), three: true })];
    expect(migratePayload(1, { m: '' }, chain)).toEqual({ m: '', two: true, three: true });
    expect(migratePayload(2, { m: '' }, chain)).toEqual({ m: '', three: true });
    expect(migratePayload(3, { m: '' }, chain)).toEqual({ m: '' });
  });
});

describe('base64url', () => {
  it('round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(toBase64Url(bytes)).not.toMatch(/[+/=]/);
  });
  it('refuses what is not base64', () => {
    expect(fromBase64Url('a')).toBeUndefined();
    expect(fromBase64Url('ab$c')).toBeUndefined();
  });
});
