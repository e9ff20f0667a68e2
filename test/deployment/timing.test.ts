import fs from "node:fs";
import { expect } from "chai";
import { ethers } from "hardhat";
import { DEV_AGGREGATOR_KEY } from "../../src/deployment/local/protocol";
import { setBalance, takeSnapshot, time, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer } from "ethers";

import { deployConfigPath, validateDeployConfig, type DeployConfig } from "../../src/deployment/config/deploy";
import { openGuardians, type Guardians } from "../../src/sdk/client";
import { openRound } from "../../src/sdk/coordinator";
import { executeProposal, propose, queueProposal, type Proposed } from "../../src/sdk/governance";
import { contribute, requestUnstake, stake } from "../../src/sdk/participant";
import { proposeSlash } from "../../src/sdk/slash";
import { checkTiming } from "../../src/sdk/timing";
import { Identity } from "../../src/zk";
import { deployForTest } from "../support/deployment";
import { finalizeByProof } from "../support/sdk";

/*
 * The timing invariants, attacked with every shipped config: a member who sees a slash proposal
 * unstakes at once and tries to withdraw before it executes; a poisoner whose contribution is about
 * to be revoked tries to claim first. Governance takes its slowest path every time: the proposal
 * waits out the voting delay, quorum arrives in the voting period's last second (so the late-quorum
 * extension applies in full), and the Timelock delay runs to its end.
 */

const NETWORKS = ["localhost", "hardhat", "sepolia", "baseSepolia"] as const;

/** A shipped config as an operator deploys it: roles named, and a deployer who holds enough GRD to pass a vote. */
async function shippedConfig(network: string, deployer: string, coordinator: string, guardian: string): Promise<DeployConfig> {
  const raw = JSON.parse(fs.readFileSync(deployConfigPath(network), "utf8")) as Record<string, Record<string, unknown>>;
  raw.roles = { coordinator, guardian };
  // Quorum is a share of the whole supply; the deployer keeps half of it so that one vote passes.
  raw.token.allocations = [{ to: "deployer", amount: "5000000 GRD" }];
  return validateDeployConfig(raw, `${network}.json`, deployer);
}

/**
 * Walks a proposal through governance's slowest path, calling `between` at every stop before execution
 * (`between` must not mine: the path sets the next block's timestamp).
 */
async function slowestPath(proposer: Guardians, proposed: Proposed, between: (stage: string) => Promise<void>): Promise<void> {
  const governor = proposer.protocol.governor;
  await between("proposed");
  const deadline = await governor.proposalDeadline(proposed.proposalId);
  // The vote lands in the deadline's own second (the SDK, reading the last block, would not send it yet).
  await time.setNextBlockTimestamp(deadline);
  await (await governor.castVote(proposed.proposalId, 1)).wait();
  await between("quorum reached in the voting period's last second");
  const extended = await governor.proposalDeadline(proposed.proposalId);
  expect(extended, "the late-quorum extension applies").to.be.greaterThan(deadline);
  await time.increaseTo(extended + 1n);
  await queueProposal(proposer, proposed.proposalId);
  await between("queued");
  const eta = await governor.proposalEta(proposed.proposalId);
  await time.increaseTo(eta - 1n);
  await between("one second before the Timelock delay ends");
  await time.increaseTo(eta);
  await executeProposal(proposer, proposed.proposalId);
}

for (const network of NETWORKS) {
  describe(`the shipped ${network} config: governance acts before unbonding and challenge periods end`, function () {
    let deployer: Guardians;
    let coordinator: Guardians;
    let member: Guardians;
    let memberSigner: Signer;
    let config: DeployConfig;
    let deployed: SnapshotRestorer;
    const identity = new Identity(0x5eedn + BigInt(NETWORKS.indexOf(network)));

    before(async function () {
      const signers = await ethers.getSigners();
      const [deployerSigner, coordinatorSigner, guardianSigner] = signers;
      memberSigner = signers[3];
      config = await shippedConfig(
        network,
        await deployerSigner.getAddress(),
        await coordinatorSigner.getAddress(),
        await guardianSigner.getAddress(),
      );
      const { deployment } = await deployForTest({ signer: deployerSigner, config });
      const session = (signer: Signer) => openGuardians({ signer, deployment, pollMs: 10 });
      [deployer, coordinator, member] = await Promise.all([
        session(deployerSigner),
        session(coordinatorSigner),
        session(memberSigner),
      ]);
      await (await deployer.protocol.token.delegate(deployer.account)).wait();
      for (const to of [member.account, coordinator.account])
        await (await deployer.protocol.token.transfer(to, ethers.parseEther("1000"))).wait();
      await stake(member, config.registry.minStake, identity.commitment);
      await time.increase(1);
      deployed = await takeSnapshot();
    });

    afterEach(async function () {
      await deployed.restore();
    });

    it("passes the post-deployment check that reads the live Governor and Timelock", async function () {
      const report = await checkTiming(deployer.protocol);
      expect(report.latency).to.equal(config.governanceLatency);
      expect(report.minUnbondingPeriod).to.equal(config.governanceLatency);
      expect(report.minChallengePeriod).to.equal(config.governanceLatency);
      expect(report.problems).to.deep.equal([]);
      expect(report.warnings).to.deep.equal([]);
    });

    it("reports, from the live contracts, a Timelock delay raised past what the periods cover", async function () {
      const timelockAddress = await deployer.protocol.timelock.getAddress();
      await setBalance(timelockAddress, ethers.parseEther("1"));
      const timelock = deployer.protocol.timelock.connect(await ethers.getImpersonatedSigner(timelockAddress));
      const slower = config.registry.unbondingPeriod + config.rounds.challengePeriod;
      await (await timelock.updateDelay(slower)).wait();
      const report = await checkTiming(deployer.protocol);
      expect(report.problems).to.have.length(2);
      expect(report.problems[0]).to.match(/^unbondingPeriod is .* shorter than the governance latency of/);
      expect(report.problems[1]).to.match(/^challengePeriod is .* shorter than the governance latency of/);
      expect(report.warnings.join("\n")).to.match(/minUnbondingPeriod .* below today's governance latency/);
    });

    it("executes a slash proposed the moment the member starts unstaking, and the member cannot withdraw before it", async function () {
      const slashed = config.registry.minStake / 2n;
      await requestUnstake(member);
      const proposed = await proposeSlash(deployer, member.account, slashed, "poisoned round 1");
      const registry = member.protocol.registry.connect(memberSigner);
      await slowestPath(deployer, proposed, async (stage) => {
        await expect(registry.withdraw.staticCall(), `withdraw when ${stage}`).to.be.revertedWithCustomError(
          registry,
          "ParticipantRegistryUnbondingNotOver",
        );
      });
      expect((await member.protocol.registry.memberOf(member.account)).stake).to.equal(config.registry.minStake - slashed);
    });

    it("executes a revocation proposed the moment the contribution lands, before the contribution can claim", async function () {
      const rm = coordinator.protocol.roundManager;
      const circuit = config.verifiers[0];
      const { roundId } = await openRound(coordinator, {
        l2BoundSq: 4_000_000n,
        n: circuit.n,
        bits: circuit.bits,
        fracBits: 8,
        depth: circuit.depth,
        window: config.rounds.minWindow,
        bond: config.rounds.minBond,
        rewardPool: 0n,
        maxContributions: 8,
        aggregatorKey: DEV_AGGREGATOR_KEY.publicKey,
      });
      const contributed = await contribute(member, { identity, update: [0.5, -0.25], roundId });
      const { uid } = contributed;
      const revocation = await propose(deployer, {
        targets: [await rm.getAddress()],
        values: [0n],
        calldatas: [rm.interface.encodeFunctionData("revokeContribution", [uid, "poisoned update"])],
        description: `Revoke contribution ${uid}`,
      });
      // The coordinator finalizes the moment the window closes: the challenge period starts as early as it can.
      await time.increaseTo((await rm.getRound(roundId)).closesAt);
      await finalizeByProof(coordinator, roundId, [{ uid, opening: { update: contributed.quantized, salt: contributed.salt } }]);
      await slowestPath(deployer, revocation, async (stage) => {
        await expect(rm.connect(memberSigner).claim.staticCall(uid), `claim when ${stage}`).to.be.revertedWithCustomError(
          rm,
          "RoundManagerChallengePeriodNotOver",
        );
      });
      expect((await rm.getAttestation(uid)).status).to.equal(2n); // Revoked
      expect(BigInt(await time.latest())).to.be.lessThan((await rm.getRound(roundId)).challengeEndsAt);
    });
  });
}
