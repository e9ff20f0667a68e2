import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { registerCandidate } from "../../src/sdk/coordinator";
import { ArgumentError, UserError } from "../../src/sdk/errors";
import {
  castVote,
  delegateVotes,
  executeProposal,
  governanceStatus,
  proposeModel,
  proposeRollback,
  proposalState,
  queueProposal,
} from "../../src/sdk/governance";
import { expectRejection } from "../support/expect";
import { deployedSessions } from "../support/sdk";
import type { Guardians } from "../../src/sdk/client";

describe("governance: model proposals end to end through the SDK", () => {
  async function withCandidate() {
    const { sessions } = await deployedSessions(2);
    const [deployer] = sessions;
    await delegateVotes(deployer, deployer.account);
    await time.increase(2);
    const { versionId } = await registerCandidate(deployer, {
      weightsHash: ethers.id("weights v2"),
      uri: "ipfs://v2",
      accuracyBps: 9000,
    });
    return { sessions, deployer, versionId };
  }

  async function passAndExecute(g: Guardians, proposalId: bigint) {
    await time.increase(61);
    await castVote(g, proposalId, "for");
    await time.increase(601);
    expect(await proposalState(g, proposalId)).to.equal("Succeeded");
    await queueProposal(g, proposalId);
    await time.increase(301);
    await executeProposal(g, proposalId);
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

  it("rolls back to the previous champion in one proposal", async () => {
    const { deployer, versionId } = await loadFixture(withCandidate);
    await passAndExecute(deployer, (await proposeModel(deployer, versionId)).proposalId);
    const { proposalId } = await proposeRollback(deployer, 1n);
    await passAndExecute(deployer, proposalId);
    const status = await governanceStatus(deployer);
    expect(status.champion).to.equal(1n);
    expect(status.history.at(-1)).to.include({ versionId: 1n, previousVersionId: versionId, kind: "Rollback" });
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
    await expectRejection(proposeModel(sessions[1], versionId), UserError, /has 0 votes; proposing needs 1000000000000000000000/);
    await proposeModel(deployer, versionId);
    await expectRejection(proposeModel(deployer, versionId), UserError, /the same proposal exists already/);
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
