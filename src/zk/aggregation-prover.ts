import {
  Aggregate,
  AggregationPublicSignals,
  AggregationRound,
  AggregationShape,
  aggregationSignalsToArray,
  buildAggregationInput,
} from "./aggregation";
import { ProofInputError } from "./errors";
import { cachedCircuitKeys } from "./cached-keys";
import { CIRCUIT_SPECS } from "./circuits";
import { ProvingProgress, SolidityProofPoints, proveGroth16, solidityProofPoints } from "./groth16";
import type { Groth16Proof } from "./snarkjs";

/** The Aggregation instance the demo's rounds and the contract tests use: Aggregation(8, 32, 16, 5). */
export const DEFAULT_AGGREGATION_CIRCUIT = "aggregation_k8_n32_b16_h5";

/** An Aggregation instance of circuits/circuits.json: its name and template parameters. */
export interface AggregationCircuit extends AggregationShape {
  name: string;
  /** H, always given for an instance (the template takes it as a parameter). */
  headroom: number;
}

/** Reads an Aggregation instance's parameters (K, N, BITS, H) from the manifest. */
export function aggregationCircuit(name: string = DEFAULT_AGGREGATION_CIRCUIT): AggregationCircuit {
  const spec = CIRCUIT_SPECS.find((c) => c.name === name);
  if (!spec || spec.template !== "Aggregation") {
    throw new ProofInputError(`"${name}" is not an Aggregation circuit of circuits/circuits.json`);
  }
  const [k, n, bits, headroom] = spec.params;
  return { name, k, n, bits, headroom };
}

/**
 * An aggregation proof as IAggregationVerifier.verifyAggregation takes it: the commitments are the
 * round's k, not padded (the verifier pads them with 0 up to K).
 */
export interface AggregationCalldata extends SolidityProofPoints {
  aggregateCommitment: bigint;
  commitments: bigint[];
  weights: bigint;
}

export interface AggregationProof {
  proof: Groth16Proof;
  /** The public signals as snarkjs returns them (decimal strings): [aggregateCommitment, commitments[K], weights]. */
  publicSignals: string[];
  signals: AggregationPublicSignals;
  /** The aggregate the proof commits to: elements, totalWeight, offsetSums, weightedSums, commitment. */
  aggregate: Aggregate;
  calldata: AggregationCalldata;
}

export interface AggregationProveOptions {
  /** The instance to prove with (DEFAULT_AGGREGATION_CIRCUIT unless given). */
  circuit?: AggregationCircuit;
  /** Cache folder of the built circuits (defaults to src/zk/pipeline/manifest's ZK_CACHE_DIR). */
  cacheDir?: string;
  /** Called at each stage, with snarkjs's "x/y" progress while proving. */
  onProgress?: ProvingProgress;
}

/**
 * Proves a round's aggregate with snarkjs groth16.fullProve on the cached wasm and proving key of
 * the Aggregation instance (built by `npx hardhat zk:build`). The round is checked first
 * (buildAggregationInput: weights, openings of the selected contributions), and the public signals
 * snarkjs returns are checked against those computed in TypeScript.
 */
export async function proveAggregation(
  round: AggregationRound,
  options: AggregationProveOptions = {},
): Promise<AggregationProof> {
  const circuit = options.circuit ?? aggregationCircuit();
  const { input, aggregate, signals } = buildAggregationInput(round, circuit);
  const progress = options.onProgress ?? (() => {});
  progress("checked");
  const { proof, publicSignals } = await proveGroth16(input, cachedCircuitKeys(circuit.name, options.cacheDir), progress);
  const expected = aggregationSignalsToArray(signals);
  if (publicSignals.length !== expected.length || publicSignals.some((s, i) => BigInt(s) !== expected[i])) {
    throw new Error(`the circuit's public signals [${publicSignals}] differ from TypeScript's [${expected}]`);
  }
  progress("proved");
  return {
    proof,
    publicSignals,
    signals,
    aggregate,
    calldata: {
      ...solidityProofPoints(proof),
      aggregateCommitment: signals.aggregateCommitment,
      commitments: [...round.commitments],
      weights: signals.weights,
    },
  };
}
