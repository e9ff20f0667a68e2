import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { TransactionReceipt } from "ethers";

import type { Guardians } from "../../src/sdk/client";
import {
  castVote,
  delegateVotes,
  executeProposal,
  propose,
  proposalState,
  queueProposal,
  type ProposalActions,
  type Proposed,
} from "../../src/sdk/governance";
import { stake } from "../../src/sdk/participant";
import { proposeSlash } from "../../src/sdk/slash";
import { Identity } from "../../src/zk";
import { mineBlock, nextPending, outbid, withManualMining } from "../support/governance";
import { deployedSessions } from "../support/sdk";

/**
 * Finding 3 of issue #13: a proposal's id is the hash of its calls and description, and a proposer
 * may cancel its proposal while Pending. Without a `#proposer=` suffix anyone with the proposal
 * threshold could copy a proposal from the mempool, land it first and cancel it, every time it is
 * sent again. The SDK binds every description to its proposer; these tests make the copy.
 */
describe("Proposal hijacking: copying a pending proposal from the mempool", () => {
  interface Hijack {
    /** The calls and description the attacker read from the honest propose transaction. */
    copied: ProposalActions;
    copyReceipt: TransactionReceipt;
    proposed: Proposed;
  }

  /**
   * `honest` sends a proposal through the SDK (`sending`) with automining off; `attacker` reads the
   * propose transaction in the mempool, sends the exact same calls and description with a higher
   * tip, and both are mined in one block, the copy first.
   */
  async function proposeWhileCopied(honest: Guardians, attacker: Guardians, sending: () => Promise<Proposed>): Promise<Hijack> {
    const governor = honest.protocol.governor;
    let copied: ProposalActions | undefined;
    let copyHash = "";
    const result = await withManualMining(async () => {
      const settled = sending().then(
        (proposed) => ({ proposed }),
        (error: unknown) => ({ error }),
      );
      const pending = await nextPending(honest.account, governor);
      const decoded = governor.interface.decodeFunctionData("propose", pending.data);
      const { targets, values, calldatas, description } = (copied = {
        targets: [...decoded[0]],
        values: [...decoded[1]],
        calldatas: [...decoded[2]],
        description: decoded[3],
      });
      const copy = await attacker.protocol.governor.propose(targets, values, calldatas, description, outbid(pending));
      copyHash = copy.hash;
      await mineBlock();
      return settled;
    });
    const copyReceipt = await ethers.provider.getTransactionReceipt(copyHash);
    if (!copied || !copyReceipt) throw new Error("the attacker's copy was not mined");
    // Checked before the honest result: on an unprotected proposal the copy lands and the honest one reverts.
    expect(copyReceipt.status, "the attacker's copy of the proposal was accepted").to.equal(0);
    if ("error" in result) throw result.error;
    expect(copyReceipt.blockNumber).to.equal(result.proposed.outcome.blockNumber);
    expect(copyReceipt.index).to.be.lessThan(result.proposed.outcome.receipt.index);
    return { copied, copyReceipt, proposed: result.proposed };
  }

  /** The copy reverts with GovernorRestrictedProposer, and the attacker cannot cancel the honest proposal. */
  async function expectCopyRefused(attacker: Guardians, { copied, proposed }: Hijack): Promise<void> {
    const governor = attacker.protocol.governor;
    const { targets, values, calldatas, description } = copied;
    expect(description).to.equal(proposed.description);
    expect(description.endsWith(`#proposer=${ethers.getAddress(proposed.outcome.receipt.from)}`)).to.equal(true);
    await expect(governor.propose.staticCall(targets, values, calldatas, description))
      .to.be.revertedWithCustomError(governor, "GovernorRestrictedProposer")
      .withArgs(attacker.account);
    expect(await governor.proposalProposer(proposed.proposalId)).to.equal(proposed.outcome.receipt.from);
    await expect(governor.cancel(targets, values, calldatas, ethers.id(description)))
      .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
      .withArgs(proposed.proposalId, attacker.account);
  }

  /** `voter` votes For, then the proposal is queued and executed through the SDK. */
  async function passThroughSdk(voter: Guardians, proposalId: bigint): Promise<void> {
    await time.increaseTo((await voter.protocol.governor.proposalSnapshot(proposalId)) + 1n);
    await castVote(voter, proposalId, "for");
    await time.increaseTo((await voter.protocol.governor.proposalDeadline(proposalId)) + 1n);
    await queueProposal(voter, proposalId);
    await time.increaseTo(await voter.protocol.governor.proposalEta(proposalId));
    await executeProposal(voter, proposalId);
    expect(await proposalState(voter, proposalId)).to.equal("Executed");
  }

  describe("a guardian removal", () => {
    /**
     * The deployer is the guardian (localhost config) and holds undelegated GRD; an honest holder with
     * enough votes for quorum proposes the removal; the attacker, the guardian's ally, holds exactly the
     * proposal threshold.
     */
    async function guardianAndHolders() {
      const { sessions } = await deployedSessions(3);
      const [guardian, honest, attacker] = sessions;
      await (await guardian.protocol.token.transfer(honest.account, ethers.parseEther("500000"))).wait();
      await delegateVotes(honest, honest.account);
      await delegateVotes(attacker, attacker.account);
      await time.increase(2);
      expect(await attacker.protocol.votes.getVotes(attacker.account)).to.equal(
        await attacker.protocol.governor.proposalThreshold(),
      );
      return { guardian, honest, attacker };
    }

    async function removalActions(honest: Guardians, guardian: string): Promise<ProposalActions> {
      const { governor, roundManager } = honest.protocol;
      return {
        targets: [await governor.getAddress(), await roundManager.getAddress()],
        values: [0n, 0n],
        calldatas: [
          governor.interface.encodeFunctionData("setProposalGuardian", [ethers.ZeroAddress]),
          roundManager.interface.encodeFunctionData("revokeRole", [await roundManager.PAUSER_ROLE(), guardian]),
        ],
        description: "Remove the security council",
      };
    }

    it("refuses the attacker's front-run copy, so the removal is proposed by its author and executed", async () => {
      const { guardian, honest, attacker } = await loadFixture(guardianAndHolders);
      const { governor, roundManager } = honest.protocol;
      expect(await governor.proposalGuardian()).to.equal(guardian.account);
      const actions = await removalActions(honest, guardian.account);

      const hijack = await proposeWhileCopied(honest, attacker, () => propose(honest, actions));
      await expectCopyRefused(attacker, hijack);
      await passThroughSdk(honest, hijack.proposed.proposalId);

      expect(await governor.proposalGuardian()).to.equal(ethers.ZeroAddress);
      expect(await roundManager.hasRole(await roundManager.PAUSER_ROLE(), guardian.account)).to.equal(false);
    });
  });

  describe("a slash", () => {
    /** The member to be slashed holds exactly the proposal threshold: 800 GRD and 200 staked (sGRD). */
    async function memberAtThreshold() {
      const { sessions } = await deployedSessions(2);
      const [proposer, member] = sessions;
      await stake(member, ethers.parseEther("200"), Identity.generate().commitment);
      await delegateVotes(member, member.account);
      await delegateVotes(proposer, proposer.account);
      await time.increase(2);
      expect(await member.protocol.votes.getVotes(member.account)).to.equal(await member.protocol.governor.proposalThreshold());
      return { proposer, member };
    }

    it("refuses the slashed member's front-run copy, so the slash proposed by proposeSlash is executed", async () => {
      const { proposer, member } = await loadFixture(memberAtThreshold);
      const { registry } = proposer.protocol;
      const amount = ethers.parseEther("50");

      const hijack = await proposeWhileCopied(proposer, member, () =>
        proposeSlash(proposer, member.account, amount, "copied another member's update", "ipfs://evidence"),
      );
      await expectCopyRefused(member, hijack);
      await passThroughSdk(proposer, hijack.proposed.proposalId);

      expect((await registry.memberOf(member.account)).stake).to.equal(ethers.parseEther("200") - amount);
      expect(await member.protocol.stakePosition.balanceOf(member.account)).to.equal(ethers.parseEther("200") - amount);
    });
  });
});
