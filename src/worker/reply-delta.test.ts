import { describe, expect, it } from 'vitest';
import { NO_FACTS } from '../state/manifest-facts';
import { outputBlocks } from '../state/output-blocks';
import { emptyPageResult, type HardenReply } from './protocol';
import { replyDecoder, replyEncoder, SAME } from './reply-delta';

function reply(id: number, output: string, moreChanges: string | undefined, added: number[] = []): HardenReply {
  return {
    id,
    result: { ...emptyPageResult(output), blocks: outputBlocks(output, added), moreChanges },
    problems: [],
    facts: NO_FACTS,
    containers: [],
    evidence: 0,
    millis: 0,
  };
}

const lines = (count: number, first = 'line 0') =>
  [first, ...Array.from({ length: count - 1 }, (_, index) => `line ${index + 1}`)].join('\n') + '\n';

describe('reply delta', () => {
  it('sends only changed blocks and an unchanged rest of the changes once, and the page gets every reply whole', () => {
    const encode = replyEncoder();
    const decode = replyDecoder();
    const replies = [
      reply(1, lines(500), '[1]'),
      reply(2, lines(500, 'line 0 edited'), '[1]', [3]),
      reply(3, lines(450), undefined),
      reply(4, 'crash', '[2]'),
    ];
    // A crash reply: its output is not its blocks' text.
    replies[3] = { ...replies[3]!, result: { ...replies[3]!.result, blocks: [] } };
    const wires = replies.map(encode);
    expect(wires[0]!.result.blocks.every((block) => block !== SAME)).toBe(true);
    expect(wires[0]!.result.output).toBeUndefined();
    expect(wires[1]!.result.blocks.map((block) => block === SAME)).toEqual([false, true, true]);
    expect(wires[1]!.result.moreChanges).toBe(SAME);
    expect(wires[3]!.result.output).toBe('crash');
    const decoded = wires.map((wire) => decode(JSON.parse(JSON.stringify(wire)) as typeof wire));
    decoded.forEach((got, index) => expect(got).toEqual(replies[index]));
    // Unchanged blocks are the very objects the page already had.
    expect(decoded[1]!.result.blocks[1]).toBe(decoded[0]!.result.blocks[1]);
  });

  it('refuses a reply that refers to what the page never received', () => {
    const encode = replyEncoder();
    encode(reply(1, lines(300), '[1]'));
    expect(() => replyDecoder()(encode(reply(2, lines(300), '[1]')))).toThrow();
  });
});
