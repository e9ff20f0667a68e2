import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

import { circuitPaths } from "../../src/zk/pipeline/manifest";
import { SNARK_SCALAR_FIELD } from "../../src/zk";

/*
 * A harness for soundness tests: it computes honest witnesses with a circuit's cached wasm (built by
 * `npx hardhat zk:build --group test`), lets a test overwrite any witness signal by name (a
 * malicious prover controls every wire), and evaluates every R1CS constraint of the cached .r1cs on
 * the result. A witness that breaks a constraint has no Groth16 proof, so "violates a constraint"
 * is exactly "cannot be proven", whatever the witness generator would have refused.
 */

/** One linear combination of an R1CS constraint: wire index → coefficient. */
type LinearCombination = Record<string, bigint>;
type Constraint = [LinearCombination, LinearCombination, LinearCombination];

interface WitnessCalculator {
  calculateWitness(input: Record<string, unknown>, sanityCheck: boolean): Promise<bigint[]>;
}

// circom generates witness_calculator.js next to the wasm; r1csfile and ffjavascript ship no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- r1csfile ships no types
const { readR1cs } = require("r1csfile") as {
  readR1cs(file: string, options: object): Promise<{ constraints: Constraint[]; nVars: number }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- ffjavascript ships no types
const { F1Field } = require("ffjavascript") as { F1Field: new (p: bigint) => unknown };

const mod = (x: bigint) => ((x % SNARK_SCALAR_FIELD) + SNARK_SCALAR_FIELD) % SNARK_SCALAR_FIELD;

export class CircuitHarness {
  private constructor(
    readonly name: string,
    private readonly calculator: WitnessCalculator,
    private readonly constraints: Constraint[],
    /** Signal name (without "main.") → witness index, for signals that survived --O2. */
    private readonly wires: Map<string, number>,
  ) {}

  static async load(name: string): Promise<CircuitHarness> {
    const paths = circuitPaths(name);
    if (!fs.existsSync(paths.wasm) || !fs.existsSync(paths.r1cs)) {
      throw new Error(`${name} is not built: run npx hardhat zk:build --group test`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- circom writes witness_calculator.js, a CommonJS file, at build time
    const builder = require(path.join(path.dirname(paths.wasm), "witness_calculator.js")) as (
      code: Buffer,
    ) => Promise<WitnessCalculator>;
    const calculator = await builder(fs.readFileSync(paths.wasm));
    const r1cs = await readR1cs(paths.r1cs, {
      loadConstraints: true,
      loadMap: false,
      getFieldFromPrime: (p: bigint) => new F1Field(p),
    });
    const wires = new Map<string, number>();
    for (const line of fs.readFileSync(paths.sym, "utf8").split("\n")) {
      const [, wire, , fullName] = line.split(",");
      if (fullName && Number(wire) >= 0) wires.set(fullName.replace(/^main\./, ""), Number(wire));
    }
    return new CircuitHarness(name, calculator, r1cs.constraints, wires);
  }

  /** The honest witness; throws (an assertion of the witness generator) when the input is invalid. */
  async witness(input: Record<string, unknown>): Promise<bigint[]> {
    return this.calculator.calculateWitness(input, true);
  }

  /** Witness index of a signal, named as in the .sym file without "main." (e.g. "squares[0]"). */
  wire(signal: string): number {
    const wire = this.wires.get(signal);
    if (wire === undefined) throw new Error(`${this.name}: no witness wire named ${signal} (removed by --O2?)`);
    return wire;
  }

  /** Number of R1CS constraints (after --O2). */
  get constraintCount(): number {
    return this.constraints.length;
  }

  hasWire(signal: string): boolean {
    return this.wires.has(signal);
  }

  /** Names of the wires that match a pattern, e.g. /\.pathBits\[/. */
  wiresMatching(pattern: RegExp): string[] {
    return [...this.wires.keys()].filter((name) => pattern.test(name));
  }

  get(witness: readonly bigint[], signal: string): bigint {
    return witness[this.wire(signal)];
  }

  /** A copy of the witness with the given signals overwritten (values reduced mod p). */
  patch(witness: readonly bigint[], values: Record<string, bigint>): bigint[] {
    const patched = [...witness];
    for (const [signal, value] of Object.entries(values)) patched[this.wire(signal)] = mod(value);
    return patched;
  }

  /** Indices of the constraints A·w × B·w = C·w that the witness breaks. */
  violatedConstraints(witness: readonly bigint[]): number[] {
    const evaluate = (lc: LinearCombination) =>
      Object.entries(lc).reduce((acc, [wire, coefficient]) => acc + coefficient * witness[Number(wire)], 0n);
    const violated: number[] = [];
    this.constraints.forEach(([a, b, c], i) => {
      if (mod(evaluate(a) * evaluate(b) - evaluate(c)) !== 0n) violated.push(i);
    });
    return violated;
  }

  /** Every violated constraint mentions a wire that matches the pattern: that check alone stops the attack. */
  expectOnlyViolations(witness: readonly bigint[], pattern: RegExp): void {
    const violated = this.violatedConstraints(witness);
    expect(violated, "the malicious witness satisfies every constraint").to.not.be.empty;
    for (const c of violated) {
      const wires = this.wiresOf(c);
      expect(
        wires.some((w) => pattern.test(w)),
        `constraint ${c} on [${wires.join(", ")}]`,
      ).to.equal(true);
    }
  }

  /** The witness generator refuses the input (one of the circuit's assertions fails). */
  async expectWitnessRefused(input: Record<string, unknown>): Promise<void> {
    const error = await this.witness(input).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error, "the witness generator accepted the input").to.be.instanceOf(Error);
  }

  /** The names of the wires a constraint mentions. */
  wiresOf(constraintIndex: number): string[] {
    const indices = new Set(this.constraints[constraintIndex].flatMap((lc) => Object.keys(lc).map(Number)));
    return [...this.wires.entries()].filter(([, wire]) => indices.has(wire)).map(([name]) => name);
  }
}

/** The low `count` bits of a field element, as a Num2Bits would hold them, little-endian. */
export function lowBits(value: bigint, count: number): bigint[] {
  const v = mod(value);
  return Array.from({ length: count }, (_, i) => (v >> BigInt(i)) & 1n);
}

/** Overwrites the bit wires `<prefix>[i]` that survived --O2 with the low bits of a value. */
export function bitPatch(harness: CircuitHarness, prefix: string, value: bigint, count: number): Record<string, bigint> {
  const bits = lowBits(value, count);
  const out: Record<string, bigint> = {};
  bits.forEach((bit, i) => {
    if (harness.hasWire(`${prefix}[${i}]`)) out[`${prefix}[${i}]`] = bit;
  });
  return out;
}

/** Modular inverse and square root in the BN254 scalar field (for constructing malicious witnesses). */
export const field = {
  mod,
  inv(x: bigint): bigint {
    return field.pow(mod(x), SNARK_SCALAR_FIELD - 2n);
  },
  pow(base: bigint, exponent: bigint): bigint {
    let result = 1n;
    let b = mod(base);
    for (let e = exponent; e > 0n; e >>= 1n) {
      if (e & 1n) result = (result * b) % SNARK_SCALAR_FIELD;
      b = (b * b) % SNARK_SCALAR_FIELD;
    }
    return result;
  },
  /** A square root of x mod p, or undefined when x is not a square (Tonelli–Shanks). */
  sqrt(x: bigint): bigint | undefined {
    const p = SNARK_SCALAR_FIELD;
    const n = mod(x);
    if (n === 0n) return 0n;
    if (field.pow(n, (p - 1n) / 2n) !== 1n) return undefined;
    let q = p - 1n;
    let s = 0n;
    while ((q & 1n) === 0n) {
      q >>= 1n;
      s++;
    }
    let z = 2n;
    while (field.pow(z, (p - 1n) / 2n) !== p - 1n) z++;
    let m = s;
    let c = field.pow(z, q);
    let t = field.pow(n, q);
    let r = field.pow(n, (q + 1n) / 2n);
    while (t !== 1n) {
      let i = 0n;
      let t2 = t;
      while (t2 !== 1n) {
        t2 = (t2 * t2) % p;
        i++;
      }
      const b = field.pow(c, 1n << (m - i - 1n));
      m = i;
      c = (b * b) % p;
      t = (t * c) % p;
      r = (r * b) % p;
    }
    return r;
  },
};
