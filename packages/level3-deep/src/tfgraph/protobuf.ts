/**
 * A minimal protocol-buffer writer: just what {@link encodeSavedModel} needs to serialise
 * TensorFlow's `SavedModel`, `GraphDef` and `NodeDef` messages. The wire format
 * (developers.google.com/protocol-buffers/docs/encoding): each field is a key
 * $\text{key} = (\text{field} \ll 3) \mid \text{wire type}$ followed by its value, with
 * wire type 0 a base-128 varint (7 bits per byte, low bits first, high bit = "more"), 2 a
 * varint length then that many bytes (strings, bytes, sub-messages, packed repeated ints) and
 * 5 four little-endian bytes (`float`). Negative int64s are their 64-bit two's complement
 * (10 bytes).
 */

const enum Wire {
  Varint = 0,
  Bytes = 2,
  Fixed32 = 5,
}

const utf8 = new TextEncoder();

/** Appends fields to a growing byte buffer; `bytes()` returns the message. */
export class ProtoWriter {
  #buf = new Uint8Array(256);
  #len = 0;

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < this.#len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  #varint(value: number | bigint): void {
    let v = BigInt(value);
    if (v < 0n) v += 1n << 64n; // two's complement
    this.#reserve(10);
    while (v >= 0x80n) {
      this.#buf[this.#len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.#buf[this.#len++] = Number(v);
  }

  #key(field: number, wire: Wire): void {
    this.#varint((field << 3) | wire);
  }

  /** An integer field (int32, int64, enum), written as a varint. */
  int(field: number, value: number): this {
    this.#key(field, Wire.Varint);
    this.#varint(value);
    return this;
  }

  /** A bool field. */
  bool(field: number, value: boolean): this {
    return this.int(field, value ? 1 : 0);
  }

  /** A float field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.#key(field, Wire.Fixed32);
    this.#reserve(4);
    new DataView(this.#buf.buffer).setFloat32(this.#len, value, true);
    this.#len += 4;
    return this;
  }

  /** A bytes field: length, then the bytes. */
  raw(field: number, data: Uint8Array): this {
    this.#key(field, Wire.Bytes);
    this.#varint(data.length);
    this.#reserve(data.length);
    this.#buf.set(data, this.#len);
    this.#len += data.length;
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, value: string): this {
    return this.raw(field, utf8.encode(value));
  }

  /** A sub-message field, written by `fill` into its own writer. */
  message(field: number, fill: (w: ProtoWriter) => void): this {
    const w = new ProtoWriter();
    fill(w);
    return this.raw(field, w.bytes());
  }

  /** A packed repeated integer field. */
  packed(field: number, values: readonly number[]): this {
    const w = new ProtoWriter();
    for (const v of values) w.#varint(v);
    return this.raw(field, w.bytes());
  }

  /** The message so far. */
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
