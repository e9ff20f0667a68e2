import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { UserError } from "../../src/core/errors";
import { DataError, WDBC_FEATURE_COUNT, loadWdbc, parseWdbc, positives, subset } from "../../src/fl/data";

const header = ["id", "diagnosis", ...Array.from({ length: WDBC_FEATURE_COUNT }, (_, i) => `f${i}`)].join(",");
const row = (id: number, diagnosis: string, value = "1.5") =>
  [String(id), diagnosis, ...new Array(WDBC_FEATURE_COUNT).fill(value)].join(",");

describe("fl/data", function () {
  it("loads the shipped wdbc copy: 569 rows, 212 malignant, 30 features each", function () {
    // The counts are the UCI documentation's (data/README.md), not read back from the parser.
    const data = loadWdbc();
    expect(data.labels).to.have.length(569);
    expect(positives(data)).to.equal(212);
    expect(data.features.every((r) => r.length === 30 && r.every(Number.isFinite))).to.equal(true);
  });

  it("reads the first wdbc row's diagnosis and features as written in the file", function () {
    const data = loadWdbc();
    expect(data.labels[0]).to.equal(1);
    expect(data.features[0].slice(0, 3)).to.deep.equal([17.99, 10.38, 122.8]);
  });

  it("maps M to 1 and B to 0 and ignores blank and CRLF line ends", function () {
    const data = parseWdbc(`${header}\r\n${row(1, "M")}\r\n\r\n${row(2, "B", "-2e-3")}\r\n`);
    expect(data.labels).to.deep.equal([1, 0]);
    expect(data.features[1][0]).to.equal(-0.002);
  });

  it("names the file and line of a bad diagnosis, a short row, or a non-number", function () {
    expect(() => parseWdbc(`${header}\n${row(1, "X")}`, "h.csv")).to.throw(
      DataError,
      'h.csv:2: diagnosis must be M or B, got "X"',
    );
    expect(() => parseWdbc(`${header}\n${row(1, "M")}\n1,M,2`, "h.csv")).to.throw(DataError, "h.csv:3: 3 columns, expected 32");
    expect(() => parseWdbc(`${header}\n${row(1, "B", "abc")}`, "h.csv")).to.throw(
      DataError,
      "h.csv:2: feature 1 is not a number",
    );
    expect(() => parseWdbc("a,b\n1,2", "h.csv")).to.throw(DataError, "the header has 2 columns");
    expect(() => parseWdbc(header)).to.throw(DataError, "at least one row");
  });

  it("reports a missing file as a user error, not a stack trace", function () {
    const missing = path.join(os.tmpdir(), "guardians-no-such-file.csv");
    expect(fs.existsSync(missing)).to.equal(false);
    expect(() => loadWdbc(missing)).to.throw(UserError, "cannot read the data set");
  });

  it("selects rows by index", function () {
    const data = parseWdbc(`${header}\n${row(1, "M", "1")}\n${row(2, "B", "2")}\n${row(3, "M", "3")}`);
    const picked = subset(data, [2, 0]);
    expect(picked.labels).to.deep.equal([1, 1]);
    expect(picked.features.map((r) => r[0])).to.deep.equal([3, 1]);
  });
});
