/** Proving a contribution in Node, with the proving keys `npx hardhat zk:build` cached. */
import { cachedCircuitKeys } from "./cached-keys";
import {
  buildContributionInput,
  contributionCircuit,
  contributionProof,
  type ContributionCircuit,
  type ContributionProof,
  type ContributionRequest,
} from "./contribution";
import { proveGroth16, type CircuitKeys, type ProvingProgress } from "./groth16";

export interface ProveOptions {
  circuit?: ContributionCircuit;
  /** Cache folder of the built circuits (defaults to src/zk/pipeline/manifest's ZK_CACHE_DIR). */
  cacheDir?: string;
  /** The circuit's wasm and proving key (default: the cached ones, cachedCircuitKeys). */
  keys?: CircuitKeys;
  /** Called at each stage, with snarkjs's "x/y" progress while proving. */
  onProgress?: ProvingProgress;
}

/**
 * Proves a contribution with snarkjs groth16.fullProve on the cached wasm and proving key of the
 * circuit (built by `npx hardhat zk:build`). Inputs are validated before any proving starts, and
 * the public signals snarkjs returns are checked against those computed in TypeScript.
 */
export async function proveContribution(request: ContributionRequest, options: ProveOptions = {}): Promise<ContributionProof> {
  const circuit = options.circuit ?? contributionCircuit();
  const { input, signals } = buildContributionInput(request, circuit);
  const progress = options.onProgress ?? (() => {});
  progress("checked");
  const keys = options.keys ?? cachedCircuitKeys(circuit.name, options.cacheDir);
  const { proof, publicSignals } = await proveGroth16(input, keys, progress);
  const proved = contributionProof(signals, proof, publicSignals);
  progress("proved");
  return proved;
}
