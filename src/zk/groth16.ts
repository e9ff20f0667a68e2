import fs from "node:fs";

import { UserError } from "../core/errors";
import { circuitPaths } from "./pipeline/manifest";
import { Groth16Proof, SnarkLogger, snark } from "./pipeline/snarkjs";

/** The stages a prover reports: inputs checked, proving (with snarkjs's "x/y" progress), proved. */
export type ProvingStage = "checked" | "proving" | "proved";

/** A prover's progress callback: each stage, with snarkjs's "x/y" progress while proving. */
export type ProvingProgress = (stage: ProvingStage, done?: number, total?: number) => void;

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
 * snarkjs groth16.fullProve on the cached wasm and proving key of a built circuit (`npx hardhat
 * zk:build`), reporting "proving" with snarkjs's progress. A circuit that is not built is one
 * UserError that says how to build it.
 */
export async function proveWithCachedKey(
  circuitName: string,
  input: Record<string, string | string[] | string[][]>,
  progress: ProvingProgress,
  cacheDir?: string,
): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const paths = circuitPaths(circuitName, cacheDir);
  if (!fs.existsSync(paths.wasm) || !fs.existsSync(paths.zkey)) {
    throw new UserError(`circuit ${circuitName} is not built: run npx hardhat zk:build --circuit ${circuitName}`);
  }
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
  return snark.groth16.fullProve(input, paths.wasm, paths.zkey, logger);
}
