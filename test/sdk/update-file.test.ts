import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";

import { ArgumentError } from "../../src/sdk/errors";
import { readUpdateFile } from "../../src/sdk/update-file";
import { tempDir } from "../support/deployment";

/** Writes a 1-D .npy file the way numpy.save does (format 1.0, header padded to 64 bytes). */
function writeNpy(file: string, values: number[], dtype: "<f4" | "<f8"): void {
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${values.length},), }`;
  header += " ".repeat(64 - ((10 + header.length + 1) % 64)) + "\n";
  const width = dtype === "<f8" ? 8 : 4;
  const body = Buffer.alloc(values.length * width);
  values.forEach((v, i) => (width === 8 ? body.writeDoubleLE(v, i * 8) : body.writeFloatLE(v, i * 4)));
  const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  prefix.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, "latin1"), body]));
}

describe("update files", () => {
  const dir = tempDir("guardians-update-");
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it("reads a JSON array of floats", () => {
    expect(readUpdateFile(write("u.json", "[0.5, -1.25, 3]"))).to.deep.equal([0.5, -1.25, 3]);
  });

  it("reads float64 and float32 .npy vectors", () => {
    writeNpy(path.join(dir, "u64.npy"), [0.5, -1.25, 3], "<f8");
    writeNpy(path.join(dir, "u32.npy"), [0.5, -1.25, 3], "<f4");
    expect(readUpdateFile(path.join(dir, "u64.npy"))).to.deep.equal([0.5, -1.25, 3]);
    expect(readUpdateFile(path.join(dir, "u32.npy"))).to.deep.equal([0.5, -1.25, 3]);
  });

  it("rejects each malformed input with one clear line", () => {
    const cases: Array<[string, RegExp]> = [
      [path.join(dir, "missing.json"), /update file .*missing\.json not found/],
      [write("bad.json", "[0.1, 0.2,"), /is not valid JSON/],
      [write("object.json", '{"w": [1]}'), /must hold a JSON array of numbers/],
      [write("string.json", '[0.1, "x"]'), /element 1 is "x", not a number/],
      [write("empty.json", "[]"), /is empty/],
      [write("fake.npy", "not numpy"), /is not a \.npy file/],
    ];
    for (const [file, message] of cases) expect(() => readUpdateFile(file), file).to.throw(ArgumentError, message);
  });
});
