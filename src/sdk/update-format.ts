/**
 * Model-update files, the browser-safe part: the formats an update is read from (JSON, .npy,
 * .safetensors), parsed from their bytes. update-file.ts reads them from disk.
 */
import { ArgumentError } from "./errors";

/** The file formats an update is read from, chosen by the file's extension. */
export type UpdateFormat = "json" | "npy" | "safetensors";

/** A model update as read from a file, with its shape for messages. */
export interface ReadUpdate {
  /** The update, flattened in C (row-major) order; every value finite. */
  values: number[];
  format: UpdateFormat;
  /**
   * The shape as read, in Python's tuple notation: `(4, 8)`, `(5,)`, `()` for one scalar; for a
   * .safetensors file every tensor in the order they are concatenated:
   * `3 tensors: a (2, 3), b (5,), c ()`.
   */
  shape: string;
}

/**
 * Parses a model update from a file's bytes (docs/OPERATIONS.md, "The update file"), the format chosen
 * by `fileName`'s extension:
 * - `.npy`: numpy's format, versions 1–3, any number of dimensions, C or Fortran order (both are
 *   returned in C order), dtype float16, float32 or float64 in either byte order;
 * - `.safetensors`: every tensor (dtypes F16, BF16, F32, F64), concatenated in the byte order of
 *   their names' UTF-8 encodings, each flattened in C order;
 * - anything else: a JSON array of numbers.
 * Every malformed input is one ArgumentError line naming the file.
 */
export function parseUpdate(data: Uint8Array, fileName: string): ReadUpdate {
  const file = fileName;
  const extension = /\.[^./\\]*$/.exec(fileName)?.[0].toLowerCase() ?? "";
  const read: ReadUpdate =
    extension === ".npy"
      ? { ...parseNpy(data, file), format: "npy" }
      : extension === ".safetensors"
        ? { ...parseSafetensors(data, file), format: "safetensors" }
        : { ...parseJsonUpdate(new TextDecoder().decode(data), file), format: "json" };
  if (read.values.length === 0) throw new ArgumentError(`update file ${file} is empty (shape ${read.shape})`);
  read.values.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new ArgumentError(`update file ${file}: element ${i} is not a finite number (${x})`);
  });
  return read;
}

function parseJsonUpdate(text: string, file: string): { values: number[]; shape: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ArgumentError(`update file ${file} is not valid JSON (expected an array of numbers)`);
  }
  if (!Array.isArray(parsed)) throw new ArgumentError(`update file ${file} must hold a JSON array of numbers`);
  const bad = parsed.findIndex((x) => typeof x !== "number");
  if (bad >= 0) throw new ArgumentError(`update file ${file}: element ${bad} is ${JSON.stringify(parsed[bad])}, not a number`);
  return { values: parsed as number[], shape: formatShape([parsed.length]) };
}

/** Python's tuple notation: `()`, `(5,)`, `(2, 3)`. */
function formatShape(dims: readonly number[]): string {
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

/** The number of elements of `dims`, as a bigint (a shape's product can exceed 2^53). */
function elementCount(dims: readonly number[]): bigint {
  return dims.reduce((n, d) => n * BigInt(d), 1n);
}

/**
 * IEEE 754 binary16 → number, exactly (every half is a double): sign s, 5-bit exponent e, 10-bit
 * fraction f. e = 0: subnormal (or zero), (−1)^s · f · 2^−24; e = 31: ±Infinity when f = 0, else NaN;
 * otherwise (−1)^s · (1 + f/1024) · 2^(e − 15).
 */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const BF16_SCRATCH = new DataView(new ArrayBuffer(4));

/** bfloat16 → number, exactly: its 16 bits are the upper half of a float32's. */
export function bfloat16ToNumber(bits: number): number {
  BF16_SCRATCH.setUint32(0, bits * 0x10000);
  return BF16_SCRATCH.getFloat32(0);
}

type Reader = (data: DataView, offset: number) => number;

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Latin-1 text, byte for byte (TextDecoder's "latin1" is windows-1252, which differs at 0x80–0x9F). */
const latin1 = (bytes: Uint8Array): string => Array.from(bytes, (b) => String.fromCharCode(b)).join("");

/** The .npy dtypes read (numpy writes '<' or '>' for floats, never '|'), with their width and reader. */
const NPY_DTYPES: Record<string, { width: number; read: Reader }> = {
  "<f2": { width: 2, read: (d, o) => halfToNumber(d.getUint16(o, true)) },
  ">f2": { width: 2, read: (d, o) => halfToNumber(d.getUint16(o)) },
  "<f4": { width: 4, read: (d, o) => d.getFloat32(o, true) },
  ">f4": { width: 4, read: (d, o) => d.getFloat32(o) },
  "<f8": { width: 8, read: (d, o) => d.getFloat64(o, true) },
  ">f8": { width: 8, read: (d, o) => d.getFloat64(o) },
};

/**
 * A .npy reader (format versions 1–3, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 * magic, version, header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), a Python
 * dict literal {'descr', 'fortran_order', 'shape'} (latin1, utf8 in 3.0), then exactly
 * product(shape) elements. Returned in C order.
 */
function parseNpy(data: Uint8Array, file: string): { values: number[]; shape: string } {
  if (data.length < 10 || NPY_MAGIC.some((b, i) => data[i] !== b)) throw new ArgumentError(`${file} is not a .npy file`);
  const view = viewOf(data);
  const major = data[6];
  if (major < 1 || major > 3) throw new ArgumentError(`${file}: .npy format version ${major}.${data[7]} is not supported (1–3)`);
  const headerStart = major === 1 ? 10 : 12;
  if (data.length < headerStart) throw new ArgumentError(`${file} is truncated (in the .npy header)`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const bodyStart = headerStart + headerLength;
  if (bodyStart > data.length) throw new ArgumentError(`${file} is truncated (in the .npy header)`);
  const headerBytes = data.subarray(headerStart, bodyStart);
  const headerText = major === 3 ? new TextDecoder().decode(headerBytes) : latin1(headerBytes);
  let header: Record<string, PyValue>;
  try {
    const parsed = new PyLiteral(headerText).parse();
    if (!isPyDict(parsed)) throw new SyntaxError("not a dict");
    header = parsed;
  } catch (e) {
    throw new ArgumentError(`${file}: the .npy header is not a Python dict literal (${(e as Error).message})`);
  }
  const { descr, fortran_order: fortran, shape } = header;
  if (typeof descr !== "string")
    throw new ArgumentError(`${file}: the .npy dtype is structured or missing; the update must be a plain float array`);
  if (typeof fortran !== "boolean") throw new ArgumentError(`${file}: the .npy header has no fortran_order True/False`);
  if (!Array.isArray(shape) || !shape.every((d): d is number => typeof d === "number"))
    throw new ArgumentError(`${file}: the .npy header has no shape tuple of integers`);
  const dtype = NPY_DTYPES[descr];
  if (!dtype)
    throw new ArgumentError(
      `${file}: .npy dtype '${descr}' is not supported (use float16, float32 or float64: '<f2', '<f4', '<f8' or big-endian '>…')`,
    );
  const count = elementCount(shape);
  const body = data.subarray(bodyStart);
  const expected = count * BigInt(dtype.width);
  if (BigInt(body.length) < expected)
    throw new ArgumentError(
      `${file} is truncated: shape ${formatShape(shape)} of '${descr}' needs ${expected} data bytes, the file has ${body.length}`,
    );
  if (BigInt(body.length) > expected)
    throw new ArgumentError(
      `${file} has ${BigInt(body.length) - expected} bytes after the ${expected} data bytes of shape ${formatShape(shape)} of '${descr}'`,
    );
  const n = Number(count);
  const bodyView = viewOf(body);
  const stored = Array.from({ length: n }, (_, i) => dtype.read(bodyView, i * dtype.width));
  return { values: fortran ? fortranToC(stored, shape) : stored, shape: formatShape(shape) };
}

/**
 * Reorders a Fortran-order (column-major) array into C order (row-major): the element at index
 * (i_0, …, i_{k−1}) is stored at Σ i_j · s_j with s_0 = 1, s_j = s_{j−1} · d_{j−1}.
 */
function fortranToC(stored: readonly number[], dims: readonly number[]): number[] {
  if (dims.length < 2) return [...stored];
  const strides: number[] = [];
  dims.forEach((_, j) => strides.push(j === 0 ? 1 : strides[j - 1] * dims[j - 1]));
  const index = dims.map(() => 0);
  const out: number[] = [];
  for (let n = 0; n < stored.length; n++) {
    out.push(stored[index.reduce((offset, i, j) => offset + i * strides[j], 0)]);
    // The next C-order index: the last dimension moves fastest.
    for (let j = dims.length - 1; j >= 0; j--) {
      if (++index[j] < dims[j]) break;
      index[j] = 0;
    }
  }
  return out;
}

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

function isPyDict(v: PyValue): v is { [key: string]: PyValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The Python literals a .npy header holds: a dict of string keys; string, True/False/None,
 * non-negative integer, tuple and list values. Lists and nested tuples only appear in structured
 * dtypes, which are refused after parsing.
 */
class PyLiteral {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): PyValue {
    const value = this.value();
    this.space();
    if (this.at !== this.text.length) throw new SyntaxError(`unexpected "${this.text[this.at]}" at ${this.at}`);
    return value;
  }

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private eat(c: string): boolean {
    this.space();
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  private value(): PyValue {
    this.space();
    const c = this.text[this.at];
    if (c === "{") return this.dict();
    if (c === "(") return this.sequence(")");
    if (c === "[") return this.sequence("]");
    if (c === "'" || c === '"') return this.string();
    const word = /^(True|False|None|\d+)/.exec(this.text.slice(this.at))?.[0];
    if (word === undefined) throw new SyntaxError(c === undefined ? "unexpected end" : `unexpected "${c}" at ${this.at}`);
    this.at += word.length;
    if (word === "True" || word === "False") return word === "True";
    if (word === "None") return null;
    const n = Number(word);
    if (!Number.isSafeInteger(n)) throw new SyntaxError(`integer ${word} is too large`);
    return n;
  }

  private string(): string {
    const quote = this.text[this.at++];
    const end = this.text.indexOf(quote, this.at);
    if (end < 0) throw new SyntaxError("unterminated string");
    const s = this.text.slice(this.at, end);
    if (s.includes("\\")) throw new SyntaxError("escape sequences are not supported");
    this.at = end + 1;
    return s;
  }

  private sequence(close: ")" | "]"): PyValue[] {
    this.at++;
    const items: PyValue[] = [];
    while (!this.eat(close)) {
      items.push(this.value());
      if (!this.eat(",")) {
        if (!this.eat(close)) throw new SyntaxError(`expected "," or "${close}" at ${this.at}`);
        break;
      }
    }
    return items;
  }

  private dict(): { [key: string]: PyValue } {
    this.at++;
    const entries: { [key: string]: PyValue } = {};
    while (!this.eat("}")) {
      this.space();
      const quote = this.text[this.at];
      if (quote !== "'" && quote !== '"') throw new SyntaxError(`expected a string key at ${this.at}`);
      const key = this.string();
      if (!this.eat(":")) throw new SyntaxError(`expected ":" at ${this.at}`);
      entries[key] = this.value();
      if (!this.eat(",")) {
        if (!this.eat("}")) throw new SyntaxError(`expected "," or "}" at ${this.at}`);
        break;
      }
    }
    return entries;
  }
}

/** The safetensors dtypes read (all little-endian), with their width and reader. */
const SAFETENSORS_DTYPES: Record<string, { width: number; read: Reader }> = {
  F16: { width: 2, read: (d, o) => halfToNumber(d.getUint16(o, true)) },
  BF16: { width: 2, read: (d, o) => bfloat16ToNumber(d.getUint16(o, true)) },
  F32: { width: 4, read: (d, o) => d.getFloat32(o, true) },
  F64: { width: 8, read: (d, o) => d.getFloat64(o, true) },
};

interface Tensor {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Byte order of the names' UTF-8 encodings, which is code-point order. JavaScript's default sort
 * compares UTF-16 code units instead; the two agree on ASCII (and on every name below U+E000) but not
 * when a character in U+E000–U+FFFF meets one above U+FFFF.
 */
function compareUtf8(a: string, b: string): number {
  const [x, y] = [new TextEncoder().encode(a), new TextEncoder().encode(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * A .safetensors reader (https://github.com/huggingface/safetensors): an 8-byte little-endian header
 * length N, N bytes of a JSON object `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?}`,
 * then the byte buffer the offsets index. Every tensor must lie inside the buffer, hold exactly
 * product(shape) elements of its dtype, and overlap no other; bytes no tensor covers are ignored.
 * The update is every tensor, in the byte order of their names' UTF-8 encodings, each in C order.
 */
function parseSafetensors(data: Uint8Array, file: string): { values: number[]; shape: string } {
  if (data.length < 8) throw new ArgumentError(`${file} is not a .safetensors file (shorter than its 8-byte header length)`);
  const headerLength = viewOf(data).getBigUint64(0, true);
  if (headerLength > BigInt(data.length - 8))
    throw new ArgumentError(
      `${file}: the .safetensors header length ${headerLength} runs past the end of the file (${data.length - 8} bytes follow it)`,
    );
  const bufferStart = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(data.subarray(8, bufferStart)));
  } catch {
    throw new ArgumentError(`${file}: the .safetensors header is not valid JSON`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header))
    throw new ArgumentError(`${file}: the .safetensors header must be a JSON object of tensors`);
  const buffer = data.subarray(bufferStart);
  const bufferView = viewOf(buffer);
  const tensors: Tensor[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry))
        throw new ArgumentError(`${file}: the .safetensors __metadata__ must be a JSON object`);
      continue;
    }
    tensors.push(safetensor(file, name, entry, buffer.length));
  }
  const byOffset = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < byOffset.length; i++) {
    const [prev, next] = [byOffset[i - 1], byOffset[i]];
    if (next.begin < prev.end)
      throw new ArgumentError(
        `${file}: tensors '${prev.name}' [${prev.begin}, ${prev.end}) and '${next.name}' [${next.begin}, ${next.end}) overlap`,
      );
  }
  tensors.sort((a, b) => compareUtf8(a.name, b.name));
  const values: number[] = [];
  for (const t of tensors) {
    const { width, read } = SAFETENSORS_DTYPES[t.dtype];
    for (let o = t.begin; o < t.end; o += width) values.push(read(bufferView, o));
  }
  const listed = tensors.map((t) => `${t.name} ${formatShape(t.shape)}`).join(", ");
  const shape = `${tensors.length} tensor${tensors.length === 1 ? "" : "s"}${listed ? `: ${listed}` : ""}`;
  return { values, shape };
}

/** One header entry, checked against the buffer. */
function safetensor(file: string, name: string, entry: unknown, bufferLength: number): Tensor {
  const where = `${file}: tensor '${name}'`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    throw new ArgumentError(`${where} is not a JSON object {dtype, shape, data_offsets}`);
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (typeof dtype !== "string") throw new ArgumentError(`${where} has no dtype`);
  const spec = SAFETENSORS_DTYPES[dtype];
  if (!spec) throw new ArgumentError(`${where} has dtype ${dtype}, which is not supported (F16, BF16, F32 or F64)`);
  const isCount = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
  if (!Array.isArray(shape) || !shape.every(isCount))
    throw new ArgumentError(`${where} has no shape array of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1])
    throw new ArgumentError(`${where} has no data_offsets [begin, end] with 0 ≤ begin ≤ end`);
  const [begin, end] = offsets as [number, number];
  if (end > bufferLength)
    throw new ArgumentError(`${where}: data_offsets [${begin}, ${end}] run past the end of the ${bufferLength}-byte buffer`);
  const expected = elementCount(shape) * BigInt(spec.width);
  if (BigInt(end - begin) !== expected)
    throw new ArgumentError(
      `${where}: data_offsets [${begin}, ${end}] span ${end - begin} bytes, but shape ${formatShape(shape)} of ${dtype} needs ${expected}`,
    );
  return { name, dtype, shape, begin, end };
}

/**
 * A 1-D float64 array as `numpy.save` writes it (format 1.0, little-endian, header padded to 64 bytes):
 * what the reference trainer writes, and what parseUpdate reads back exactly.
 */
export function encodeNpy(values: readonly number[]): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  header += " ".repeat((64 - ((10 + header.length + 1) % 64)) % 64) + "\n";
  const headerStart = 10;
  const bodyStart = headerStart + header.length;
  const out = new Uint8Array(bodyStart + values.length * 8);
  out.set([...NPY_MAGIC, 1, 0], 0);
  const view = viewOf(out);
  view.setUint16(8, header.length, true);
  // The header is ASCII, so its UTF-16 code units are its bytes.
  for (let i = 0; i < header.length; i++) out[headerStart + i] = header.charCodeAt(i);
  values.forEach((v, i) => view.setFloat64(bodyStart + i * 8, v, true));
  return out;
}
