import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { openRound, registerCandidate } from "../../src/sdk/coordinator";
import { artifactHash, genesisArtifact, serializeArtifact } from "../../src/sdk/model/artifact";
import { verifyModel } from "../../src/sdk/model/chain";
import { stake } from "../../src/sdk/staking";
import { contribute } from "../../src/sdk/contribute";
import { Identity } from "../../src/zk";
import { ArgumentError, UserError } from "../../src/sdk/errors";
import {
  castVote,
  delegateVotes,
  descriptionForProposer,
  descriptionProposer,
  executeProposal,
  GOVERNANCE_HINTS,
  governanceStatus,
  listProposals,
  proposeContributionRevocation,
  proposeModel,
  proposeModelRegistration,
  proposeModelRevocation,
  proposeRollback,
  proposalState,
  queueProposal,
  readableDescription,
} from "../../src/sdk/governance";
import { revertError } from "../../src/sdk/tx";
import { expectRejection } from "../support/expect";
import { deployedSessions, finalizeByProof, TEST_ROUND } from "../support/sdk";
import type { Guardians } from "../../src/sdk/client";

/** Votes for `proposalId` as `g` (whose votes carry it alone), queues it and executes it: the local config's timings. */
async function passAndExecute(g: Guardians, proposalId: bigint) {
  await time.increase(61);
  await castVote(g, proposalId, "for");
  await time.increase(601);
  expect(await proposalState(g, proposalId)).to.equal("Succeeded");
  await queueProposal(g, proposalId);
  await time.increase(301);
  await executeProposal(g, proposalId);
}

describe("governance: model proposals end to end through the SDK", () => {
  async function withCandidate() {
    const { sessions } = await deployedSessions(3);
    const [deployer, member] = sessions;
    await delegateVotes(deployer, deployer.account);
    await time.increase(2);
    // Candidates come from rounds finalized by an aggregation proof (the coordinator registers none
    // directly): a member contributes, and the deployer, the local config's coordinator, finalizes.
    const identity = new Identity(777n);
    await stake(member, ethers.parseEther("100"), identity.commitment);
    const { roundId } = await openRound(deployer, TEST_ROUND);
    const contributed = await contribute(member, { identity, update: [0.5, -0.25], roundId });
    await time.increase(61);
    const { candidateVersion: versionId } = await finalizeByProof(deployer, roundId, [
      { uid: contributed.uid, opening: { update: contributed.quantized, salt: contributed.salt } },
    ]);
    return { sessions, deployer, versionId };
  }

  it("activates a candidate: propose, vote, queue, execute; the history records the proposal", async () => {
    const { deployer, versionId } = await loadFixture(withCandidate);
    const { proposalId } = await proposeModel(deployer, versionId);
    expect(await proposalState(deployer, proposalId)).to.equal("Pending");
    await passAndExecute(deployer, proposalId);
    const status = await governanceStatus(deployer);
    expect(status.champion).to.equal(versionId);
    expect(status.proposals.map((p) => [p.proposalId, p.state])).to.deep.equal([[proposalId, "Executed"]]);
    expect(status.history.at(-1)).to.include({ versionId, previousVersionId: 1n, proposalId, kind: "Promotion" });
  });

  it("registers an out-of-round genesis model only by proposal; model verify accepts it as governance's", async () => {
    const { deployer, sessions } = await loadFixture(withCandidate);
    const file = serializeArtifact(genesisArtifact([5n, -3n, 7n], 8));
    const model = { file, uri: "ipfs://out-of-round", accuracyBps: 8000 };
    // Nobody but the Timelock (and the RoundManager) may register: not even the deployer directly.
    await expectRejection(
      registerCandidate(deployer, { weightsHash: artifactHash(file), uri: model.uri, accuracyBps: 8000 }),
      UserError,
      /does not hold REGISTRAR_ROLE on the ModelRegistry/,
    );
    const roundFile = serializeArtifact(genesisArtifact([1n], 8));
    const notGenesis = new TextEncoder().encode(new TextDecoder().decode(roundFile).replace('"rule":"genesis"', '"rule":"x"'));
    await expectRejection(proposeModelRegistration(deployer, { ...model, file: notGenesis }), UserError, /model artifact/);
    const { proposalId } = await proposeModelRegistration(deployer, model);
    await passAndExecute(deployer, proposalId);
    const versionId = await deployer.protocol.modelRegistry.versionCount();
    const version = await deployer.protocol.modelRegistry.versionOf(versionId);
    expect(version.weightsHash).to.equal(artifactHash(file));
    expect(version.registrar).to.equal(await deployer.protocol.timelock.getAddress());
    const report = await verifyModel(sessions[2].protocol, versionId, async (id) => (id === versionId ? file : undefined));
    expect(report.verified).to.equal(true);
  });

  it("rolls back to the previous champion in one proposal", async () => {
    const { deployer, versionId } = await loadFixture(withCandidate);
    await passAndExecute(deployer, (await proposeModel(deployer, versionId)).proposalId);
    const { proposalId } = await proposeRollback(deployer, 1n);
    await passAndExecute(deployer, proposalId);
    const status = await governanceStatus(deployer);
    expect(status.champion).to.equal(1n);
    expect(status.history.at(-1)).to.include({ versionId: 1n, previousVersionId: versionId, kind: "Rollback" });
  });

  it("stores the description ending in #proposer=<proposer>, and queues and executes by that stored description", async () => {
    const { deployer, versionId } = await loadFixture(withCandidate);
    const proposed = await proposeModel(deployer, versionId, "Promote v2");
    expect(proposed.description).to.equal(`Promote v2 #proposer=${deployer.account}`);
    expect(proposed.description.slice(-52)).to.equal(`#proposer=${deployer.account}`);

    const [record] = await listProposals(deployer);
    expect(record.proposer).to.equal(deployer.account);
    expect(record.description).to.equal(proposed.description);
    expect(record.descriptionHash).to.equal(ethers.id(proposed.description));
    const { governor } = deployer.protocol;
    expect(await governor.hashProposal(record.targets, record.values, record.calldatas, record.descriptionHash)).to.equal(
      proposed.proposalId,
    );

    await passAndExecute(deployer, proposed.proposalId);
    expect(await proposalState(deployer, proposed.proposalId)).to.equal("Executed");
    const status = await governanceStatus(deployer);
    expect(status.champion).to.equal(versionId);
    expect(status.proposals[0]).to.include({ description: proposed.description, proposer: deployer.account });
    expect(readableDescription(status.proposals[0].description)).to.equal("Promote v2");
  });

  it("binds a description to its proposer exactly as the Governor parses the suffix", async () => {
    const proposer = ethers.getAddress("0x00000000000000000000000000000000000000a1");
    const other = ethers.getAddress("0x00000000000000000000000000000000000000b2");
    const bound = descriptionForProposer("Remove the guardian", proposer);
    expect(bound).to.equal(`Remove the guardian #proposer=${proposer}`);
    expect(descriptionProposer(bound)).to.equal(proposer);
    expect(readableDescription(bound)).to.equal("Remove the guardian");
    // Already bound to the same proposer (any hex case): kept as it is, never suffixed twice.
    const lower = `Remove the guardian #proposer=${proposer.toLowerCase()}`;
    expect(descriptionForProposer(lower, proposer)).to.equal(lower);
    expect(descriptionForProposer("", proposer)).to.equal(`#proposer=${proposer}`);
    expect(() => descriptionForProposer(descriptionForProposer("x", other), proposer)).to.throw(
      ArgumentError,
      new RegExp(`ends with #proposer=${other}; only that account can propose it, not ${proposer}`),
    );
    // What the Governor does not read as a suffix binds nothing, so the SDK appends its own.
    for (const unbound of [
      `x #proposer=0X${other.slice(2)}`,
      `x #proposer=${other} `,
      `x #Proposer=${other}`,
      `x #proposer=${other.slice(0, -1)}`,
    ]) {
      expect(descriptionProposer(unbound)).to.equal(undefined);
      expect(descriptionForProposer(unbound, proposer)).to.equal(`${unbound} #proposer=${proposer}`);
    }
  });

  it("refuses proposals that could not pass, before sending anything", async () => {
    const { sessions, deployer, versionId } = await loadFixture(withCandidate);
    await expectRejection(
      proposeModel(deployer, 1n),
      ArgumentError,
      /model version 1 is Active; only a Candidate can be activated/,
    );
    await expectRejection(
      proposeRollback(deployer, versionId),
      ArgumentError,
      /is Candidate; a rollback goes back to a Deprecated version/,
    );
    // sessions[2] holds GRD but no stake and no delegation: no votes.
    await expectRejection(
      proposeModel(sessions[2], versionId),
      UserError,
      /has 0\.0 GRD of votes; proposing needs 1000\.0 GRD \(votes are delegated GRD \+ sGRD: delegate yours with gov delegate/,
    );
    await proposeModel(deployer, versionId);
    await expectRejection(proposeModel(deployer, versionId), UserError, /the same proposal exists already/);
  });

  it("says votes count from the block after their delegation when proposing right after delegating, then proposes once a block is mined", async () => {
    const { sessions, versionId } = await loadFixture(withCandidate);
    const holder = sessions[2];
    await (await sessions[0].protocol.token.transfer(holder.account, ethers.parseEther("5000"))).wait();
    // The delegation is the latest block (gov delegate's last transaction): the Governor does not count it yet.
    await holder.send("delegate GRD votes", () => holder.protocol.token.delegate(holder.account));
    const sent = await ethers.provider.getTransactionCount(holder.account);
    await expectRejection(
      proposeModel(holder, versionId),
      UserError,
      /has 6000\.0 GRD of votes, but votes count from the block after their delegation and the latest block still sees 0\.0 GRD; propose again after the next block \(on a local node: npx hardhat local advance --seconds 1\)$/,
    );
    expect(await ethers.provider.getTransactionCount(holder.account)).to.equal(sent);
    await time.increase(1);
    const { proposalId } = await proposeModel(holder, versionId);
    expect(await proposalState(holder, proposalId)).to.equal("Pending");
  });

  it("words the Governor's own refusal of a proposer with too few votes in GRD, should it revert", async () => {
    const { deployer } = await loadFixture(withCandidate);
    const governor = deployer.protocol.governor.interface;
    const data = governor.encodeErrorResult("GovernorInsufficientProposerVotes", [
      deployer.account,
      ethers.parseEther("5"),
      ethers.parseEther("1000"),
    ]);
    const error = revertError("propose", { data }, deployer.protocol.decoder, GOVERNANCE_HINTS);
    expect(error.message).to.equal(
      `propose reverted: the Governor counts 5.0 GRD of votes for ${deployer.account}, proposing needs 1000.0 GRD; ` +
        `votes count from the block after their delegation (GovernorInsufficientProposerVotes(${deployer.account}, 5000000000000000000, 1000000000000000000000))`,
    );
  });

  it("refuses votes, queues and executions in the wrong state with the state's name", async () => {
    const { deployer, versionId } = await loadFixture(withCandidate);
    const { proposalId } = await proposeModel(deployer, versionId);
    await expectRejection(castVote(deployer, proposalId, "for"), UserError, /is Pending \(voting opens at/);
    await expectRejection(queueProposal(deployer, proposalId), UserError, /is Pending; only a Succeeded proposal can be queued/);
    await expectRejection(executeProposal(deployer, proposalId), UserError, /is Pending; only a Queued proposal/);
    await expectRejection(proposalState(deployer, 12345n), ArgumentError, /no proposal 12345/);
  });
});

describe("governance: revocation proposals through the SDK", () => {
  /**
   * Two members contribute to one round, which the deployer (coordinator) finalizes with both selected:
   * its candidate is model version 2, a Candidate; the genesis, version 1, is the champion.
   */
  async function withFinalizedRound() {
    const { sessions } = await deployedSessions(4);
    const [deployer, first, second] = sessions;
    await delegateVotes(deployer, deployer.account);
    const identities = [new Identity(901n), new Identity(902n)];
    await stake(first, ethers.parseEther("100"), identities[0].commitment);
    await stake(second, ethers.parseEther("100"), identities[1].commitment);
    const { roundId } = await openRound(deployer, TEST_ROUND);
    const contributions = [
      await contribute(first, { identity: identities[0], update: [0.5, -0.25], roundId }),
      await contribute(second, { identity: identities[1], update: [-0.5, 0.75], roundId }),
    ];
    await time.increase(61);
    const { candidateVersion } = await finalizeByProof(
      deployer,
      roundId,
      contributions.map((c) => ({ uid: c.uid, opening: { update: c.quantized, salt: c.salt } })),
    );
    return { sessions, deployer, roundId, uids: contributions.map((c) => c.uid), candidateVersion };
  }

  /** Expects `attempt` to be refused with `message` before any transaction is sent (no block mined). */
  async function expectRefused(attempt: () => Promise<unknown>, type: typeof UserError, message: RegExp) {
    const block = await ethers.provider.getBlockNumber();
    await expectRejection(attempt(), type, message);
    expect(await ethers.provider.getBlockNumber(), String(message)).to.equal(block);
  }

  const ATTESTATION_REVOKED = 2n;
  const VERSION_REVOKED = 4n;

  it("revokes a contribution named by round and index: propose, vote, queue, execute; the bond goes to the treasury", async () => {
    const { deployer, roundId, uids } = await loadFixture(withFinalizedRound);
    const { roundManager, token } = deployer.protocol;
    const treasuryAddress = await roundManager.treasury();
    const treasury = await token.balanceOf(treasuryAddress);
    const proposed = await proposeContributionRevocation(deployer, { roundId, index: 1 }, "poisoned update");
    expect(proposed.contribution).to.include({ uid: uids[1], roundId, index: 1 });
    expect(readableDescription(proposed.description)).to.equal(
      `Revoke contribution ${uids[1]} (round ${roundId}, index 1): poisoned update`,
    );
    expect(descriptionProposer(proposed.description)).to.equal(deployer.account);
    await passAndExecute(deployer, proposed.proposalId);
    expect((await roundManager.getAttestation(uids[1])).status).to.equal(ATTESTATION_REVOKED);
    expect((await roundManager.getAttestation(uids[0])).status).to.equal(1n);
    expect((await token.balanceOf(treasuryAddress)) - treasury).to.equal(TEST_ROUND.bond);
    await expectRefused(
      () => proposeContributionRevocation(deployer, { uid: uids[1] }, "again"),
      UserError,
      new RegExp(`contribution ${uids[1]} \\(round ${roundId}, index 1\\) is already revoked`),
    );
  });

  it("revokes a contribution named by its uid", async () => {
    const { deployer, uids } = await loadFixture(withFinalizedRound);
    const { proposalId } = await proposeContributionRevocation(deployer, { uid: uids[0] }, "copied update", "Revoke the copy");
    await passAndExecute(deployer, proposalId);
    expect((await deployer.protocol.roundManager.getAttestation(uids[0])).status).to.equal(ATTESTATION_REVOKED);
  });

  it("refuses a contribution revocation that could not execute, before sending anything", async () => {
    const { sessions, deployer, roundId, uids } = await loadFixture(withFinalizedRound);
    const unknownUid = `0x${"ab".repeat(32)}`;
    await expectRefused(
      () => proposeContributionRevocation(deployer, { uid: unknownUid }, "x"),
      ArgumentError,
      new RegExp(`no contribution has attestation uid ${unknownUid} on this RoundManager`),
    );
    await expectRefused(
      () => proposeContributionRevocation(deployer, { roundId: 99n, index: 0 }, "x"),
      ArgumentError,
      /no round 99 on this RoundManager/,
    );
    await expectRefused(
      () => proposeContributionRevocation(deployer, { roundId, index: 2 }, "x"),
      ArgumentError,
      new RegExp(`round ${roundId} has 2 contributions \\(indices from 0\\); there is no index 2`),
    );
    await expectRefused(
      () => proposeContributionRevocation(deployer, { uid: uids[0] }, "  "),
      ArgumentError,
      /a revocation needs a reason \(--reason must not be empty\)/,
    );
    // sessions[3] holds GRD but has delegated no votes: the proposer check of every proposal.
    await expectRefused(
      () => proposeContributionRevocation(sessions[3], { uid: uids[0] }, "x"),
      UserError,
      /has 0\.0 GRD of votes; proposing needs 1000\.0 GRD/,
    );
    // The challenge period (30 m) outlasts the fastest proposal (1 m + 10 m + 5 m) by less than 15 m.
    await time.increase(900);
    await expectRefused(
      () => proposeContributionRevocation(deployer, { uid: uids[0] }, "x"),
      UserError,
      new RegExp(
        `the challenge period of round ${roundId} ends at .*Z, in 1[45] m[^;]*; a proposal made now executes 16 m later at the earliest, and the revocation would revert`,
      ),
    );
    await time.increase(901);
    await expectRefused(
      () => proposeContributionRevocation(deployer, { roundId, index: 0 }, "x"),
      UserError,
      new RegExp(`the challenge period of round ${roundId} ended at .*Z; its contributions can no longer be revoked`),
    );
  });

  it("revokes a Candidate model version: propose, vote, queue, execute", async () => {
    const { deployer, candidateVersion } = await loadFixture(withFinalizedRound);
    const proposed = await proposeModelRevocation(deployer, candidateVersion, "trained on leaked data");
    expect(readableDescription(proposed.description)).to.equal(
      `Revoke model version ${candidateVersion} (Candidate): trained on leaked data`,
    );
    await passAndExecute(deployer, proposed.proposalId);
    expect(await deployer.protocol.modelRegistry.statusOf(candidateVersion)).to.equal(VERSION_REVOKED);
    await expectRefused(
      () => proposeModelRevocation(deployer, candidateVersion, "again"),
      UserError,
      new RegExp(`model version ${candidateVersion} is already revoked`),
    );
    await expectRejection(
      proposeModel(deployer, candidateVersion),
      ArgumentError,
      /is Revoked; only a Candidate can be activated/,
    );
  });

  it("refuses a model revocation that could not execute, before sending anything", async () => {
    const { sessions, deployer, candidateVersion } = await loadFixture(withFinalizedRound);
    await expectRefused(
      () => proposeModelRevocation(deployer, 99n, "x"),
      ArgumentError,
      /no model version 99 on the ModelRegistry/,
    );
    await expectRefused(
      () => proposeModelRevocation(deployer, 1n, "x"),
      UserError,
      /model version 1 is the champion \(Active\) and cannot be revoked; activate another version or roll back first/,
    );
    await expectRefused(
      () => proposeModelRevocation(deployer, candidateVersion, ""),
      ArgumentError,
      /a revocation needs a reason/,
    );
    await expectRefused(
      () => proposeModelRevocation(sessions[3], candidateVersion, "x"),
      UserError,
      /has 0\.0 GRD of votes; proposing needs 1000\.0 GRD/,
    );
    await proposeModelRevocation(deployer, candidateVersion, "x");
    await expectRefused(
      () => proposeModelRevocation(deployer, candidateVersion, "x"),
      UserError,
      /the same proposal exists already/,
    );
  });
});
