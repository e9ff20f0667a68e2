import { expect } from "chai";
import type { Signer } from "ethers";
import { ethers } from "hardhat";
import { DEV_AGGREGATOR_KEY } from "../../src/deployment/local/protocol";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { silentProgress, type Progress } from "../../src/core/progress";
import { Identity } from "../../src/zk";
import type { Guardians } from "../../src/sdk/client";
import { contributionByUid, listContributions, openRound } from "../../src/sdk/coordinator";
import { ArgumentError, UserError } from "../../src/sdk/errors";
import {
  claim,
  contribute,
  depositBonds,
  participantStatus,
  requestUnstake,
  stake,
  withdraw,
  withdrawBonds,
} from "../../src/sdk/participant";
import { expectRejection } from "../support/expect";
import { deployedSessions, finalizeByProof } from "../support/sdk";

const GRD = (amount: string) => ethers.parseEther(amount);
const BOND = GRD("1");
/** A small update, well inside the round's bound. */
const UPDATE = Array.from({ length: 32 }, (_, i) => ((i % 5) - 2) * 0.1);

/** GRD in the wallet and in the bond balance of a session's account. */
async function holdings(g: Guardians): Promise<{ wallet: bigint; bonds: bigint }> {
  return {
    wallet: await g.protocol.token.balanceOf(g.account),
    bonds: await g.protocol.roundManager.bondBalanceOf(g.account),
  };
}

/** The session with its progress steps recorded: what the SDK started (proving, reading events, …). */
function watchSteps(g: Guardians): { session: Guardians; steps: string[] } {
  const steps: string[] = [];
  const progress: Progress = {
    info() {},
    step(label, total) {
      steps.push(label);
      return silentProgress.step(label, total);
    },
  };
  return { session: { ...g, progress }, steps };
}

/** Transactions the account has sent so far. */
const sent = (g: Guardians) => ethers.provider.getTransactionCount(g.account);

describe("participant: bond balances and the bond of a contribution", function () {
  this.timeout(300_000);

  /** Three staked members with their identities, and round 1 open with a 1 GRD bond. */
  async function openRoundWithMembers() {
    const { sessions } = await deployedSessions(4);
    const [coordinator, ...members] = sessions;
    const identities = members.map(() => Identity.generate());
    for (const [i, member] of members.entries()) await stake(member, GRD("100"), identities[i].commitment);
    const { roundId } = await openRound(coordinator, {
      l2BoundSq: (4n * 256n) ** 2n,
      n: 32,
      bits: 16,
      fracBits: 8,
      aggregatorKey: DEV_AGGREGATOR_KEY.publicKey,
      depth: 16,
      window: 600,
      bond: BOND,
      rewardPool: GRD("10"),
      maxContributions: 8,
    });
    return { coordinator, members, identities, roundId };
  }

  describe("depositBonds and withdrawBonds", () => {
    it("round-trips GRD: a deposit moves it into the bond balance and withdrawals bring all of it back", async () => {
      const { members } = await loadFixture(openRoundWithMembers);
      const [member] = members;
      const start = await holdings(member);

      const deposited = await depositBonds(member, GRD("5"));
      expect(deposited).to.include({ amount: GRD("5"), bondBalance: GRD("5") });
      expect(await holdings(member)).to.deep.equal({ wallet: start.wallet - GRD("5"), bonds: GRD("5") });
      expect((await participantStatus(member)).bondBalance).to.equal(GRD("5"));

      const part = await withdrawBonds(member, GRD("2"));
      expect(part).to.include({ amount: GRD("2"), bondBalance: GRD("3") });
      const rest = await withdrawBonds(member);
      expect(rest).to.include({ amount: GRD("3"), bondBalance: 0n });
      expect(await holdings(member)).to.deep.equal(start);
    });

    it("deposits with one permit transaction, or with approve + deposit when permits are off", async () => {
      const { members } = await loadFixture(openRoundWithMembers);
      const [first, second] = members;
      const rm = await first.protocol.roundManager.getAddress();

      const before = await sent(first);
      await depositBonds(first, GRD("2"));
      expect(await sent(first)).to.equal(before + 1);

      const beforeApprove = await sent(second);
      await depositBonds(second, GRD("2"), { permit: false });
      expect(await sent(second)).to.equal(beforeApprove + 2);
      expect(await second.protocol.token.allowance(second.account, rm)).to.equal(0n);
      expect((await holdings(second)).bonds).to.equal(GRD("2"));
    });

    it("refuses to withdraw more than the bond balance in one line naming the balance, and changes nothing", async () => {
      const { members } = await loadFixture(openRoundWithMembers);
      const [member] = members;
      await depositBonds(member, GRD("3"));
      const before = await holdings(member);
      const block = await ethers.provider.getBlockNumber();
      const error = await expectRejection(
        withdrawBonds(member, GRD("5")),
        UserError,
        /^cannot withdraw 5\.0 GRD: the bond balance of 0x[0-9a-fA-F]{40} is 3\.0 GRD; nothing was sent$/,
      );
      expect(error.message).to.not.include("\n");
      expect(await ethers.provider.getBlockNumber()).to.equal(block);
      expect(await holdings(member)).to.deep.equal(before);
    });

    it("refuses a zero amount, a deposit above the wallet's GRD and a withdrawal from an empty balance, sending nothing", async () => {
      const { members } = await loadFixture(openRoundWithMembers);
      const [member] = members;
      const block = await ethers.provider.getBlockNumber();
      await expectRejection(depositBonds(member, 0n), ArgumentError, /the deposit must be positive/);
      await expectRejection(withdrawBonds(member, 0n), ArgumentError, /the withdrawal must be positive/);
      await expectRejection(
        depositBonds(member, GRD("100000")),
        UserError,
        /insufficient GRD balance for the bond deposit: 0x[0-9a-fA-F]{40} has 900\.0 GRD, needs 100000\.0 GRD/,
      );
      await expectRejection(
        withdrawBonds(member),
        UserError,
        /the bond balance of 0x[0-9a-fA-F]{40} is empty; nothing to withdraw/,
      );
      expect(await ethers.provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("contribute", () => {
    it("deposits exactly the bond when the bond balance is empty, with a permit, and the submission takes it all", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const [member] = members;
      const start = await holdings(member);
      const before = await sent(member);
      const c = await contribute(member, { identity: identities[0], update: UPDATE, roundId });
      expect(c.bondDeposit.amount).to.equal(BOND);
      // No allowance yet: one deposit with a permit, then the submission; no approve.
      expect(c.bondDeposit.outcomes).to.have.length(1);
      expect(await sent(member)).to.equal(before + 2);
      const depositTx = await ethers.provider.getTransaction(c.bondDeposit.outcomes[0].hash);
      expect(member.protocol.roundManager.interface.parseTransaction({ data: depositTx!.data })?.name).to.equal(
        "depositBondsWithPermit",
      );
      const deposit = c.bondDeposit.outcomes[0].receipt.logs
        .map((l) => member.protocol.roundManager.interface.parseLog(l))
        .find((e) => e?.name === "BondsDeposited");
      expect(deposit?.args.amount).to.equal(BOND);
      expect(await holdings(member)).to.deep.equal({ wallet: start.wallet - BOND, bonds: 0n });
    });

    it("approves, then deposits, for a wallet that cannot sign a permit", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const member = members[1];
      const signer = Object.create(member.signer) as Signer;
      signer.signTypedData = () => Promise.reject(new Error("eth_signTypedData_v4 is not supported"));
      const c = await contribute({ ...member, signer }, { identity: identities[1], update: UPDATE, roundId });
      // The token's approve, then the RoundManager's depositBonds.
      expect(c.bondDeposit.outcomes.map((o) => o.receipt.to)).to.deep.equal([
        await member.protocol.token.getAddress(),
        await member.protocol.roundManager.getAddress(),
      ]);
      expect(c.bondDeposit.amount).to.equal(BOND);
    });

    it("deposits without a permit or an approval when the allowance already covers the shortfall", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const member = members[2];
      await (await member.protocol.token.approve(await member.protocol.roundManager.getAddress(), BOND)).wait();
      const c = await contribute(member, { identity: identities[2], update: UPDATE, roundId });
      expect(c.bondDeposit.outcomes).to.have.length(1);
      const sentTx = await ethers.provider.getTransaction(c.bondDeposit.outcomes[0].hash);
      expect(member.protocol.roundManager.interface.parseTransaction({ data: sentTx!.data })?.name).to.equal("depositBonds");
    });

    it("deposits only the shortfall when the bond balance covers part of the bond", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const member = members[1];
      await depositBonds(member, GRD("0.25"));
      const start = await holdings(member);
      const c = await contribute(member, { identity: identities[1], update: UPDATE, roundId });
      expect(c.bondDeposit.amount).to.equal(GRD("0.75"));
      expect(await holdings(member)).to.deep.equal({ wallet: start.wallet - GRD("0.75"), bonds: 0n });
    });

    it("deposits nothing when the bond balance covers the bond: the submission is its only transaction", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const member = members[2];
      await depositBonds(member, GRD("5"));
      const start = await holdings(member);
      const before = await sent(member);
      const { session, steps } = watchSteps(member);
      const c = await contribute(session, { identity: identities[2], update: UPDATE, roundId });
      expect(steps.some((label) => label.startsWith("proving"))).to.equal(true);
      expect(c.bondDeposit).to.deep.equal({ amount: 0n, outcomes: [] });
      expect(await sent(member)).to.equal(before + 1);
      expect(await holdings(member)).to.deep.equal({ wallet: start.wallet, bonds: GRD("4") });
    });

    it("refuses before proving when the wallet cannot cover the bond balance's shortfall", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const [member] = members;
      await depositBonds(member, GRD("0.5"));
      // Leave 0.25 GRD in the wallet: less than the 0.5 GRD the bond balance lacks.
      const { wallet } = await holdings(member);
      await (await member.protocol.token.transfer(members[1].account, wallet - GRD("0.25"))).wait();
      const block = await ethers.provider.getBlockNumber();
      const { session: watched, steps } = watchSteps(member);
      await expectRejection(
        contribute(watched, { identity: identities[0], update: UPDATE, roundId }),
        UserError,
        /insufficient GRD balance for round 1's bond \(the bond balance lacks 0\.5 GRD\): 0x[0-9a-fA-F]{40} has 0\.25 GRD, needs 0\.5 GRD/,
      );
      expect(await ethers.provider.getBlockNumber()).to.equal(block);
      expect(steps.filter((label) => label.startsWith("proving"))).to.deep.equal([]);
    });

    it("records the update commitment in the ContributionSubmitted event, found by uid", async () => {
      const { coordinator, members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const c = await contribute(members[0], { identity: identities[0], update: UPDATE, roundId });
      const recorded = await contributionByUid(coordinator, c.uid);
      expect(recorded).to.include({
        uid: c.uid,
        roundId,
        updateCommitment: c.updateCommitment,
        nullifier: c.nullifier,
        submitter: members[0].account,
        recipient: members[0].account,
        status: "Valid",
      });
      expect(await listContributions(coordinator, roundId)).to.deep.equal([recorded]);
      await expectRejection(
        contributionByUid(coordinator, `0x${"00".repeat(32)}`),
        UserError,
        /no contribution with attestation uid/,
      );
      await expectRejection(contributionByUid(coordinator, "0x1234"), ArgumentError, /is not an attestation uid/);
    });
  });

  describe("claim and withdraw", () => {
    it("claim reports the bond and reward it paid each recipient, and withdraw the stake it paid back", async () => {
      const { coordinator, members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const [alice, bob] = members;
      const included = await contribute(alice, { identity: identities[0], update: UPDATE, roundId });
      const leftOut = await contribute(bob, { identity: identities[1], update: UPDATE, roundId });
      await time.increase(601);
      await finalizeByProof(coordinator, roundId, [
        { uid: included.uid, opening: { update: included.quantized, salt: included.salt } },
      ]);
      await time.increase(30 * 60 + 1);

      const [paidAlice] = await claim(alice);
      expect(paidAlice).to.include({ uid: included.uid, recipient: alice.account, bond: BOND, reward: GRD("10") });
      // Anyone may claim a uid for its recipient: the payment goes to bob, and says so.
      const [paidBob] = await claim(alice, [leftOut.uid]);
      expect(paidBob).to.include({ uid: leftOut.uid, recipient: bob.account, bond: BOND, reward: 0n });

      await requestUnstake(alice);
      await time.increase(60 * 60 + 1);
      const before = await alice.protocol.token.balanceOf(alice.account);
      const withdrawn = await withdraw(alice);
      expect(withdrawn.amount).to.equal(GRD("100"));
      expect(await alice.protocol.token.balanceOf(alice.account)).to.equal(before + GRD("100"));
    });
  });
});
