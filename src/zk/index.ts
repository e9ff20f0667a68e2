/**
 * Guardians' zero-knowledge library: everything a member needs to prove a contribution, mirroring
 * circuits/normbound.circom, circuits/membership.circom, circuits/contribution.circom and
 * circuits/aggregation.circom. Everything here runs in a browser as in Node; the Node provers on the
 * cached keys are src/zk/prover.ts (proveContribution) and src/zk/aggregation-prover.ts.
 */
export { ProofInputError } from "./errors";
export { SNARK_SCALAR_FIELD, toField } from "./field";
export { randomFieldElement } from "./random";
export { quantize, dequantize, padUpdate, type Quantized } from "./quantize";
export {
  type UpdateShape,
  minUpdateValue,
  maxUpdateValue,
  maxL2BoundSq,
  sumOfSquaresBits,
  valuesPerElement,
  packedElements,
  chainElements,
  commitmentDomain,
  slotBits,
  headroomOf,
  AGGREGATION_HEADROOM,
  CHAIN_BLOCK,
} from "./encoding";
export { checkUpdate, packUpdate, poseidonChain, sumOfSquares, updateCommitment } from "./commitment";
export { poseidonHash } from "./poseidon";
export { Identity, NULLIFIER_DOMAIN, memberLeaf } from "./identity";
export { MemberTree, type MemberPath } from "./tree";
export { roundScope } from "./scope";
export {
  DEFAULT_CONTRIBUTION_CIRCUIT,
  type ContributionCircuit,
  type ContributionRequest,
  type ContributionCalldata,
  type ContributionProof,
  type ContributionWitnessInput,
  contributionCircuit,
  contributionCircuitFor,
  contributionProof,
  buildContributionInput,
  toSolidityCalldata,
} from "./contribution";
export {
  CONTRIBUTION_SIGNAL,
  CONTRIBUTION_SIGNAL_COUNT,
  CONTRIBUTION_SIGNAL_NAMES,
  signalsToArray,
  type ContributionPublicSignals,
  type ContributionSignalName,
  type ContributionSignals,
} from "./signals";
export {
  type CircuitKeys,
  type ProvingStage,
  type ProvingProgress,
  type SolidityProofPoints,
  proveGroth16,
  solidityProofPoints,
} from "./groth16";
export { CIRCUIT_SPECS, type CircuitSpec } from "./circuits";
export type { Groth16Proof } from "./snarkjs";
export {
  type AggregationShape,
  type Aggregate,
  type AggregationRound,
  type AggregationPublicSignals,
  type AggregationWitnessInput,
  type Opening,
  PADDING_COMMITMENT,
  aggregateCommitment,
  aggregateCommitmentDomain,
  aggregationSignalsToArray,
  buildAggregationInput,
  checkWeights,
  packAggregate,
  packWeights,
  packedUpdate,
  unpackAggregate,
  unpackSlots,
  unpackWeights,
} from "./aggregation";
