import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import fc from "fast-check";

import { UserError } from "../../../src/core/errors";
import {
  ModelArtifactError,
  aggregateCommitmentOf,
  aggregateElements,
  applyAggregate,
  artifactHash,
  divideRoundHalfUp,
  genesisArtifact,
  modelAggregate,
  parseArtifact,
  roundArtifact,
  serializeArtifact,
  type ModelAggregate,
} from "../../../src/sdk/model/artifact";
import {
  aggregateCommitment,
  maxUpdateValue,
  minUpdateValue,
  packedUpdate,
  unpackAggregate,
  type UpdateShape,
} from "../../../src/zk";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** The tiny genesis and round of docs/MODELS.md. */
const GENESIS = genesisArtifact([256n, -128n, 0n], 8);
const GENESIS_TEXT = `{"format":"guardians-model/1","parent":null,"round":null,"fracBits":8,"weights":["256","-128","0"],"aggregate":null,"rule":"genesis"}\n`;
const AGGREGATE = modelAggregate({
  updateLength: 4,
  bits: 8,
  headroom: 5,
  contributionWeights: [2n, 0n, 1n],
  sums: [-3n, 5n, 7n, 0n],
});
const ROUND = roundArtifact({
  parent: { version: 1n, weightsHash: artifactHash(utf8(GENESIS_TEXT)), weights: GENESIS.weights },
  round: 1n,
  fracBits: 8,
  aggregate: AGGREGATE,
});
const ROUND_TEXT = text(serializeArtifact(ROUND));

describe("model artifacts: one canonical file per version", () => {
  it("writes a genesis as compact JSON in the documented key order, integers as decimal strings", () => {
    expect(text(serializeArtifact(GENESIS))).to.equal(GENESIS_TEXT);
  });

  it("writes a round artifact with its parent, round and aggregate in the documented key order", () => {
    expect(ROUND_TEXT).to.equal(
      `{"format":"guardians-model/1","parent":{"version":"1","weightsHash":"${ROUND.parent.weightsHash}"},"round":"1",` +
        `"fracBits":8,"weights":["255","-126","2"],"aggregate":{"updateLength":4,"bits":8,"headroom":5,` +
        `"contributionWeights":["2","0","1"],"totalWeight":"3","sums":["-3","5","7","0"],"commitment":"${AGGREGATE.commitment}"},` +
        `"rule":"weighted-mean-round-half-up/1"}\n`,
    );
  });

  it("reads back what it writes, and writes back the exact bytes it read", () => {
    for (const artifact of [GENESIS, ROUND]) {
      const bytes = serializeArtifact(artifact);
      expect(parseArtifact(bytes)).to.deep.equal(artifact);
      expect(serializeArtifact(parseArtifact(bytes))).to.deep.equal(bytes);
    }
  });

  it("matches the examples of docs/MODELS.md byte for byte, hashes included", () => {
    const docs = fs.readFileSync(path.join(__dirname, "../../../docs/MODELS.md"), "utf8");
    const examples = docs.split("\n").filter((line) => line.startsWith('{"format"'));
    expect(examples).to.deep.equal([GENESIS_TEXT.trimEnd(), ROUND_TEXT.trimEnd()]);
    expect(docs).to.include(`\`keccak256\` =\n\`${artifactHash(utf8(GENESIS_TEXT))}\``);
  });

  it("hashes the file's bytes with keccak256, as the ModelRegistry's weightsHash", () => {
    expect(artifactHash(new Uint8Array())).to.equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    expect(artifactHash(utf8(GENESIS_TEXT))).to.not.equal(artifactHash(utf8(GENESIS_TEXT.trimEnd())));
  });

  it("refuses every malformed or non-canonical file with one line naming the field", () => {
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ["not UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), /the file is not UTF-8 text/],
      ["not JSON", "{", /the file is not JSON/],
      ["an array", "[]\n", /the file must be a JSON object/],
      ["unknown format", GENESIS_TEXT.replace("guardians-model/1", "guardians-model/2"), /format must be "guardians-model\/1"/],
      ["unknown rule", GENESIS_TEXT.replace('"rule":"genesis"', '"rule":"median"'), /rule must be "weighted-mean/],
      ["extra field", GENESIS_TEXT.replace('"rule"', '"extra":1,"rule"'), /extra is not a field of guardians-model\/1/],
      ["missing field", GENESIS_TEXT.replace(',"rule":"genesis"', ""), /rule is missing/],
      [
        "weight as a JSON number",
        GENESIS_TEXT.replace('"256"', "256"),
        /weights\[0\] must be an integer written as a decimal string/,
      ],
      ["leading zero", GENESIS_TEXT.replace('"256"', '"0256"'), /weights\[0\] must be an integer/],
      ["minus zero", GENESIS_TEXT.replace('"0"]', '"-0"]'), /weights\[2\] must be an integer/],
      ["no weights", GENESIS_TEXT.replace('["256","-128","0"]', "[]"), /weights must not be empty/],
      [
        "fracBits as a string",
        GENESIS_TEXT.replace('"fracBits":8', '"fracBits":"8"'),
        /fracBits must be an integer from 0 to 255/,
      ],
      ["fractional fracBits", GENESIS_TEXT.replace('"fracBits":8', '"fracBits":8.5'), /fracBits must be an integer/],
      ["genesis with a round", GENESIS_TEXT.replace('"round":null', '"round":"1"'), /round must be null in a genesis artifact/],
      [
        "uppercase hash",
        ROUND_TEXT.replace(/"0x([0-9a-f]+)"/, (_, hex: string) => `"0x${hex.toUpperCase()}"`),
        /parent\.weightsHash must be 32 bytes of lowercase 0x-hex/,
      ],
      ["parent version 0", ROUND_TEXT.replace('"version":"1"', '"version":"0"'), /parent\.version must be at least 1/],
      ["round 0", ROUND_TEXT.replace('"round":"1"', '"round":"0"'), /round must be at least 1/],
      [
        "round missing its aggregate",
        ROUND_TEXT.replace(/"aggregate":\{[^}]*\}/, '"aggregate":null'),
        /aggregate must be a JSON object/,
      ],
      [
        "sums of the wrong length",
        ROUND_TEXT.replace('"sums":["-3","5","7","0"]', '"sums":["-3","5"]'),
        /aggregate\.sums has 2 values, aggregate\.updateLength is 4/,
      ],
      [
        "more weights than N",
        ROUND_TEXT.replace('"updateLength":4', '"updateLength":2').replace('"sums":["-3","5","7","0"]', '"sums":["-3","5"]'),
        /weights has 3 values, more than aggregate\.updateLength 2/,
      ],
      [
        "negative contribution weight",
        ROUND_TEXT.replace('"contributionWeights":["2"', '"contributionWeights":["-2"'),
        /aggregate\.contributionWeights\[0\] must be a non-negative integer/,
      ],
      [
        "zero total weight",
        ROUND_TEXT.replace('"totalWeight":"3"', '"totalWeight":"0"'),
        /aggregate\.totalWeight must be at least 1/,
      ],
      [
        "slots wider than 253 bits",
        ROUND_TEXT.replace('"headroom":5', '"headroom":246'),
        /aggregate\.headroom must be an integer from 1 to 245/,
      ],
      [
        "commitment not a field element",
        ROUND_TEXT.replace(/"commitment":"\d+"/, `"commitment":"${2n ** 254n}"`),
        /aggregate\.commitment must be a field element/,
      ],
      ["indented", JSON.stringify(JSON.parse(GENESIS_TEXT), null, 2) + "\n", /not canonical: byte 1 differs/],
      ["no final newline", GENESIS_TEXT.trimEnd(), /not canonical/],
      [
        "keys reordered",
        GENESIS_TEXT.replace('"parent":null,"round":null', '"round":null,"parent":null'),
        /not canonical: byte 31 differs/,
      ],
      ["a duplicated key", GENESIS_TEXT.replace('"rule":"genesis"', '"rule":"median","rule":"genesis"'), /not canonical/],
      ["an escaped digit", GENESIS_TEXT.replace('"256"', '"\\u0032\\u0035\\u0036"'), /not canonical/],
    ];
    for (const [what, file, message] of cases) {
      const bytes = typeof file === "string" ? utf8(file) : file;
      expect(() => parseArtifact(bytes), what).to.throw(ModelArtifactError, message);
      expect(() => parseArtifact(bytes), what).to.throw(UserError, /^model artifact: [^\n]+$/);
    }
  });

  it("refuses to write an artifact it could not read back", () => {
    const upper = { ...ROUND, parent: { ...ROUND.parent, weightsHash: ROUND.parent.weightsHash.toUpperCase() as `0x${string}` } };
    expect(() => serializeArtifact(upper)).to.throw(ModelArtifactError, /parent\.weightsHash must be 32 bytes of lowercase/);
    expect(() => genesisArtifact([1n], -1)).to.throw(ModelArtifactError, /fracBits must be an integer from 0 to 255/);
  });
});

describe("the rule: parent + the weighted mean of the round's updates, rounded half up", () => {
  it("rounds halves toward +∞ and anything else to the nearest integer, negatives included", () => {
    const cases: Array<[bigint, bigint, bigint]> = [
      [-3n, 2n, -1n],
      [-5n, 2n, -2n],
      [5n, 2n, 3n],
      [3n, 2n, 2n],
      [-1n, 2n, 0n],
      [-4n, 2n, -2n],
      [-7n, 3n, -2n],
      [-8n, 3n, -3n],
      [7n, 3n, 2n],
      [0n, 5n, 0n],
    ];
    for (const [numerator, denominator, rounded] of cases)
      expect(divideRoundHalfUp(numerator, denominator), `${numerator}/${denominator}`).to.equal(rounded);
  });

  it("lands within half a unit of the exact quotient, ties going up: r − ½ ≤ a/b < r + ½", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: 1n, max: 2n ** 40n }), (a, b) => {
        const r = divideRoundHalfUp(a, b);
        expect(2n * b * r - b <= 2n * a && 2n * a < 2n * b * r + b, `${a}/${b} → ${r}`).to.be.true;
      }),
      { numRuns: 200 },
    );
  });

  it("adds the rounded mean to each parent weight and ignores the aggregate's zero-padded coordinates", () => {
    const aggregate = modelAggregate({
      updateLength: 4,
      bits: 8,
      headroom: 5,
      contributionWeights: [2n],
      sums: [-3n, -5n, 99n, 99n],
    });
    expect(applyAggregate([10n, -10n], aggregate)).to.deep.equal([9n, -12n]);
  });

  it("refuses a parent with more weights than the round's update length", () => {
    expect(() => applyAggregate([0n, 0n, 0n, 0n, 0n], AGGREGATE)).to.throw(
      ModelArtifactError,
      /the parent has 5 weights, more than the aggregate's 4 values/,
    );
  });

  it("builds a round artifact's weights with the rule, and refuses an aggregate that contradicts itself", () => {
    expect(ROUND.weights).to.deep.equal(applyAggregate(GENESIS.weights, AGGREGATE));
    const parent = { version: 1n, weightsHash: ROUND.parent.weightsHash, weights: GENESIS.weights };
    const build = (aggregate: ModelAggregate) => () => roundArtifact({ parent, round: 1n, fracBits: 8, aggregate });
    expect(build({ ...AGGREGATE, totalWeight: 4n })).to.throw(
      ModelArtifactError,
      /totalWeight is 4, the contribution weights sum to 3/,
    );
    expect(build({ ...AGGREGATE, commitment: AGGREGATE.commitment + 1n })).to.throw(
      ModelArtifactError,
      /commitment is not the aggregateCommitment/,
    );
  });
});

describe("the aggregate as the aggregation circuit packs and commits to it", () => {
  /** A round: a shape, 1–4 updates within BITS, and weights whose total W lies in [1, 2^H). */
  const round = fc
    .record({ n: fc.integer({ min: 1, max: 30 }), bits: fc.integer({ min: 2, max: 16 }), headroom: fc.constantFrom(4, 5) })
    .chain((shape: Required<UpdateShape>) => {
      const value = fc.bigInt({ min: minUpdateValue(shape.bits), max: maxUpdateValue(shape.bits) });
      const contribution = fc.record({
        update: fc.array(value, { minLength: shape.n, maxLength: shape.n }),
        weight: fc.bigInt({ min: 0n, max: 7n }),
      });
      return fc
        .array(contribution, { minLength: 1, maxLength: 4 })
        .filter((cs) => {
          const total = cs.reduce((sum, c) => sum + c.weight, 0n);
          return total >= 1n && total < 1n << BigInt(shape.headroom);
        })
        .map((contributions) => ({ shape, contributions }));
    });

  it("rebuilds src/zk's packed weighted aggregate and its commitment from the signed sums and W", () => {
    fc.assert(
      fc.property(round, ({ shape, contributions }) => {
        // src/zk's side: Σ w_i·packed_i, as the circuit adds the packed openings.
        const packed = contributions.map((c) => packedUpdate(c.update, shape));
        const elements = packed[0].map((_, e) => contributions.reduce((sum, c, i) => sum + c.weight * packed[i][e], 0n));
        const sums = Array.from({ length: shape.n }, (_, j) =>
          contributions.reduce((sum, c) => sum + c.weight * c.update[j], 0n),
        );
        const aggregate = modelAggregate({
          updateLength: shape.n,
          bits: shape.bits,
          headroom: shape.headroom,
          contributionWeights: contributions.map((c) => c.weight),
          sums,
        });
        expect(unpackAggregate(elements, aggregate.totalWeight, shape).weightedSums).to.deep.equal(sums);
        expect(aggregateElements(aggregate)).to.deep.equal(elements);
        expect(aggregateCommitmentOf(aggregate)).to.equal(aggregateCommitment(elements, shape));
        expect(aggregate.commitment).to.equal(aggregateCommitment(elements, shape));
      }),
      { numRuns: 30 },
    );
  });

  it("refuses sums whose slot would carry into the next one or go below zero", () => {
    // BITS = 4, H = 5, W = 1: a slot holds sum + 8 and must stay in [0, 2^9).
    const aggregate = (sums: bigint[]): ModelAggregate => ({ ...AGGREGATE, bits: 4, totalWeight: 1n, sums });
    expect(aggregateElements(aggregate([503n, -8n, 0n, 0n]))).to.have.length(1);
    expect(() => aggregateElements(aggregate([504n, 0n, 0n, 0n]))).to.throw(
      ModelArtifactError,
      /sums\[0\] = 504 does not fit a 9-bit slot/,
    );
    expect(() => aggregateElements(aggregate([0n, -9n, 0n, 0n]))).to.throw(ModelArtifactError, /sums\[1\] = -9 does not fit/);
  });
});
