import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import {
  DAY,
  GOVERNANCE_PARAMS,
  HOLDINGS,
  KIND,
  STATE,
  STATUS,
  VOTE,
  buildProposal,
  closeVoting,
  deployGovernance,
  execute,
  governorConfig,
  openVoting,
  passProposal,
  propose,
  queue,
  registerCandidates,
  type GovernanceFixture,
  type Proposal,
} from "../support/governance";

/** The Timelock operation id GovernorTimelockControl schedules for `proposal`. */
async function timelockOperationId(f: GovernanceFixture, proposal: Proposal): Promise<string> {
  const salt = ethers.toBeHex((BigInt(await f.governor.getAddress()) << 96n) ^ BigInt(proposal.descriptionHash), 32);
  return f.timelock.hashOperationBatch(proposal.targets, proposal.values, proposal.calldatas, ethers.ZeroHash, salt);
}

/** The call that clears the Governor's proposal guardian. */
function removeGuardian(f: GovernanceFixture) {
  return { target: f.governor, data: f.governor.interface.encodeFunctionData("setProposalGuardian", [ethers.ZeroAddress]) };
}

describe("GuardiansGovernor", () => {
  async function withCandidates() {
    const f = await deployGovernance();
    await registerCandidates(f, 3);
    return f;
  }

  /** A proposal to activate `versionId`. */
  function activation(f: GovernanceFixture, versionId: bigint, description = `Activate model ${versionId}`) {
    return buildProposal(
      f.governor,
      [{ target: f.registry, data: f.registry.interface.encodeFunctionData("activate", [versionId]) }],
      description,
    );
  }

  describe("configuration", () => {
    it("takes every parameter from its deployment", async () => {
      const { governor, timelock, guardian } = await loadFixture(deployGovernance);
      const p = GOVERNANCE_PARAMS;
      expect(await governor.name()).to.equal("Guardians Governor");
      expect(await governor.votingDelay()).to.equal(p.votingDelay);
      expect(await governor.votingPeriod()).to.equal(p.votingPeriod);
      expect(await governor.proposalThreshold()).to.equal(p.proposalThreshold);
      expect(await governor["quorumNumerator()"]()).to.equal(p.quorumPercent);
      expect(await governor.lateQuorumVoteExtension()).to.equal(p.lateQuorumVoteExtension);
      expect(await governor.proposalGuardian()).to.equal(guardian.address);
      expect(await governor.timelock()).to.equal(await timelock.getAddress());
      expect(await timelock.getMinDelay()).to.equal(p.timelockDelay);
    });

    it("refuses a votes source that does not run the timestamp clock", async () => {
      const { timelock, guardian } = await loadFixture(deployGovernance);
      const blockClock = await ethers.deployContract("MockBlockClockVotes");
      const factory = await ethers.getContractFactory("GuardiansGovernor");
      await expect(
        factory.deploy(governorConfig(guardian.address), await blockClock.getAddress(), await timelock.getAddress()),
      ).to.be.revertedWithCustomError(factory, "GuardiansGovernorClockMismatch");
    });

    it("leaves the deployer with no role, and the Timelock as the only admin", async () => {
      const { registry, timelock, deployer } = await loadFixture(deployGovernance);
      const timelockAddress = await timelock.getAddress();
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), timelockAddress)).to.equal(true);
      expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
      expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), timelockAddress)).to.equal(true);
    });
  });

  describe("model activation through governance", () => {
    it("goes propose → vote → queue → execute, changes the champion and records the proposal in the history", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await expect(propose(f.governor, f.alice, proposal)).to.emit(f.governor, "ProposalCreated");
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Pending);
      await openVoting(f.governor, proposal);
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Active);
      await expect(f.governor.connect(f.alice).castVote(proposal.id, VOTE.For))
        .to.emit(f.governor, "VoteCast")
        .withArgs(f.alice.address, proposal.id, VOTE.For, HOLDINGS.alice, "");
      await closeVoting(f.governor, proposal);
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Succeeded);
      await expect(queue(f.governor, proposal)).to.emit(f.governor, "ProposalQueued");
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Queued);
      expect(await f.registry.champion()).to.equal(0n);

      await expect(execute(f.governor, proposal))
        .to.emit(f.registry, "ChampionChanged")
        .withArgs(1n, 0n, proposal.id, KIND.Promotion, 0n);
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Executed);
      expect(await f.registry.champion()).to.equal(1n);
      const entry = await f.registry.activationAt(0n);
      expect(entry.versionId).to.equal(1n);
      expect(entry.proposalId).to.equal(proposal.id);
      expect(entry.activatedAt).to.equal(await time.latest());
      expect(await f.governor.executingProposalId()).to.equal(0n);
    });

    it("cannot execute before the Timelock delay has passed", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      await f.governor.connect(f.alice).castVote(proposal.id, VOTE.For);
      await closeVoting(f.governor, proposal);
      await queue(f.governor, proposal);
      await expect(
        f.governor.execute(proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash),
      ).to.be.revertedWithCustomError(f.timelock, "TimelockUnexpectedOperationState");
    });

    it("counts staked GRD: a staker's sGRD votes carry a proposal", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      await expect(f.governor.connect(f.carol).castVote(proposal.id, VOTE.For))
        .to.emit(f.governor, "VoteCast")
        .withArgs(f.carol.address, proposal.id, VOTE.For, HOLDINGS.carol, "");
      await f.governor.connect(f.bob).castVote(proposal.id, VOTE.For);
      await closeVoting(f.governor, proposal);
      // bob (30k) alone misses the 40k quorum; with carol's 20k staked GRD it is reached.
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Succeeded);
    });

    it("rolls back to the previous champion and revokes the regressed version in one proposal", async () => {
      const f = await loadFixture(withCandidates);
      await passProposal(f, [{ target: f.registry, data: f.registry.interface.encodeFunctionData("activate", [1n]) }], "v1");
      await passProposal(f, [{ target: f.registry, data: f.registry.interface.encodeFunctionData("activate", [2n]) }], "v2");
      expect(await f.registry.champion()).to.equal(2n);

      const rollback = await passProposal(
        f,
        [
          { target: f.registry, data: f.registry.interface.encodeFunctionData("rollback", [1n]) },
          { target: f.registry, data: f.registry.interface.encodeFunctionData("revoke", [2n, "accuracy regression"]) },
        ],
        "Roll back to v1 and revoke v2",
      );
      expect(await f.registry.champion()).to.equal(1n);
      expect(await f.registry.statusOf(1n)).to.equal(STATUS.Active);
      expect(await f.registry.statusOf(2n)).to.equal(STATUS.Revoked);
      const history = await f.registry.activations(0n, 10n);
      expect(history.map((a) => [a.versionId, a.previousVersionId, a.kind])).to.deep.equal([
        [1n, 0n, KIND.Promotion],
        [2n, 1n, KIND.Promotion],
        [1n, 2n, KIND.Rollback],
      ]);
      expect(history[2].proposalId).to.equal(rollback.id);
    });
  });

  describe("outcomes", () => {
    it("defeats a proposal with more votes against than for", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      await f.governor.connect(f.alice).castVote(proposal.id, VOTE.Against);
      await f.governor.connect(f.bob).castVote(proposal.id, VOTE.For);
      await closeVoting(f.governor, proposal);
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Defeated);
      await expect(queue(f.governor, proposal)).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
    });

    it("defeats a unanimous proposal that misses the quorum", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      await f.governor.connect(f.bob).castVote(proposal.id, VOTE.For);
      const snapshot = await f.governor.proposalSnapshot(proposal.id);
      const quorum = await f.governor.quorum(snapshot);
      expect(quorum).to.equal((GOVERNANCE_PARAMS.supply * GOVERNANCE_PARAMS.quorumPercent) / 100n);
      expect(HOLDINGS.bob).to.be.lessThan(quorum);
      await closeVoting(f.governor, proposal);
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Defeated);
      expect(await f.registry.champion()).to.equal(0n);
    });

    it("extends the vote when quorum is reached late, and the other side uses the extension to defeat it", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      const originalDeadline = await f.governor.proposalDeadline(proposal.id);
      await time.increaseTo(originalDeadline - 60n);
      const vote = f.governor.connect(f.alice).castVote(proposal.id, VOTE.For);
      await expect(vote).to.emit(f.governor, "ProposalExtended");
      const extendedDeadline = BigInt(await time.latest()) + BigInt(GOVERNANCE_PARAMS.lateQuorumVoteExtension);
      expect(await f.governor.proposalDeadline(proposal.id)).to.equal(extendedDeadline);

      await time.increaseTo(originalDeadline + 1n);
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Active);
      await f.governor.connect(f.bob).castVote(proposal.id, VOTE.Against);
      await f.governor.connect(f.carol).castVote(proposal.id, VOTE.Against);
      await time.increaseTo(extendedDeadline + 1n);
      // 50k For against 50k Against: For does not exceed Against, so the proposal fails.
      expect(await f.governor.state(proposal.id)).to.equal(STATE.Defeated);
    });

    it("does not extend a vote whose quorum is reached early", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      const originalDeadline = await f.governor.proposalDeadline(proposal.id);
      await expect(f.governor.connect(f.alice).castVote(proposal.id, VOTE.For)).not.to.emit(f.governor, "ProposalExtended");
      expect(await f.governor.proposalDeadline(proposal.id)).to.equal(originalDeadline);
    });
  });

  describe("flash-loan resistance", () => {
    it("gives no weight to GRD received after the snapshot, while the sender keeps its snapshot weight", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      // The outsider borrows alice's whole balance after the snapshot and delegates to itself.
      await f.token.connect(f.alice).transfer(f.outsider.address, HOLDINGS.alice);
      await f.token.connect(f.outsider).delegate(f.outsider.address);
      expect(await f.votes.getVotes(f.outsider.address)).to.equal(HOLDINGS.alice);
      await expect(f.governor.connect(f.outsider).castVote(proposal.id, VOTE.Against))
        .to.emit(f.governor, "VoteCast")
        .withArgs(f.outsider.address, proposal.id, VOTE.Against, 0n, "");
      const [against] = await f.governor.proposalVotes(proposal.id);
      expect(against).to.equal(0n);
    });

    it("gives no weight to GRD flash-borrowed, delegated and voted with in one transaction", async () => {
      const f = await loadFixture(withCandidates);
      const lender = await ethers.deployContract("MockFlashLender", [await f.token.getAddress()]);
      const pool = HOLDINGS.alice;
      await f.token.connect(f.alice).transfer(await lender.getAddress(), pool);
      const attacker = await ethers.deployContract("MockFlashLoanVoter", [
        await lender.getAddress(),
        await f.governor.getAddress(),
      ]);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.bob, proposal);
      await openVoting(f.governor, proposal);

      await expect(attacker.attack(proposal.id, pool))
        .to.emit(f.governor, "VoteCast")
        .withArgs(await attacker.getAddress(), proposal.id, VOTE.For, 0n, "");
      const [, forVotes] = await f.governor.proposalVotes(proposal.id);
      expect(forVotes).to.equal(0n);
      expect(await f.token.balanceOf(await lender.getAddress())).to.equal(pool);
    });

    it("gives no extra weight to GRD staked after the snapshot", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      await f.token.connect(f.alice).transfer(f.bob.address, HOLDINGS.alice);
      await f.token.connect(f.bob).approve(await f.staking.getAddress(), HOLDINGS.alice);
      await f.staking.connect(f.bob).stake(HOLDINGS.alice);
      expect(await f.votes.getVotes(f.bob.address)).to.equal(HOLDINGS.bob + HOLDINGS.alice);
      await expect(f.governor.connect(f.bob).castVote(proposal.id, VOTE.For))
        .to.emit(f.governor, "VoteCast")
        .withArgs(f.bob.address, proposal.id, VOTE.For, HOLDINGS.bob, "");
    });

    it("opens voting only after the snapshot, so borrowed weight must be held across blocks", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      const snapshot = await f.governor.proposalSnapshot(proposal.id);
      expect(snapshot).to.equal(BigInt(await time.latest()) + BigInt(GOVERNANCE_PARAMS.votingDelay));
      await time.setNextBlockTimestamp(snapshot);
      await expect(f.governor.connect(f.alice).castVote(proposal.id, VOTE.For)).to.be.revertedWithCustomError(
        f.governor,
        "GovernorUnexpectedProposalState",
      );
    });
  });
  describe("guardian", () => {
    /** An activation proposal that passed its vote and sits queued in the Timelock. */
    async function queuedActivation() {
      const f = await withCandidates();
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      await f.governor.connect(f.alice).castVote(proposal.id, VOTE.For);
      await closeVoting(f.governor, proposal);
      await queue(f.governor, proposal);
      return { ...f, proposal };
    }

    it("cancels a queued proposal through the Governor, which cancels the Timelock operation", async () => {
      const f = await loadFixture(queuedActivation);
      const operationId = await timelockOperationId(f, f.proposal);
      expect(await f.timelock.isOperationPending(operationId)).to.equal(true);
      await expect(
        f.governor
          .connect(f.guardian)
          .cancel(f.proposal.targets, f.proposal.values, f.proposal.calldatas, f.proposal.descriptionHash),
      )
        .to.emit(f.governor, "ProposalCanceled")
        .withArgs(f.proposal.id);
      expect(await f.governor.state(f.proposal.id)).to.equal(STATE.Canceled);
      expect(await f.timelock.getOperationState(operationId)).to.equal(0n); // Unset: cancelled
      await time.increase(GOVERNANCE_PARAMS.timelockDelay);
      await expect(
        f.governor.execute(f.proposal.targets, f.proposal.values, f.proposal.calldatas, f.proposal.descriptionHash),
      ).to.be.revertedWithCustomError(f.governor, "GovernorUnexpectedProposalState");
      expect(await f.registry.champion()).to.equal(0n);
    });

    it("holds no Timelock role: it cannot cancel an operation in the Timelock directly", async () => {
      const f = await loadFixture(queuedActivation);
      const operationId = await timelockOperationId(f, f.proposal);
      await expect(f.timelock.connect(f.guardian).cancel(operationId))
        .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(f.guardian.address, await f.timelock.CANCELLER_ROLE());
    });

    it("cancels a proposal while it is pending or being voted on", async () => {
      const f = await loadFixture(withCandidates);
      const pending = await activation(f, 1n, "pending");
      const active = await activation(f, 2n, "active");
      await propose(f.governor, f.alice, active);
      await openVoting(f.governor, active);
      await propose(f.governor, f.alice, pending);
      for (const proposal of [pending, active]) {
        await f.governor
          .connect(f.guardian)
          .cancel(proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash);
        expect(await f.governor.state(proposal.id)).to.equal(STATE.Canceled);
      }
    });

    it("cannot activate a model, schedule or execute in the Timelock, move the treasury or change roles", async () => {
      const f = await loadFixture(withCandidates);
      const g = f.guardian;
      const adminRole = await f.registry.DEFAULT_ADMIN_ROLE();
      await expect(f.registry.connect(g).activate(1n))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(g.address, adminRole);
      await expect(f.registry.connect(g).grantRole(await f.registry.REGISTRAR_ROLE(), g.address))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(g.address, adminRole);

      const activate = f.registry.interface.encodeFunctionData("activate", [1n]);
      const registryAddress = await f.registry.getAddress();
      await expect(f.timelock.connect(g).schedule(registryAddress, 0n, activate, ethers.ZeroHash, ethers.ZeroHash, DAY * 2))
        .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(g.address, await f.timelock.PROPOSER_ROLE());
      await expect(f.timelock.connect(g).execute(registryAddress, 0n, activate, ethers.ZeroHash, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(g.address, await f.timelock.EXECUTOR_ROLE());
      await expect(f.timelock.connect(g).grantRole(await f.timelock.PROPOSER_ROLE(), g.address))
        .to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(g.address, await f.timelock.DEFAULT_ADMIN_ROLE());

      const timelockAddress = await f.timelock.getAddress();
      await expect(f.token.connect(g).transferFrom(timelockAddress, g.address, 1n))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
        .withArgs(g.address, 0n, 1n);
      await expect(f.governor.connect(g).relay(await f.token.getAddress(), 0n, "0x"))
        .to.be.revertedWithCustomError(f.governor, "GovernorOnlyExecutor")
        .withArgs(g.address);
      await expect(f.governor.connect(g).setProposalGuardian(f.outsider.address))
        .to.be.revertedWithCustomError(f.governor, "GovernorOnlyExecutor")
        .withArgs(g.address);
    });

    it("loses its cancel power when governance removes it", async () => {
      const f = await loadFixture(withCandidates);
      await passProposal(f, [removeGuardian(f)], "Remove the guardian");
      expect(await f.governor.proposalGuardian()).to.equal(ethers.ZeroAddress);

      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      await expect(
        f.governor.connect(f.guardian).cancel(proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash),
      )
        .to.be.revertedWithCustomError(f.governor, "GovernorUnableToCancel")
        .withArgs(proposal.id, f.guardian.address);
    });

    it("cannot cancel its own removal, whether pending, being voted on or queued", async () => {
      const f = await loadFixture(withCandidates);
      const removal = await buildProposal(f.governor, [removeGuardian(f)], "Remove the guardian");
      const cancel = () =>
        f.governor.connect(f.guardian).cancel(removal.targets, removal.values, removal.calldatas, removal.descriptionHash);
      await propose(f.governor, f.alice, removal);
      await expect(cancel())
        .to.be.revertedWithCustomError(f.governor, "GuardiansGovernorCannotCancelGuardianRemoval")
        .withArgs(removal.id);
      await openVoting(f.governor, removal);
      await f.governor.connect(f.alice).castVote(removal.id, VOTE.For);
      await expect(cancel())
        .to.be.revertedWithCustomError(f.governor, "GuardiansGovernorCannotCancelGuardianRemoval")
        .withArgs(removal.id);
      await closeVoting(f.governor, removal);
      await queue(f.governor, removal);
      await expect(cancel())
        .to.be.revertedWithCustomError(f.governor, "GuardiansGovernorCannotCancelGuardianRemoval")
        .withArgs(removal.id);
      await execute(f.governor, removal);
      expect(await f.governor.proposalGuardian()).to.equal(ethers.ZeroAddress);
    });

    it("still cancels a proposal that bundles its removal with anything else", async () => {
      const f = await loadFixture(withCandidates);
      const activate = { target: f.registry, data: f.registry.interface.encodeFunctionData("activate", [1n]) };
      const bundled = await buildProposal(f.governor, [removeGuardian(f), activate], "Remove the guardian and activate v1");
      await propose(f.governor, f.alice, bundled);
      await expect(
        f.governor.connect(f.guardian).cancel(bundled.targets, bundled.values, bundled.calldatas, bundled.descriptionHash),
      )
        .to.emit(f.governor, "ProposalCanceled")
        .withArgs(bundled.id);
    });

    it("still cancels a removal call that carries value", async () => {
      const f = await loadFixture(withCandidates);
      const removal = await buildProposal(f.governor, [removeGuardian(f)], "Remove the guardian, paying it");
      const paying = { ...removal, values: [1n] };
      const id = await f.governor.hashProposal(paying.targets, paying.values, paying.calldatas, paying.descriptionHash);
      await f.governor.connect(f.alice).propose(paying.targets, paying.values, paying.calldatas, paying.description);
      await expect(f.governor.connect(f.guardian).cancel(paying.targets, paying.values, paying.calldatas, paying.descriptionHash))
        .to.emit(f.governor, "ProposalCanceled")
        .withArgs(id);
    });

    it("still cancels a proposal that sets another guardian", async () => {
      const f = await loadFixture(withCandidates);
      const replace = {
        target: f.governor,
        data: f.governor.interface.encodeFunctionData("setProposalGuardian", [f.outsider.address]),
      };
      const proposal = await buildProposal(f.governor, [replace], "Replace the guardian");
      await propose(f.governor, f.alice, proposal);
      await expect(
        f.governor.connect(f.guardian).cancel(proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash),
      ).to.emit(f.governor, "ProposalCanceled");
    });
  });

  describe("access control", () => {
    it("refuses a proposal from an account below the proposal threshold", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await expect(propose(f.governor, f.outsider, proposal))
        .to.be.revertedWithCustomError(f.governor, "GovernorInsufficientProposerVotes")
        .withArgs(f.outsider.address, 0n, GOVERNANCE_PARAMS.proposalThreshold);
    });

    it("lets nobody but the guardian cancel another account's proposal once voting has started", async () => {
      const f = await loadFixture(withCandidates);
      const proposal = await activation(f, 1n);
      await propose(f.governor, f.alice, proposal);
      await openVoting(f.governor, proposal);
      for (const caller of [f.outsider, f.bob, f.alice]) {
        await expect(
          f.governor.connect(caller).cancel(proposal.targets, proposal.values, proposal.calldatas, proposal.descriptionHash),
        )
          .to.be.revertedWithCustomError(f.governor, "GovernorUnableToCancel")
          .withArgs(proposal.id, caller.address);
      }
    });

    it("keeps every Governor setting behind a governance proposal", async () => {
      const f = await loadFixture(deployGovernance);
      const o = f.governor.connect(f.outsider);
      const calls = [
        () => o.setVotingDelay(1n),
        () => o.setVotingPeriod(1n),
        () => o.setProposalThreshold(0n),
        () => o.updateQuorumNumerator(1n),
        () => o.setLateQuorumVoteExtension(1n),
        () => o.updateTimelock(f.outsider.address),
        () => o.setProposalGuardian(f.outsider.address),
        () => o.relay(f.outsider.address, 0n, "0x"),
      ];
      for (const call of calls) {
        await expect(call()).to.be.revertedWithCustomError(f.governor, "GovernorOnlyExecutor").withArgs(f.outsider.address);
      }
    });

    it("changes a Governor setting through a proposal", async () => {
      const f = await loadFixture(deployGovernance);
      await passProposal(
        f,
        [{ target: f.governor, data: f.governor.interface.encodeFunctionData("setVotingPeriod", [7 * DAY]) }],
        "Longer votes",
      );
      expect(await f.governor.votingPeriod()).to.equal(7 * DAY);
    });

    it("keeps every Timelock function behind its role", async () => {
      const f = await loadFixture(deployGovernance);
      const t = f.timelock.connect(f.outsider);
      const who = f.outsider.address;
      const target = await f.registry.getAddress();
      const proposer = await f.timelock.PROPOSER_ROLE();
      const checks: [() => Promise<unknown>, string][] = [
        [() => t.schedule(target, 0n, "0x", ethers.ZeroHash, ethers.ZeroHash, DAY * 2), proposer],
        [() => t.execute(target, 0n, "0x", ethers.ZeroHash, ethers.ZeroHash), await f.timelock.EXECUTOR_ROLE()],
        [() => t.cancel(ethers.ZeroHash), await f.timelock.CANCELLER_ROLE()],
        [() => t.grantRole(proposer, who), await f.timelock.DEFAULT_ADMIN_ROLE()],
      ];
      for (const [call, role] of checks) {
        await expect(call()).to.be.revertedWithCustomError(f.timelock, "AccessControlUnauthorizedAccount").withArgs(who, role);
      }
      await expect(t.updateDelay(0n)).to.be.revertedWithCustomError(f.timelock, "TimelockUnauthorizedCaller").withArgs(who);
    });

    it("lets a token holder activate nothing outside a proposal", async () => {
      const f = await loadFixture(withCandidates);
      await expect(f.registry.connect(f.alice).activate(1n))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.alice.address, await f.registry.DEFAULT_ADMIN_ROLE());
    });
  });
});
