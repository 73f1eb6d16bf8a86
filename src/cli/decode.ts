/** Strict UTF-8 decoding that says where the first bad byte is. */

export type DecodeResult = { text: string } | { error: { line: number; col: number; byte: number } };

/** Decodes bytes as UTF-8 (a leading byte-order mark is kept, and written back), or locates the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const lines = before.split('\n');
    return { error: { line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1, byte: bytes[offset] ?? 0 } };
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index] ?? 0;
    const length =
      byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    const chunk = bytes.subarray(index, index + length);
    if (chunk.length < length) return index;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk);
    } catch {
      return index;
    }
    index += length;
  }
  return bytes.length;
}

/** The text of what was read: as it came when the runtime decoded it (read-limited.ts, readFileText), else decoded here. */
export function decodeRead(read: { readonly bytes: Uint8Array } | { readonly text: string }): DecodeResult {
  return 'text' in read ? read : decodeUtf8(read.bytes);
}
