import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import { LeanIMT } from "@zk-kit/lean-imt";
import { poseidon2 } from "poseidon-lite";

import { Identity, type ContributionCalldata, type MemberTree, memberLeaf, roundScope } from "../../src/zk";
import { proveContribution } from "../../src/zk/prover";
import {
  deployRoundManager,
  DEFAULT_PARAMS,
  type Protocol,
  SCALAR_FIELD,
  deployProtocolWithRealVerifier,
  loadProtocol,
  openRound,
  roundConfig,
  stakeMember,
  SAMPLE_OPENING,
} from "../support/protocol";

/** BN254 base field modulus: negating a curve point's y coordinate is q - y. */
const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const L2_BOUND_SQ = 1_000_000n;
/** A quantized update of 32 small values, well inside the bound. */
const UPDATE = Array.from({ length: 32 }, (_, i) => BigInt(i - 16));
const OTHER_UPDATE = Array.from({ length: 32 }, (_, i) => BigInt(16 - i));

function asProof(calldata: ContributionCalldata) {
  return { pA: calldata.pA, pB: calldata.pB, pC: calldata.pC };
}

/** The classic Groth16 malleation (-A, -B, C): a different, equally valid proof of the same statement. */
function malleate(calldata: ContributionCalldata) {
  const negate = (y: bigint) => (BASE_FIELD - y) % BASE_FIELD;
  return {
    pA: [calldata.pA[0], negate(calldata.pA[1])] as [bigint, bigint],
    pB: [calldata.pB[0], [negate(calldata.pB[1][0]), negate(calldata.pB[1][1])]] as [[bigint, bigint], [bigint, bigint]],
    pC: calldata.pC,
  };
}

// Every proof below is a real Groth16 proof of contribution_n32_b16_d16, checked by the generated verifier.
describe("RoundManager with real proofs", () => {
  async function withProofs() {
    const p: Protocol = await deployProtocolWithRealVerifier();
    const [alice, bob, carol, submitter, attacker] = p.users;
    const aliceId = new Identity(1111n);
    const bobId = new Identity(2222n);
    await stakeMember(p, alice, aliceId.secret);
    await stakeMember(p, bob, bobId.secret);
    const round = await openRound(p, { l2BoundSq: L2_BOUND_SQ });
    const nextRound = await openRound(p, { l2BoundSq: L2_BOUND_SQ });
    const roundsAddress = await p.rounds.getAddress();
    const { chainId } = await ethers.provider.getNetwork();
    const prove = async (identity: Identity, update: bigint[], scope: bigint, recipient: string) =>
      (
        await proveContribution({
          identity,
          tree: p.tree,
          update,
          salt: 987654321n,
          roundScope: scope,
          l2BoundSq: L2_BOUND_SQ,
          recipient,
        })
      ).calldata;
    const scope = roundScope(chainId, roundsAddress, round);
    const proofs = {
      alice: await prove(aliceId, UPDATE, scope, carol.address),
      aliceAgain: await prove(aliceId, OTHER_UPDATE, scope, alice.address),
      aliceOtherChain: await prove(aliceId, UPDATE, roundScope(chainId + 1n, roundsAddress, round), carol.address),
      bob: await prove(bobId, UPDATE, scope, bob.address),
    };
    return { ...p, alice, bob, carol, submitter, attacker, round, nextRound, proofs };
  }

  it("accepts a real proof from any wallet and attests it to the proof's recipient", async () => {
    const p = await loadProtocol(withProofs);
    const { alice } = p.proofs;
    const uid = await p.rounds.attestationUid(p.round, alice.pubSignals[1]);
    await expect(p.rounds.connect(p.submitter).submit(p.round, asProof(alice), alice.pubSignals, SAMPLE_OPENING))
      .to.emit(p.rounds, "ContributionSubmitted")
      .withArgs(uid, p.round, p.carol.address, alice.pubSignals[1], alice.pubSignals[2], p.submitter.address, 0n, SAMPLE_OPENING);
  });

  it("gives a stake whose commitment is the root of a private subtree no contribution: its hidden identities prove an unknown root", async () => {
    const p = await loadProtocol(withProofs);
    // The attack of the outside review: one stake registers C = the root of the attacker's own tree
    // over two identities, then each identity proves through a path that runs through C.
    const hidden = [new Identity(3131n), new Identity(3232n)];
    const subtreeRoot = poseidon2([hidden[0].leaf, hidden[1].leaf]);
    await p.registry.connect(p.attacker).stake(await p.registry.params().then((x) => x.minStake), subtreeRoot);
    const leaves = [new Identity(1111n).leaf, new Identity(2222n).leaf];
    expect(await p.registry.currentRoot()).to.equal(
      new LeanIMT<bigint>((a, b) => poseidon2([a, b]), [...leaves, memberLeaf(subtreeRoot)]).root,
    );
    // The best path the attacker has: its subtree under C, then C where the registry holds PoseidonT2(C).
    const asIfRaw = new LeanIMT<bigint>((a, b) => poseidon2([a, b]), [...leaves, subtreeRoot]);
    const upper = asIfRaw.generateProof(2);
    const depth = 1 + upper.siblings.length;
    const throughC = {
      path: () => ({
        root: upper.root,
        leaf: hidden[0].leaf,
        depth,
        index: upper.index * 2,
        siblings: [hidden[1].leaf, ...upper.siblings, ...Array<bigint>(16 - depth).fill(0n)],
      }),
    } as unknown as MemberTree;
    const { chainId } = await ethers.provider.getNetwork();
    const forged = await proveContribution({
      identity: hidden[0],
      tree: throughC,
      update: UPDATE,
      salt: 1n,
      roundScope: roundScope(chainId, await p.rounds.getAddress(), p.round),
      l2BoundSq: L2_BOUND_SQ,
      recipient: p.attacker.address,
    });
    // The circuit is satisfied, but the root it reaches was never a root of the member tree.
    expect(forged.signals.root).to.not.equal(await p.registry.currentRoot());
    await expect(
      p.rounds.connect(p.attacker).submit(p.round, asProof(forged.calldata), forged.calldata.pubSignals, SAMPLE_OPENING),
    )
      .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryUnknownRoot")
      .withArgs(forged.signals.root);
  });

  it("rejects the same proof replayed in another round of the same contract", async () => {
    const p = await loadProtocol(withProofs);
    const { alice } = p.proofs;
    await expect(p.rounds.connect(p.submitter).submit(p.nextRound, asProof(alice), alice.pubSignals, SAMPLE_OPENING))
      .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongRoundScope")
      .withArgs(await p.rounds.roundScope(p.nextRound), alice.pubSignals[3]);
  });

  it("rejects the same proof replayed on another RoundManager", async () => {
    const p = await loadProtocol(withProofs);
    const other = await deployRoundManager(p);
    await other.addVerifier(32, 16, 16, p.verifier);
    await other.addAggregationVerifier(p.aggregationVerifier);
    await other.grantRole(await other.COORDINATOR_ROLE(), p.coordinator);
    await p.token.connect(p.coordinator).approve(other, ethers.MaxUint256);
    await other.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { l2BoundSq: L2_BOUND_SQ }));
    const { alice } = p.proofs;
    await expect(other.submit(1n, asProof(alice), alice.pubSignals, SAMPLE_OPENING)).to.be.revertedWithCustomError(
      other,
      "RoundManagerWrongRoundScope",
    );
  });

  it("rejects a valid proof made for the same contract and round on another chain", async () => {
    const p = await loadProtocol(withProofs);
    const { aliceOtherChain } = p.proofs;
    expect(await p.verifier.verifyProof(aliceOtherChain.pA, aliceOtherChain.pB, aliceOtherChain.pC, aliceOtherChain.pubSignals))
      .to.be.true;
    await expect(
      p.rounds.connect(p.submitter).submit(p.round, asProof(aliceOtherChain), aliceOtherChain.pubSignals, SAMPLE_OPENING),
    ).to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongRoundScope");
  });

  it("rejects a malleated proof, which the verifier accepts, because its nullifier is spent", async () => {
    const p = await loadProtocol(withProofs);
    const { alice } = p.proofs;
    const malleated = malleate(alice);
    expect(malleated.pA).to.not.deep.equal(alice.pA);
    expect(await p.verifier.verifyProof(malleated.pA, malleated.pB, malleated.pC, alice.pubSignals)).to.be.true;
    await p.rounds.connect(p.submitter).submit(p.round, asProof(alice), alice.pubSignals, SAMPLE_OPENING);
    await expect(p.rounds.connect(p.attacker).submit(p.round, malleated, alice.pubSignals, SAMPLE_OPENING))
      .to.be.revertedWithCustomError(p.rounds, "RoundManagerNullifierAlreadyUsed")
      .withArgs(p.round, alice.pubSignals[1]);
  });

  it("rejects a second contribution of the same identity in a round (double nullifier), whatever the update", async () => {
    const p = await loadProtocol(withProofs);
    const { alice, aliceAgain } = p.proofs;
    expect(aliceAgain.pubSignals[1]).to.equal(alice.pubSignals[1]);
    expect(aliceAgain.pubSignals[2]).to.not.equal(alice.pubSignals[2]);
    await p.rounds.connect(p.submitter).submit(p.round, asProof(alice), alice.pubSignals, SAMPLE_OPENING);
    await expect(p.rounds.connect(p.alice).submit(p.round, asProof(aliceAgain), aliceAgain.pubSignals, SAMPLE_OPENING))
      .to.be.revertedWithCustomError(p.rounds, "RoundManagerNullifierAlreadyUsed")
      .withArgs(p.round, alice.pubSignals[1]);
  });

  it("rejects a front-run that swaps the recipient, and a copied submission still pays the original recipient", async () => {
    const p = await loadProtocol(withProofs);
    const { alice } = p.proofs;
    const swapped = [...alice.pubSignals] as typeof alice.pubSignals;
    swapped[5] = BigInt(p.attacker.address);
    await expect(
      p.rounds.connect(p.attacker).submit(p.round, asProof(alice), swapped, SAMPLE_OPENING),
    ).to.be.revertedWithCustomError(p.rounds, "RoundManagerInvalidProof");
    await p.rounds.connect(p.attacker).submit(p.round, asProof(alice), alice.pubSignals, SAMPLE_OPENING);
    const uid = await p.rounds.attestationUid(p.round, alice.pubSignals[1]);
    expect((await p.rounds.getAttestation(uid)).recipient).to.equal(p.carol.address);
  });

  it("stores, when the round opens, the verifier's point for the round's scope and L2 bound", async () => {
    const p = await loadProtocol(withProofs);
    const expected = await p.verifier.roundPoint(await p.rounds.roundScope(p.round), L2_BOUND_SQ);
    expect((await p.rounds.getRound(p.round)).roundPoint).to.deep.equal(expected);
    expect(await p.verifier.roundPoint(await p.rounds.roundScope(p.nextRound), L2_BOUND_SQ)).to.not.deep.equal(expected);
  });

  it("rejects a tampered update commitment", async () => {
    const p = await loadProtocol(withProofs);
    const { alice } = p.proofs;
    const tampered = [...alice.pubSignals] as typeof alice.pubSignals;
    tampered[2] += 1n;
    await expect(
      p.rounds.connect(p.submitter).submit(p.round, asProof(alice), tampered, SAMPLE_OPENING),
    ).to.be.revertedWithCustomError(p.rounds, "RoundManagerInvalidProof");
  });

  it("rejects a public signal ≥ p even where the field would reduce it to the proven value", async () => {
    const p = await loadProtocol(withProofs);
    const { alice } = p.proofs;
    for (const index of [0, 1, 2]) {
      const aliased = [...alice.pubSignals] as typeof alice.pubSignals;
      aliased[index] += SCALAR_FIELD;
      await expect(p.rounds.connect(p.submitter).submit(p.round, asProof(alice), aliased, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerSignalNotInField")
        .withArgs(index);
    }
  });

  it("rejects a proof against a root that predates a member's removal", async () => {
    const p = await loadProtocol(withProofs);
    const { bob } = p.proofs;
    await p.registry.connect(p.alice).requestUnstake(p.tree.siblings(new Identity(1111n).commitment));
    await expect(p.rounds.connect(p.submitter).submit(p.round, asProof(bob), bob.pubSignals, SAMPLE_OPENING))
      .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryRootPredatesRemoval")
      .withArgs(bob.pubSignals[0]);
  });

  it("accepts a proof against the previous root within rootValidity, and rejects it once expired", async () => {
    const p = await loadProtocol(withProofs);
    const { bob } = p.proofs;
    await stakeMember(p, p.users[6], 3333n);
    await expect(p.rounds.connect(p.submitter).submit(p.round, asProof(bob), bob.pubSignals, SAMPLE_OPENING)).to.emit(
      p.rounds,
      "ContributionSubmitted",
    );
    const { alice } = p.proofs;
    const [createdAt] = await p.registry.rootInfo(alice.pubSignals[0]);
    await time.increaseTo(createdAt + BigInt(DEFAULT_PARAMS.rootValidity) + 1n);
    await expect(p.rounds.connect(p.submitter).submit(p.round, asProof(alice), alice.pubSignals, SAMPLE_OPENING))
      .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryExpiredRoot")
      .withArgs(alice.pubSignals[0], createdAt);
  });
});
