/**
 * A member's contribution proof, the browser-safe part: the circuit instance, the witness input with
 * every condition the circuit enforces checked first, and the calldata of a finished proof. Proving
 * itself is proveGroth16 (src/zk/groth16.ts) with the circuit's keys; src/zk/prover.ts's
 * proveContribution does all of it in Node with the cached keys.
 */
import { CIRCUIT_SPECS } from "./circuits";
import { checkUpdate, sumOfSquares, updateCommitment } from "./commitment";
import { UpdateShape, maxL2BoundSq } from "./encoding";
import { ProofInputError } from "./errors";
import { SNARK_SCALAR_FIELD, toField } from "./field";
import { solidityProofPoints } from "./groth16";
import { Identity } from "./identity";
import { CONTRIBUTION_SIGNAL_COUNT, signalsToArray, type ContributionPublicSignals, type ContributionSignals } from "./signals";
import type { Groth16Proof } from "./snarkjs";
import { MemberTree } from "./tree";

/** The circuit the contracts verify: Contribution(32, 16, 16). */
export const DEFAULT_CONTRIBUTION_CIRCUIT = "contribution_n32_b16_d16";

/** A Contribution instance of circuits/circuits.json: its name and template parameters. */
export interface ContributionCircuit extends UpdateShape {
  name: string;
  /** The member tree's maximum depth, DEPTH. */
  depth: number;
}

/** Reads a Contribution instance's parameters from the manifest, so they live in one place. */
export function contributionCircuit(name: string = DEFAULT_CONTRIBUTION_CIRCUIT): ContributionCircuit {
  const spec = CIRCUIT_SPECS.find((c) => c.name === name);
  if (!spec || spec.template !== "Contribution") {
    throw new ProofInputError(`"${name}" is not a Contribution circuit of circuits/circuits.json`);
  }
  const [n, bits, depth] = spec.params;
  return { name, n, bits, depth };
}

/** The manifest's Contribution instance for a round's (N, BITS, DEPTH); none is a ProofInputError. */
export function contributionCircuitFor(n: number, bits: number, depth: number): ContributionCircuit {
  const spec = CIRCUIT_SPECS.find(
    (c) => c.template === "Contribution" && c.params[0] === n && c.params[1] === bits && c.params[2] === depth,
  );
  if (!spec)
    throw new ProofInputError(`no Contribution circuit with N=${n}, BITS=${bits}, DEPTH=${depth} in circuits/circuits.json`);
  return contributionCircuit(spec.name);
}

/** What a member proves for one round. */
export interface ContributionRequest {
  identity: Identity;
  /** The member tree as the contract holds it at proving time. */
  tree: MemberTree;
  /** The quantized update: exactly N signed BITS-bit integers. */
  update: readonly bigint[];
  /** The commitment salt, a random field element (randomFieldElement()). */
  salt: bigint;
  /** roundScope(chainId, roundManager, roundId). */
  roundScope: bigint;
  /** The round's bound on Σ update_i². */
  l2BoundSq: bigint;
  /** The reward address (0x…, 20 bytes). */
  recipient: string;
}

export type ContributionWitnessInput = Record<string, string | string[]>;

/** Groth16 proof as the generated Solidity verifier's verifyProof takes it. */
export interface ContributionCalldata {
  pA: [bigint, bigint];
  pB: [[bigint, bigint], [bigint, bigint]];
  pC: [bigint, bigint];
  pubSignals: ContributionPublicSignals;
}

export interface ContributionProof {
  proof: Groth16Proof;
  /** The public signals as snarkjs returns them (decimal strings). */
  publicSignals: string[];
  signals: ContributionSignals;
  calldata: ContributionCalldata;
}

function recipientValue(recipient: string): bigint {
  if (!/^0x[0-9a-fA-F]{40}$/.test(recipient)) {
    throw new ProofInputError(`recipient "${recipient}" is not a 20-byte 0x address`);
  }
  return BigInt(recipient);
}

/**
 * Validates a request against the circuit and builds the witness input, with the public signals
 * the proof will carry. Every condition the circuit enforces is checked here first, so a bad
 * request fails in milliseconds with one clear ProofInputError instead of failing inside snarkjs.
 */
export function buildContributionInput(
  request: ContributionRequest,
  circuit: ContributionCircuit = contributionCircuit(),
): { input: ContributionWitnessInput; signals: ContributionSignals } {
  checkUpdate(request.update, circuit);
  const maxBound = maxL2BoundSq(circuit);
  if (request.l2BoundSq < 0n || request.l2BoundSq > maxBound) {
    throw new ProofInputError(`l2BoundSq = ${request.l2BoundSq} is outside [0, ${maxBound}], the range ${circuit.name} accepts`);
  }
  const normSq = sumOfSquares(request.update);
  if (normSq > request.l2BoundSq) {
    throw new ProofInputError(
      `the update's squared L2 norm is ${normSq} (norm ≈ ${Math.sqrt(Number(normSq)).toFixed(2)}), ` +
        `over the round's bound l2BoundSq = ${request.l2BoundSq}`,
    );
  }
  if (request.roundScope < 0n || request.roundScope >= SNARK_SCALAR_FIELD) {
    throw new ProofInputError("roundScope must be a field element (compute it with roundScope())");
  }
  const recipient = recipientValue(request.recipient);
  const path = request.tree.path(request.identity.commitment, circuit.depth);
  const commitment = updateCommitment(request.update, request.salt, circuit);
  const dec = (x: bigint) => x.toString();
  return {
    input: {
      secret: dec(request.identity.secret),
      depth: dec(BigInt(path.depth)),
      index: dec(BigInt(path.index)),
      siblings: path.siblings.map(dec),
      update: request.update.map((u) => dec(toField(u))),
      salt: dec(request.salt),
      roundScope: dec(request.roundScope),
      l2BoundSq: dec(request.l2BoundSq),
      recipient: dec(recipient),
    },
    signals: {
      root: path.root,
      nullifier: request.identity.nullifier(request.roundScope),
      updateCommitment: commitment,
      roundScope: request.roundScope,
      l2BoundSq: request.l2BoundSq,
      recipient,
    },
  };
}

/** Formats a snarkjs proof for verifyProof (pB's coordinates swapped, as the EVM pairing wants). */
export function toSolidityCalldata(proof: Groth16Proof, publicSignals: readonly string[]): ContributionCalldata {
  if (publicSignals.length !== CONTRIBUTION_SIGNAL_COUNT)
    throw new ProofInputError(
      `a Contribution proof has ${CONTRIBUTION_SIGNAL_COUNT} public signals, got ${publicSignals.length}`,
    );
  return {
    ...solidityProofPoints(proof),
    pubSignals: publicSignals.map(BigInt) as ContributionCalldata["pubSignals"],
  };
}

/**
 * A finished proof of `signals` (what buildContributionInput computed): the public signals snarkjs
 * returned must be exactly those, so a proof made elsewhere (a Web Worker, another machine) of other
 * inputs is refused here rather than by the contract.
 */
export function contributionProof(
  signals: ContributionSignals,
  proof: Groth16Proof,
  publicSignals: readonly string[],
): ContributionProof {
  const expected = signalsToArray(signals);
  if (publicSignals.length !== expected.length || publicSignals.some((s, i) => BigInt(s) !== expected[i])) {
    throw new ProofInputError(`the proof's public signals [${publicSignals}] differ from the request's [${expected}]`);
  }
  return { proof, publicSignals: [...publicSignals], signals, calldata: toSolidityCalldata(proof, publicSignals) };
}
