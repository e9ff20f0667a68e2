import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { Identity, ProofInputError, proveGroth16 } from "../../src/zk";
import { cachedCircuitKeys } from "../../src/zk/cached-keys";
import { openRound } from "../../src/sdk/coordinator";
import { stake } from "../../src/sdk/staking";
import { prepareContribution, reviewUpdate, submitPreparedContribution } from "../../src/sdk/submission";
import { expectRejection } from "../support/expect";
import { TEST_ROUND, deployedSessions } from "../support/sdk";

const GRD = (amount: string) => ethers.parseEther(amount);
/** A small update, well inside the round's bound (4 in real units). */
const UPDATE = Array.from({ length: 32 }, (_, i) => ((i % 5) - 2) * 0.1);

describe("submission: a contribution in steps (review, prepare, prove anywhere, submit)", function () {
  this.timeout(300_000);

  /** Two staked members and round 1 open: N = 32, BITS = 16, 8 fractional bits, L2 bound 4. */
  async function openRoundWithMembers() {
    const { sessions } = await deployedSessions(3);
    const [coordinator, ...members] = sessions;
    const identities = members.map(() => Identity.generate());
    for (const [i, member] of members.entries()) await stake(member, GRD("100"), identities[i].commitment);
    const { roundId } = await openRound(coordinator, { ...TEST_ROUND, l2BoundSq: (4n * 256n) ** 2n, window: 600 });
    return { members, identities, roundId };
  }

  describe("reviewUpdate", () => {
    it("passes an update within the round's length, range and bound, with its norm and the bound in real units", async () => {
      const { members, roundId } = await loadFixture(openRoundWithMembers);
      const review = await reviewUpdate(members[0], roundId, UPDATE);
      expect(review.problems).to.deep.equal([]);
      expect(review).to.include({ n: 32, length: 32, bound: 4 });
      expect(review.norm).to.be.closeTo(Math.hypot(...UPDATE), 0.01);
    });

    it("lists each failed check as a sentence instead of throwing, and sends nothing", async () => {
      const { members, roundId } = await loadFixture(openRoundWithMembers);
      const block = await ethers.provider.getBlockNumber();
      const checks = async (update: number[]) => (await reviewUpdate(members[0], roundId, update)).problems;
      expect(await checks(Array(33).fill(0))).to.deep.equal([
        { check: "length", message: "the update has 33 values; round 1 takes at most 32" },
      ]);
      const [range] = await checks([200, ...UPDATE.slice(1)]);
      expect(range.check).to.equal("range");
      expect(range.message).to.match(/1 value\(s\) \(first at index 0\) exceed ±128/);
      const [norm] = await checks(Array(32).fill(1));
      expect(norm.check).to.equal("norm");
      expect(norm.message).to.match(/^the update's L2 norm 5\.6569 exceeds the round's bound 4\.0000/);
      await time.increase(601);
      expect((await checks(UPDATE)).map((p) => p.check)).to.deep.equal(["round open"]);
      expect(await ethers.provider.getBlockNumber()).to.equal(block + 1);
    });
  });

  describe("prepareContribution and submitPreparedContribution", () => {
    it("submit a proof made from the prepared witness, as contribute does, and the nullifier is then used", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const [member] = members;
      const prepared = await prepareContribution(member, { identity: identities[0], update: UPDATE, roundId });
      expect(prepared.circuit.name).to.equal("contribution_n32_b16_d16");
      const proved = await proveGroth16(prepared.input, cachedCircuitKeys(prepared.circuit.name));
      const c = await submitPreparedContribution(member, prepared, proved);
      expect(c.updateCommitment).to.equal(prepared.signals.updateCommitment);
      expect(await member.protocol.roundManager.isNullifierUsed(roundId, prepared.nullifier)).to.equal(true);
      expect(await member.protocol.roundManager.attestationUid(roundId, prepared.nullifier)).to.equal(c.uid);
    });

    it("refuse a proof of another prepared contribution before anything is sent", async () => {
      const { members, identities, roundId } = await loadFixture(openRoundWithMembers);
      const [first, second] = members;
      const mine = await prepareContribution(first, { identity: identities[0], update: UPDATE, roundId });
      const theirs = await prepareContribution(second, { identity: identities[1], update: UPDATE, roundId });
      const proofOfTheirs = await proveGroth16(theirs.input, cachedCircuitKeys(theirs.circuit.name));
      const block = await ethers.provider.getBlockNumber();
      await expectRejection(
        submitPreparedContribution(first, mine, proofOfTheirs),
        ProofInputError,
        /the proof's public signals .* differ from the request's/,
      );
      expect(await ethers.provider.getBlockNumber()).to.equal(block);
    });
  });
});
