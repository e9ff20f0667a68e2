/**
 * The Contribution circuit's public signals: the one TypeScript statement of their order. snarkjs
 * lists a circuit's outputs in declaration order, then its public inputs in the order of
 * `component main {public [...]}` (circuits/circuits.json's publicInputs); IContributionVerifier,
 * RoundManager.submit and the verifier base read them at these indices. test/zk/signals.test.ts
 * checks this module against the circuit, the manifest and, once it exists,
 * contracts/libraries/ContributionSignals.sol.
 */
export const CONTRIBUTION_SIGNAL_NAMES = [
  "root",
  "nullifier",
  "updateCommitment",
  "roundScope",
  "l2BoundSq",
  "recipient",
] as const;

export type ContributionSignalName = (typeof CONTRIBUTION_SIGNAL_NAMES)[number];

/** Index of each public signal in the proof's public-signal array. */
export const CONTRIBUTION_SIGNAL = {
  ROOT: 0,
  NULLIFIER: 1,
  UPDATE_COMMITMENT: 2,
  ROUND_SCOPE: 3,
  L2_BOUND_SQ: 4,
  RECIPIENT: 5,
} as const;

export const CONTRIBUTION_SIGNAL_COUNT = CONTRIBUTION_SIGNAL_NAMES.length;

/** The six public signals by name. */
export type ContributionSignals = Record<ContributionSignalName, bigint>;

/** The public-signal array as the verifier takes it: exactly six field elements. */
export type ContributionPublicSignals = [bigint, bigint, bigint, bigint, bigint, bigint];

/** Orders the signals as the circuit and IContributionVerifier do. */
export function signalsToArray(s: ContributionSignals): ContributionPublicSignals {
  return CONTRIBUTION_SIGNAL_NAMES.map((name) => s[name]) as ContributionPublicSignals;
}
