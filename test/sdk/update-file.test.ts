import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";

import { ArgumentError } from "../../src/sdk/errors";
import { readUpdate, readUpdateFile } from "../../src/sdk/update-file";
import { bfloat16ToNumber, halfToNumber } from "../../src/sdk/update-format";
import { tempDir } from "../support/deployment";

// Fixture generators: the bytes numpy.save and safetensors.save_file write, built by hand (no Python).

type NpyDtype = "<f2" | ">f2" | "<f4" | ">f4" | "<f8" | ">f8" | "<i4" | "<c8" | "|O";

/** Encodes `values` (already in storage order) as `dtype`; integers for the refused dtypes. */
function encode(values: readonly number[], dtype: string): Buffer {
  const width = Number(dtype.slice(2));
  const body = Buffer.alloc(values.length * width);
  const big = dtype.startsWith(">");
  values.forEach((v, i) => {
    const o = i * width;
    if (dtype.endsWith("f8")) void (big ? body.writeDoubleBE(v, o) : body.writeDoubleLE(v, o));
    else if (dtype.endsWith("f4")) void (big ? body.writeFloatBE(v, o) : body.writeFloatLE(v, o));
    else if (dtype.endsWith("f2"))
      void (big ? body.writeUInt16BE(v, o) : body.writeUInt16LE(v, o)); // raw half bits
    else body.writeInt32LE(v, o);
  });
  return body;
}

/**
 * A .npy file the way numpy.save writes it: magic, version, header length (2 bytes in 1.0, 4 in 2.0
 * and 3.0), the dict literal padded with spaces and a newline to a multiple of 64 bytes, the data.
 */
function npyBytes(
  body: Buffer,
  o: { descr: NpyDtype | string; shape: number[]; fortran?: boolean; version?: 1 | 2 | 3; extra?: Buffer; rawDescr?: string },
): Buffer {
  const shape = o.shape.length === 1 ? `(${o.shape[0]},)` : `(${o.shape.join(", ")})`;
  const version = o.version ?? 1;
  const prefixLength = version === 1 ? 10 : 12;
  let header = `{'descr': ${o.rawDescr ?? `'${o.descr}'`}, 'fortran_order': ${o.fortran ? "True" : "False"}, 'shape': ${shape}, }`;
  header += " ".repeat(63 - ((prefixLength + header.length) % 64)) + "\n";
  const prefix = Buffer.alloc(prefixLength);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(prefix);
  if (version === 1) prefix.writeUInt16LE(header.length, 8);
  else prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, version === 3 ? "utf8" : "latin1"), body, o.extra ?? Buffer.alloc(0)]);
}

/** Row-major values of `shape` → column-major (Fortran) storage order. */
function toFortran(values: readonly number[], shape: readonly number[]): number[] {
  const out = new Array<number>(values.length);
  const index = shape.map(() => 0);
  for (const v of values) {
    let offset = 0;
    let stride = 1;
    shape.forEach((d, j) => {
      offset += index[j] * stride;
      stride *= d;
    });
    out[offset] = v;
    for (let j = shape.length - 1; j >= 0; j--) {
      if (++index[j] < shape[j]) break;
      index[j] = 0;
    }
  }
  return out;
}

interface TensorSpec {
  dtype: string;
  shape: number[];
  /** Raw bytes of the tensor. */
  bytes: Buffer;
  /** Where it goes in the buffer (default: after the previous tensor). */
  begin?: number;
  /** Overrides the recorded data_offsets. */
  offsets?: [number, number];
}

/** A .safetensors file: 8-byte little-endian header length, the JSON header, then the byte buffer. */
function safetensorsBytes(
  tensors: Record<string, TensorSpec>,
  o: { metadata?: Record<string, string>; bufferLength?: number } = {},
): Buffer {
  const header: Record<string, unknown> = {};
  if (o.metadata) header.__metadata__ = o.metadata;
  let next = 0;
  const placed: Array<[number, Buffer]> = [];
  for (const [name, t] of Object.entries(tensors)) {
    const begin = t.begin ?? next;
    next = begin + t.bytes.length;
    placed.push([begin, t.bytes]);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: t.offsets ?? [begin, next] };
  }
  const buffer = Buffer.alloc(o.bufferLength ?? Math.max(0, ...placed.map(([b, bytes]) => b + bytes.length)));
  for (const [begin, bytes] of placed) bytes.copy(buffer, begin);
  return withHeader(JSON.stringify(header), buffer);
}

function withHeader(json: string, buffer: Buffer, declared?: bigint): Buffer {
  const text = Buffer.from(json, "utf8");
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(declared ?? BigInt(text.length));
  return Buffer.concat([length, text, buffer]);
}

const f32 = (values: number[]) => encode(values, "<f4");
const f64 = (values: number[]) => encode(values, "<f8");
const u16 = (bits: number[]) => encode(bits, "<f2");

describe("update files", () => {
  const dir = tempDir("guardians-update-");
  const write = (name: string, contents: string | Buffer) => {
    fs.writeFileSync(path.join(dir, name), contents);
    return path.join(dir, name);
  };

  it("reads a JSON array of floats", () => {
    expect(readUpdateFile(write("u.json", "[0.5, -1.25, 3]"))).to.deep.equal([0.5, -1.25, 3]);
    expect(readUpdate(path.join(dir, "u.json"))).to.deep.equal({ values: [0.5, -1.25, 3], format: "json", shape: "(3,)" });
  });

  describe(".npy", () => {
    it("reads float64 and float32 vectors, little- and big-endian", () => {
      for (const [i, descr] of (["<f8", ">f8", "<f4", ">f4"] as const).entries()) {
        const file = write(`vector${i}.npy`, npyBytes(encode([0.5, -1.25, 3], descr), { descr, shape: [3] }));
        expect(readUpdate(file), descr).to.deep.equal({ values: [0.5, -1.25, 3], format: "npy", shape: "(3,)" });
      }
    });

    it("flattens 2-D and 3-D C-order arrays row by row", () => {
      const six = [1, 2, 3, 4, 5, 6];
      expect(readUpdate(write("m.npy", npyBytes(f64(six), { descr: "<f8", shape: [2, 3] })))).to.deep.equal({
        values: six,
        format: "npy",
        shape: "(2, 3)",
      });
      const cube = Array.from({ length: 24 }, (_, i) => i / 4);
      const read = readUpdate(write("c.npy", npyBytes(f32(cube), { descr: "<f4", shape: [2, 3, 4] })));
      expect(read.values).to.deep.equal(cube);
      expect(read.shape).to.equal("(2, 3, 4)");
    });

    it("returns a Fortran-order array in C order, equal to its C-order twin", () => {
      for (const shape of [
        [2, 3],
        [2, 3, 4],
        [4, 1, 3],
      ]) {
        const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i - 5.5);
        const c = readUpdate(write("twin-c.npy", npyBytes(f64(values), { descr: "<f8", shape })));
        const f = readUpdate(
          write("twin-f.npy", npyBytes(f64(toFortran(values, shape)), { descr: "<f8", shape, fortran: true })),
        );
        expect(f, shape.join("x")).to.deep.equal(c);
        expect(f.values).to.deep.equal(values);
      }
    });

    it("reads format versions 2.0 and 3.0 (4-byte header length)", () => {
      for (const version of [2, 3] as const) {
        const file = write(`v${version}.npy`, npyBytes(encode([1.5, -2], ">f8"), { descr: ">f8", shape: [1, 2], version }));
        expect(readUpdate(file).values).to.deep.equal([1.5, -2]);
      }
    });

    it("reads a 0-d array as one value, and float16", () => {
      expect(readUpdate(write("scalar.npy", npyBytes(f64([0.25]), { descr: "<f8", shape: [] })))).to.deep.equal({
        values: [0.25],
        format: "npy",
        shape: "()",
      });
      // 0x3c00 = 1, 0xc000 = -2, 0x0001 = 2^-24 (the smallest subnormal).
      expect(
        readUpdateFile(write("h.npy", npyBytes(encode([0x3c00, 0xc000, 0x0001], ">f2"), { descr: ">f2", shape: [3] }))),
      ).to.deep.equal([1, -2, 2 ** -24]);
    });

    it("refuses each malformed array with one line naming the file and what is wrong", () => {
      const cases: Array<[string, Buffer, RegExp]> = [
        ["magic.npy", Buffer.from("not numpy at all"), /magic\.npy is not a \.npy file/],
        ["version.npy", Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 4, 0, 0, 0]), /format version 4\.0 is not supported/],
        [
          "header.npy",
          npyBytes(f64([1]), { descr: "<f8", shape: [1] }).subarray(0, 40),
          /header\.npy is truncated \(in the \.npy header\)/,
        ],
        [
          "short.npy",
          npyBytes(f64([1, 2, 3]), { descr: "<f8", shape: [4] }),
          /short\.npy is truncated: shape \(4,\) of '<f8' needs 32 data bytes, the file has 24/,
        ],
        [
          "trailing.npy",
          npyBytes(f64([1, 2, 3]), { descr: "<f8", shape: [3], extra: Buffer.alloc(3) }),
          /trailing\.npy has 3 bytes after the 24 data bytes of shape \(3,\)/,
        ],
        [
          "int.npy",
          npyBytes(encode([1, 2], "<i4"), { descr: "<i4", shape: [2] }),
          /int\.npy: \.npy dtype '<i4' is not supported \(use float16, float32 or float64/,
        ],
        ["complex.npy", npyBytes(Buffer.alloc(16), { descr: "<c8", shape: [2] }), /dtype '<c8' is not supported/],
        ["object.npy", npyBytes(Buffer.alloc(16), { descr: "|O", shape: [2] }), /dtype '\|O' is not supported/],
        ["zero.npy", npyBytes(Buffer.alloc(0), { descr: "<f4", shape: [3, 0] }), /zero\.npy is empty \(shape \(3, 0\)\)/],
        [
          "garbled.npy",
          npyBytes(f64([1]), { descr: "<f8', 'x", shape: [1] }),
          /garbled\.npy: the \.npy header is not a Python dict literal/,
        ],
      ];
      const structured = npyBytes(Buffer.alloc(8), { descr: "", rawDescr: "[('a', '<f8')]", shape: [1] });
      cases.push(["structured.npy", structured, /the \.npy dtype is structured or missing/]);
      for (const [name, bytes, message] of cases)
        expect(() => readUpdate(write(name, bytes)), name).to.throw(ArgumentError, message);
    });
  });

  describe(".safetensors", () => {
    it("concatenates every tensor in name order, whatever the header and buffer orders, each in C order", () => {
      // Header order c, a, b; buffer order b, c, a: the update is a, b, c.
      const file = write(
        "three.safetensors",
        safetensorsBytes(
          {
            c: { dtype: "F64", shape: [], bytes: f64([7]), begin: 24 },
            a: { dtype: "F32", shape: [2, 3], bytes: f32([1, 2, 3, 4, 5, 6]), begin: 32 },
            b: { dtype: "F32", shape: [5], bytes: f32([-1, -2, -3, -4, -5]), begin: 0 },
          },
          { metadata: { format: "pt" } },
        ),
      );
      expect(readUpdate(file)).to.deep.equal({
        values: [1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, 7],
        format: "safetensors",
        shape: "3 tensors: a (2, 3), b (5,), c ()",
      });
    });

    it("orders names by their UTF-8 bytes, not by UTF-16 code units", () => {
      // U+FF21 (UTF-8 ef bc a1) sorts before U+1F600 (f0 9f 98 80) in UTF-8 bytes; in UTF-16 the
      // surrogate 0xD83D sorts first.
      const file = write(
        "unicode.safetensors",
        safetensorsBytes({
          "\u{1F600}": { dtype: "F32", shape: [1], bytes: f32([2]) },
          "\uFF21": { dtype: "F32", shape: [1], bytes: f32([1]) },
        }),
      );
      expect(readUpdate(file).values).to.deep.equal([1, 2]);
      expect(["\u{1F600}", "\uFF21"].sort()[0]).to.equal("\u{1F600}");
    });

    it("decodes F16 exactly: normals, subnormals, negative zero; leaves a buffer's uncovered bytes alone", () => {
      const bits = [0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x8000, 0x0000];
      const expected = [1, -2, 0.333251953125, 65504, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, -0, 0];
      const file = write(
        "half.safetensors",
        safetensorsBytes({ h: { dtype: "F16", shape: [3, 3], bytes: u16(bits), begin: 4 } }, { bufferLength: 30 }),
      );
      const { values } = readUpdate(file);
      expect(values).to.deep.equal(expected);
      expect(Object.is(values[7], -0)).to.equal(true);
      expect(bits.map(halfToNumber)).to.deep.equal(expected);
    });

    it("refuses F16 infinities as non-finite and NaN", () => {
      for (const [name, bit, shown] of [
        ["inf", 0x7c00, "Infinity"],
        ["ninf", 0xfc00, "-Infinity"],
        ["nan", 0x7e00, "NaN"],
      ] as const) {
        const file = write(
          `${name}.safetensors`,
          safetensorsBytes({ w: { dtype: "F16", shape: [2], bytes: u16([0x3c00, bit]) } }),
        );
        expect(() => readUpdate(file), name).to.throw(
          ArgumentError,
          new RegExp(`element 1 is not a finite number \\(${shown}\\)`),
        );
      }
    });

    it("decodes BF16 as the upper 16 bits of a float32", () => {
      const bits = [0x3f80, 0xc040, 0x3eab, 0x0001, 0x8000];
      const expected = [1, -3, 0.333984375, 2 ** -133, -0];
      const file = write("bf16.safetensors", safetensorsBytes({ w: { dtype: "BF16", shape: [5], bytes: u16(bits) } }));
      expect(readUpdate(file).values).to.deep.equal(expected);
      expect(bits.map(bfloat16ToNumber)).to.deep.equal(expected);
      expect(readUpdate(file).shape).to.equal("1 tensor: w (5,)");
    });

    it("refuses each malformed file with one line naming the file and what is wrong", () => {
      const one = (spec: Partial<TensorSpec>) =>
        safetensorsBytes({ w: { dtype: "F32", shape: [2], bytes: f32([1, 2]), ...spec } });
      const cases: Array<[string, Buffer, RegExp]> = [
        ["tiny.safetensors", Buffer.from([1, 2, 3]), /tiny\.safetensors is not a \.safetensors file/],
        [
          "past.safetensors",
          withHeader('{"w":1}', Buffer.alloc(4), 1000n),
          /past\.safetensors: the \.safetensors header length 1000 runs past the end of the file \(11 bytes follow it\)/,
        ],
        ["json.safetensors", withHeader("{not json", Buffer.alloc(0)), /the \.safetensors header is not valid JSON/],
        ["array.safetensors", withHeader("[1, 2]", Buffer.alloc(0)), /the \.safetensors header must be a JSON object of tensors/],
        ["null.safetensors", withHeader("null", Buffer.alloc(0)), /the \.safetensors header must be a JSON object of tensors/],
        [
          "i32.safetensors",
          one({ dtype: "I32" }),
          /i32\.safetensors: tensor 'w' has dtype I32, which is not supported \(F16, BF16, F32 or F64\)/,
        ],
        [
          "range.safetensors",
          one({ offsets: [4, 12] }),
          /tensor 'w': data_offsets \[4, 12\] run past the end of the 8-byte buffer/,
        ],
        ["reversed.safetensors", one({ offsets: [8, 0] }), /tensor 'w' has no data_offsets \[begin, end\] with 0 ≤ begin ≤ end/],
        [
          "size.safetensors",
          one({ shape: [3] }),
          /tensor 'w': data_offsets \[0, 8\] span 8 bytes, but shape \(3,\) of F32 needs 12/,
        ],
        ["shape.safetensors", one({ shape: [-2] }), /tensor 'w' has no shape array of non-negative integers/],
        [
          "overlap.safetensors",
          safetensorsBytes({
            a: { dtype: "F32", shape: [2], bytes: f32([1, 2]), begin: 0 },
            b: { dtype: "F32", shape: [2], bytes: f32([3, 4]), begin: 4 },
          }),
          /tensors 'a' \[0, 8\) and 'b' \[4, 12\) overlap/,
        ],
        [
          "none.safetensors",
          safetensorsBytes({}, { metadata: { format: "pt" } }),
          /none\.safetensors is empty \(shape 0 tensors\)/,
        ],
        [
          "zero.safetensors",
          safetensorsBytes({ w: { dtype: "F32", shape: [0, 4], bytes: Buffer.alloc(0) } }),
          /is empty \(shape 1 tensor: w \(0, 4\)\)/,
        ],
      ];
      for (const [name, bytes, message] of cases)
        expect(() => readUpdate(write(name, bytes)), name).to.throw(ArgumentError, message);
    });
  });

  it("rejects each malformed JSON input with one clear line", () => {
    const cases: Array<[string, RegExp]> = [
      [path.join(dir, "missing.json"), /update file .*missing\.json not found/],
      [write("bad.json", "[0.1, 0.2,"), /is not valid JSON/],
      [write("object.json", '{"w": [1]}'), /must hold a JSON array of numbers/],
      [write("string.json", '[0.1, "x"]'), /element 1 is "x", not a number/],
      [write("empty.json", "[]"), /is empty/],
    ];
    for (const [file, message] of cases) expect(() => readUpdateFile(file), file).to.throw(ArgumentError, message);
  });
});
