import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import { updateCommitment, type Opening } from "../../src/zk";
import { aggregationCircuit, proveAggregation, type AggregationProof } from "../../src/zk/aggregation-prover";
import type { IRoundManager } from "../../typechain-types";
import {
  AGGREGATION,
  CIRCUIT,
  MOCK_PROOF,
  deployProtocolWithMocks,
  loadProtocol,
  mockSignals,
  openRound,
  stakeMember,
  type Protocol,
  SAMPLE_OPENING,
} from "../support/protocol";

const CANDIDATE = { weightsHash: ethers.id("weights"), uri: "ipfs://weights", accuracyBps: 9_100, metricsHash: ethers.id("m") };
const AGGREGATION_CIRCUIT = aggregationCircuit("aggregation_k8_n32_b16_h5");

/** The proof as finalizeRound takes it. */
function calldata(proof: AggregationProof): IRoundManager.AggregationProofStruct {
  const { pA, pB, pC, aggregateCommitment, commitments, weights } = proof.calldata;
  return { proof: { pA, pB, pC }, aggregateCommitment, selection: weights, commitments };
}

const opening = (seed: number): Opening => ({
  update: Array.from({ length: CIRCUIT.n }, (_, j) => BigInt(((j * seed) % 9) - 4)),
  salt: BigInt(10_000 + seed),
});

// Contributions go to the MockContributionVerifier (their proofs are tested elsewhere); finalization
// goes to the generated AggregationK8N32B16H5Verifier with real aggregation proofs.
describe("RoundManager: finalization by real aggregation proofs", () => {
  async function withRealAggregationVerifier() {
    const p = await deployProtocolWithMocks();
    await stakeMember(p, p.users[0], 11n);
    await p.rounds.removeAggregationVerifier(CIRCUIT.n, CIRCUIT.bits);
    const verifier = await ethers.deployContract("AggregationK8N32B16H5Verifier");
    await p.rounds.addAggregationVerifier(verifier);
    return p;
  }

  /** Opens a round, submits one contribution per opening, closes the window; returns the round and its commitments. */
  async function roundOf(p: Protocol, openings: readonly Opening[], firstNullifier = 1n) {
    const roundId = await openRound(p, { maxContributions: AGGREGATION.k });
    const commitments = openings.map((o) => updateCommitment(o.update, o.salt, CIRCUIT));
    for (const [i, commitment] of commitments.entries()) {
      const signals = await mockSignals(p, roundId, firstNullifier + BigInt(i), p.users[1].address, {
        updateCommitment: commitment,
      });
      await p.rounds.connect(p.users[2]).submit(roundId, MOCK_PROOF, signals, SAMPLE_OPENING);
    }
    await time.increaseTo((await p.rounds.getRound(roundId)).closesAt);
    return { roundId, commitments };
  }

  async function prove(commitments: readonly bigint[], openings: readonly (Opening | null)[], weights: readonly bigint[]) {
    return proveAggregation({ commitments, openings, weights }, { circuit: AGGREGATION_CIRCUIT });
  }

  it("accepts the proof of a selection that leaves one contribution out, and records the proven aggregate", async () => {
    const p = await loadProtocol(withRealAggregationVerifier);
    const openings = [opening(1), opening(2), opening(3)];
    const { roundId, commitments } = await roundOf(p, openings);
    // The aggregator has no opening for the one it leaves out: none is needed.
    const proof = await prove(commitments, [openings[0], null, openings[2]], [2n, 0n, 1n]);
    await expect(p.rounds.connect(p.coordinator).finalizeRound(roundId, calldata(proof), CANDIDATE))
      .to.emit(p.rounds, "RoundFinalized")
      .withArgs(roundId, 2n, proof.calldata.aggregateCommitment, proof.calldata.weights, 2n, (v: bigint) => v > 0n);
    expect((await p.models.candidate(2n)).aggregateCommitment).to.equal(ethers.toBeHex(proof.calldata.aggregateCommitment, 32));
    expect((await p.rounds.getRound(roundId)).rewarded).to.equal(2n);
  });

  it("refuses a wrong aggregate commitment, and weights other than the proven ones", async () => {
    const p = await loadProtocol(withRealAggregationVerifier);
    const openings = [opening(1), opening(2)];
    const { roundId, commitments } = await roundOf(p, openings);
    const proof = calldata(await prove(commitments, openings, [1n, 1n]));
    const coordinator = p.rounds.connect(p.coordinator);
    const wrongAggregate = { ...proof, aggregateCommitment: BigInt(proof.aggregateCommitment) + 1n };
    const otherWeights = { ...proof, selection: 1n | (2n << BigInt(AGGREGATION.headroom)) };
    for (const forged of [wrongAggregate, otherWeights]) {
      await expect(coordinator.finalizeRound(roundId, forged, CANDIDATE)).to.be.revertedWithCustomError(
        p.rounds,
        "RoundManagerInvalidAggregationProof",
      );
    }
    await expect(coordinator.finalizeRound(roundId, proof, CANDIDATE)).to.emit(p.rounds, "RoundFinalized");
  });

  it("refuses a proof made for another round: with that round's commitments, and with this round's", async () => {
    const p = await loadProtocol(withRealAggregationVerifier);
    // The same updates in two rounds, with other salts: other commitments.
    const first = await roundOf(p, [opening(1), opening(2)]);
    const secondOpenings = [
      { ...opening(1), salt: 77n },
      { ...opening(2), salt: 78n },
    ];
    const second = await roundOf(p, secondOpenings, 100n);
    const replayed = calldata(await prove(first.commitments, [opening(1), opening(2)], [1n, 1n]));
    const coordinator = p.rounds.connect(p.coordinator);
    await expect(coordinator.finalizeRound(second.roundId, replayed, CANDIDATE))
      .to.be.revertedWithCustomError(p.rounds, "RoundManagerCommitmentsMismatch")
      .withArgs(second.roundId);
    await expect(
      coordinator.finalizeRound(second.roundId, { ...replayed, commitments: second.commitments }, CANDIDATE),
    ).to.be.revertedWithCustomError(p.rounds, "RoundManagerInvalidAggregationProof");
    await expect(coordinator.finalizeRound(first.roundId, replayed, CANDIDATE)).to.emit(p.rounds, "RoundFinalized");
  });
});
