import { Groth16Proof, SnarkLogger, snark } from "./snarkjs";

/** The stages a prover reports: inputs checked, proving (with snarkjs's "x/y" progress), proved. */
export type ProvingStage = "checked" | "proving" | "proved";

/** A prover's progress callback: each stage, with snarkjs's "x/y" progress while proving. */
export type ProvingProgress = (stage: ProvingStage, done?: number, total?: number) => void;

/**
 * Where a circuit's witness generator (wasm) and proving key (zkey) come from: file paths in Node
 * (cachedCircuitKeys), URLs or the files' bytes in a browser (the app checks their hashes first).
 */
export interface CircuitKeys {
  wasm: string | Uint8Array;
  zkey: string | Uint8Array;
}

/** A Groth16 proof's points as the Solidity verifiers take them (pB's coordinates swapped, as the EVM pairing wants). */
export interface SolidityProofPoints {
  pA: [bigint, bigint];
  pB: [[bigint, bigint], [bigint, bigint]];
  pC: [bigint, bigint];
}

/** The proof points of a snarkjs proof, in the order the EIP-197 pairing precompile reads them. */
export function solidityProofPoints(proof: Groth16Proof): SolidityProofPoints {
  const b = (x: string) => BigInt(x);
  return {
    pA: [b(proof.pi_a[0]), b(proof.pi_a[1])],
    pB: [
      [b(proof.pi_b[0][1]), b(proof.pi_b[0][0])],
      [b(proof.pi_b[1][1]), b(proof.pi_b[1][0])],
    ],
    pC: [b(proof.pi_c[0]), b(proof.pi_c[1])],
  };
}

/**
 * snarkjs groth16.fullProve with the given keys, reporting "proving" with snarkjs's "x/y" progress. It
 * runs the same in Node and in a browser (a Web Worker keeps a page responsive while it proves).
 */
export async function proveGroth16(
  input: Record<string, string | string[] | string[][]>,
  keys: CircuitKeys,
  progress: ProvingProgress = () => {},
): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const logger: SnarkLogger = {
    log() {},
    debug(message) {
      const m = /(\d+)\/(\d+)/.exec(message);
      if (m) progress("proving", Number(m[1]), Number(m[2]));
    },
    info() {},
    warn() {},
    error() {},
  };
  progress("proving");
  return snark.groth16.fullProve(input, keys.wasm, keys.zkey, logger);
}
