/**
 * Hostile links (issue 6): whatever the fragment, decoding returns a state or a problem with a
 * reason; it never throws, never hangs and never inflates past MAX_PAYLOAD_BYTES. Opening such a
 * link falls back to the default example with a notice.
 */
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXAMPLE } from '../examples';
import { jsonValue } from '../test/json-arbitrary';
import { openFragment } from './link-state';
import { DEFAULT_FIELDS, TEXT_FIELDS, type OptionFields } from './option-fields';
import {
  CURRENT_VERSION,
  DEFAULT_LINK_VIEW,
  MAX_FRAGMENT_CHARS,
  MAX_PAYLOAD_BYTES,
  decodeFragment,
  encodeState,
  toBase64Url,
  type DecodedFragment,
} from './url-codec';

const RUNS = 300;
const KINDS = ['empty', 'state', 'example', 'problem'];

function linkOf(bytes: Uint8Array, version: string | number = CURRENT_VERSION): string {
  return `#v=${version}&s=${toBase64Url(bytes)}`;
}

function deflated(text: string | Uint8Array): Uint8Array {
  return new Uint8Array(deflateRawSync(typeof text === 'string' ? new TextEncoder().encode(text) : text));
}

/** A decoded fragment is one of the four kinds, and a state is well typed. */
function expectWellFormed(decoded: DecodedFragment): void {
  expect(KINDS).toContain(decoded.kind);
  if (decoded.kind === 'problem') expect(decoded.detail).toMatch(/\S/);
  if (decoded.kind === 'state') {
    const { manifest, example } = decoded.state;
    expect(['string', 'undefined']).toContain(typeof manifest);
    expect(['string', 'undefined']).toContain(typeof example);
    expect(manifest === undefined || example === undefined).toBe(true);
    for (const name of TEXT_FIELDS) expect(typeof decoded.state.fields[name]).toBe('string');
    expect(Array.isArray(decoded.state.fields.excludedContainers)).toBe(true);
    expect(typeof decoded.state.fields.hardenServiceAccounts).toBe('boolean');
  }
}

const fieldsArbitrary: fc.Arbitrary<OptionFields> = fc.record({
  serviceAccountName: fc.string(),
  expirationSeconds: fc.string(),
  mountPath: fc.string(),
  defaultMode: fc.string(),
  audience: fc.string(),
  volumeName: fc.string(),
  excludedContainers: fc.array(fc.string(), { maxLength: 4 }),
  hardenServiceAccounts: fc.boolean(),
  emitServiceAccount: fc.boolean(),
  apiAccess: fc.constantFrom('mount', 'none'),
  workloads: fc.array(
    fc.record(
      {
        kind: fc.constantFrom('Deployment', 'CronJob', 'Pod'),
        namespace: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/),
        name: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/),
        apiAccess: fc.constantFrom('mount' as const, 'none' as const),
      },
      { requiredKeys: ['kind', 'name', 'apiAccess'] },
    ),
    { maxLength: 4 },
  ),
});

const base64UrlText = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')),
  maxLength: 400,
});

describe('decodeFragment on hostile links', () => {
  it('never throws on any text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (fragment) => {
        expectWellFormed(await decodeFragment(fragment));
        expectWellFormed(await decodeFragment(`#v=1&s=${fragment}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses any version it does not know, with random data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.string({ maxLength: 12 })), base64UrlText, async (version, data) => {
        const decoded = await decodeFragment(`#v=${encodeURIComponent(String(version))}&s=${data}`);
        expectWellFormed(decoded);
        if (String(version) !== String(CURRENT_VERSION)) expect(decoded.kind).toBe('problem');
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses random base64 and valid compression of random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const raw = await decodeFragment(linkOf(bytes));
        expectWellFormed(raw);
        const compressed = await decodeFragment(linkOf(deflated(bytes)));
        expectWellFormed(compressed);
        // Random bytes are not a JSON object with a string `m`.
        expect(compressed.kind).toBe('problem');
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses well-compressed JSON of the wrong shape', async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue({ maxDepth: 4 }), async (value) => {
        const decoded = await decodeFragment(linkOf(deflated(JSON.stringify(value))));
        expectWellFormed(decoded);
        // Necessary, not sufficient: options, tab and layout of the wrong type are refused too.
        const record =
          typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { m?: unknown; e?: unknown }) : undefined;
        const isShaped =
          record !== undefined &&
          ['string', 'undefined'].includes(typeof record.m) &&
          (record.e === undefined || (typeof record.e === 'string' && record.m === undefined));
        if (!isShaped) expect(decoded.kind).toBe('problem');
      }),
      { numRuns: RUNS },
    );
  });

  it('round-trips any state, and refuses or reads every cut of its link', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 2000 }), fieldsArbitrary, fc.nat(), async (manifest, fields, cut) => {
        const fragment = await encodeState({ manifest, fields });
        const decoded = await decodeFragment(fragment);
        expect(decoded).toEqual({ kind: 'state', state: { manifest, fields, view: DEFAULT_LINK_VIEW } });
        expectWellFormed(await decodeFragment(fragment.slice(0, cut % fragment.length)));
      }),
      { numRuns: RUNS },
    );
  });

  it('opens the default example with a notice for every broken link', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
        const opened = await openFragment(linkOf(deflated(bytes)));
        expect(opened.manifest).toBe(DEFAULT_EXAMPLE.text);
        expect(opened.fields).toEqual(DEFAULT_FIELDS);
        expect(opened.notice).toMatch(/\S/);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a fragment over the length limit before decoding it', async () => {
    const huge = `#v=1&s=${'A'.repeat(MAX_FRAGMENT_CHARS)}`;
    const decoded = await decodeFragment(huge);
    expect(decoded).toMatchObject({ kind: 'problem', problem: 'broken', detail: expect.stringMatching(/longer than/) });
  });

  it('stops inflating a bomb at the payload limit', async () => {
    // 64 MB of zeros compress to about 64 KB: a small link that must not become 64 MB of memory.
    const bomb = deflated(new Uint8Array(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_PAYLOAD_BYTES / 16);
    expect(await decodeFragment(linkOf(bomb))).toMatchObject({ kind: 'problem', problem: 'broken' });
    // Just over the limit is refused too; just under, it is read (then refused for its shape).
    const over = deflated(`{"m":"${'a'.repeat(MAX_PAYLOAD_BYTES)}"}`);
    expect(await decodeFragment(linkOf(over))).toMatchObject({ kind: 'problem', detail: expect.stringMatching(/decompress/) });
    const under = deflated(`{"m":"${'a'.repeat(MAX_PAYLOAD_BYTES - 100)}"}`);
    expect(await decodeFragment(linkOf(under))).toMatchObject({ kind: 'state' });
  });
});
