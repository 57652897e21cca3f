/**
 * A reader of the SSH wire format (RFC 4251 §5) over a public key blob: `string` is a
 * uint32 length and that many bytes, `mpint` a `string` holding a two's complement
 * big-endian integer. Every read checks the length first: a short blob is truncated.
 */
export class WireReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  get done(): boolean {
    return this.offset === this.buffer.length;
  }

  bytes(): Buffer | undefined {
    if (this.buffer.length - this.offset < 4) return undefined;
    const length = this.buffer.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (this.buffer.length - start < length) return undefined;
    this.offset = start + length;
    return this.buffer.subarray(start, start + length);
  }

  /** A `string` holding a name (key type, curve); other bytes are shown in hex. */
  text(): string | undefined {
    const bytes = this.bytes();
    if (bytes === undefined) return undefined;
    const printable = bytes.every((b) => b > 0x20 && b < 0x7f);
    return printable ? bytes.toString('latin1') : `0x${bytes.toString('hex')}`;
  }

  /**
   * A non-negative `mpint`, its magnitude without the sign byte; `'negative'` or
   * `'padded'` when it breaks RFC 4251 (a negative value, or a needless leading zero).
   */
  unsignedMpint(): Buffer | 'negative' | 'padded' | undefined {
    const bytes = this.bytes();
    if (bytes === undefined) return undefined;
    if (bytes.length === 0) return bytes;
    const first = bytes[0] as number;
    if (first & 0x80) return 'negative';
    if (first === 0 && (bytes.length === 1 || ((bytes[1] as number) & 0x80) === 0)) return 'padded';
    return first === 0 ? bytes.subarray(1) : bytes;
  }
}

/** The number of significant bits of a big-endian magnitude without leading zero bytes. */
export function bitLength(magnitude: Buffer): number {
  if (magnitude.length === 0) return 0;
  return (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0] as number));
}
