import { expect } from "chai";
import path from "node:path";

import { compileIfNeeded } from "../../src/zk/pipeline/build";
import { PROJECT_ROOT } from "../../src/core/paths";
import { silentProgress } from "../../src/core/progress";
import { SNARK_SCALAR_FIELD, sumOfSquares, sumOfSquaresBits, toField, updateCommitment } from "../../src/zk";
import { CircuitHarness, bitPatch, field } from "./harness";

/**
 * NormBound(4, 8): values in [-128, 128), K = bitLength(4) + 2·8 − 2 = 17, so l2BoundSq < 2^17.
 * Honest cases run the witness generator; malicious ones overwrite wires of an honest witness, as a
 * cheating prover can, and evaluate the R1CS constraints directly.
 */
describe("circuits/normbound.circom: NormBound(4, 8)", () => {
  const SHAPE = { n: 4, bits: 8 };
  const K = sumOfSquaresBits(SHAPE);
  const SALT = 987654321n;
  const HONEST = [100n, -7n, 55n, -128n];
  let circuit: CircuitHarness;

  const input = (update: bigint[], l2BoundSq: bigint, salt = SALT) => ({
    update: update.map((u) => toField(u).toString()),
    salt: salt.toString(),
    l2BoundSq: l2BoundSq.toString(),
  });

  /** Wires a prover sets for a chosen update: squares and the bit decompositions. */
  function cheat(update: bigint[], l2BoundSq: bigint, sum: bigint): Record<string, bigint> {
    const values: Record<string, bigint> = {
      l2BoundSq,
      ...bitPatch(circuit, "boundBits.out", l2BoundSq, K),
      ...bitPatch(circuit, "slackBits.out", l2BoundSq - sum, K),
    };
    update.forEach((u, i) => {
      values[`update[${i}]`] = u;
      values[`squares[${i}]`] = u * u;
      Object.assign(values, bitPatch(circuit, `valueRange[${i}].bits.out`, u + 128n, SHAPE.bits));
    });
    return values;
  }

  before(async () => {
    circuit = await CircuitHarness.load("normbound_n4_b8");
  });

  describe("honest witnesses", () => {
    it("outputs the commitment TypeScript computes, for a norm exactly at the bound", async () => {
      const bound = sumOfSquares(HONEST);
      const witness = await circuit.witness(input(HONEST, bound));
      expect(circuit.get(witness, "updateCommitment")).to.equal(updateCommitment(HONEST, SALT, SHAPE));
      expect(circuit.violatedConstraints(witness)).to.deep.equal([]);
    });

    it("refuses a norm one over the bound", async () => {
      await circuit.expectWitnessRefused(input(HONEST, sumOfSquares(HONEST) - 1n));
    });

    it("accepts -2^(BITS-1) = -128 and 2^(BITS-1) - 1 = 127, the ends of the documented range", async () => {
      const update = [-128n, 127n, -128n, 127n];
      const witness = await circuit.witness(input(update, sumOfSquares(update)));
      expect(circuit.violatedConstraints(witness)).to.deep.equal([]);
    });

    it("refuses 2^(BITS-1) = 128 and -2^(BITS-1) - 1 = -129, just outside the range", async () => {
      await circuit.expectWitnessRefused(input([128n, 0n, 0n, 0n], 1n << 16n));
      await circuit.expectWitnessRefused(input([-129n, 0n, 0n, 0n], 1n << 16n));
    });

    it("accepts the largest sum of squares, 4·128², under the largest bound 2^K - 1", async () => {
      const update = [-128n, -128n, -128n, -128n];
      expect(sumOfSquares(update) < 1n << BigInt(K)).to.equal(true);
      const witness = await circuit.witness(input(update, (1n << BigInt(K)) - 1n));
      expect(circuit.violatedConstraints(witness)).to.deep.equal([]);
    });

    it("refuses a bound of 2^K, which the range check on l2BoundSq excludes", async () => {
      await circuit.expectWitnessRefused(input(HONEST, 1n << BigInt(K)));
    });
  });

  describe("malicious witnesses", () => {
    it("the honest witness re-patched with its own values satisfies every constraint (the harness is sound)", async () => {
      const bound = sumOfSquares(HONEST);
      const witness = await circuit.witness(input(HONEST, bound));
      const repatched = circuit.patch(witness, cheat(HONEST, bound, bound));
      expect(repatched).to.deep.equal(witness);
      expect(circuit.violatedConstraints(repatched)).to.deep.equal([]);
    });

    it("a norm over the bound, with the bound's bits forged, breaks the bound check", async () => {
      const sum = sumOfSquares(HONEST);
      const witness = await circuit.witness(input(HONEST, sum));
      circuit.expectOnlyViolations(circuit.patch(witness, cheat(HONEST, sum - 1n, sum)), /^slackBits\./);
    });

    it("a negative value wrapped around the field (-156), hidden behind the same commitment, breaks its range check", async () => {
      // Packing is linear: moving -256 from value 0 into +1 on value 1 leaves the packed element, so
      // the commitment and every Poseidon wire, unchanged. Only the range check can notice.
      const forged = [HONEST[0] - 256n, HONEST[1] + 1n, HONEST[2], HONEST[3]];
      const bound = (1n << BigInt(K)) - 1n;
      const witness = await circuit.witness(input(HONEST, bound));
      circuit.expectOnlyViolations(
        circuit.patch(witness, cheat(forged, bound, sumOfSquares(forged))),
        /^(update|valueRange)\[0\]/,
      );
    });

    it("a sum of squares that wraps the field below the bound, behind the same commitment, breaks the range checks", async () => {
      // v0 = u0 + δ and v1 = u1 − δ/2^8 keep the packed element; choose δ so that v0² + v1² + u2² + u3²
      // ≡ target (mod p) for a small target: the sum "wraps" under the bound.
      const [u0, u1, u2, u3] = HONEST;
      const inv256 = field.inv(256n);
      const a = field.mod(1n + inv256 * inv256);
      const b = field.mod(2n * u0 - 2n * u1 * inv256);
      // Σv² = S + bδ + aδ², with S the honest sum; solve aδ² + bδ + (S − target) = 0 for the first
      // target whose discriminant is a square.
      let forged: bigint[] | undefined;
      let target = 999n;
      while (!forged) {
        target++;
        const root = field.sqrt(b * b - 4n * a * field.mod(sumOfSquares(HONEST) - target));
        if (root === undefined) continue;
        const delta = field.mod((field.mod(-b) + root) * field.inv(2n * a));
        forged = [field.mod(u0 + delta), field.mod(u1 - delta * inv256), u2, u3];
      }
      const forgedSum = field.mod(forged.reduce((acc, v) => acc + v * v, 0n));
      expect(forgedSum).to.equal(target);
      expect(forged[0] > 1n << 200n && forged[0] < SNARK_SCALAR_FIELD - (1n << 200n)).to.equal(true);

      const bound = 1n << 15n;
      const witness = await circuit.witness(input(HONEST, bound));
      circuit.expectOnlyViolations(circuit.patch(witness, cheat(forged, bound, target)), /^(update|valueRange)\[[01]\]/);
    });

    it("a commitment output that does not follow from the update breaks the chain's hash constraints", async () => {
      const bound = sumOfSquares(HONEST);
      const witness = await circuit.witness(input(HONEST, bound));
      const forged = circuit.patch(witness, { updateCommitment: circuit.get(witness, "updateCommitment") + 1n });
      expect(circuit.violatedConstraints(forged)).to.not.be.empty;
    });
  });

  describe("compile-time parameter checks", () => {
    const compile = (n: number, bits: number) =>
      compileIfNeeded(
        {
          name: `normbound_n${n}_b${bits}_limit`,
          file: "normbound",
          template: "NormBound",
          params: [n, bits],
          publicInputs: ["l2BoundSq"],
          group: "limits",
          verifier: false,
        },
        silentProgress,
        path.join(PROJECT_ROOT, ".cache", "zk-limits"),
      );

    it("compiles the largest parameters, K = bitLength(8) + 2·125 − 2 = 252", async function () {
      this.timeout(120_000);
      expect(sumOfSquaresBits({ n: 8, bits: 125 })).to.equal(252);
      const built = await compile(8, 125);
      expect(built.info.nConstraints).to.be.greaterThan(0);
    });

    it("refuses K = 253, where N·2^(2·BITS−2) could reach p (NormBound(16, 125))", async function () {
      this.timeout(120_000);
      expect(sumOfSquaresBits({ n: 16, bits: 125 })).to.equal(253);
      const error = await compile(16, 125).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/assert/i);
    });
  });
});
