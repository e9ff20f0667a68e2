import { ethers } from "hardhat";
import { DEV_AGGREGATOR_KEY } from "../../src/deployment/local/protocol";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { MAX_L2_BOUND_SQ, openRound, type RoundOptions } from "../../src/sdk/coordinator";
import { ArgumentError } from "../../src/sdk/errors";
import { expectRejection } from "../support/expect";
import { deployedSessions } from "../support/sdk";

/** A round the localhost limits accept, on the registered contribution_n32_b16_d16 verifier. */
const ROUND: RoundOptions = {
  l2BoundSq: 1024n ** 2n,
  n: 32,
  bits: 16,
  fracBits: 8,
  depth: 16,
  window: 600,
  bond: ethers.parseEther("1"),
  rewardPool: 0n,
  maxContributions: 8,
  aggregatorKey: DEV_AGGREGATOR_KEY.publicKey,
};

describe("coordinator: openRound's checks", () => {
  const deployed = () => deployedSessions(1);

  it("refuses a squared L2 bound above governance's maximum in one line, before sending anything", async () => {
    const {
      sessions: [coordinator],
    } = await loadFixture(deployed);
    const block = await ethers.provider.getBlockNumber();
    const { maxL2BoundSq } = await coordinator.protocol.roundManager.limits();
    const error = await expectRejection(
      openRound(coordinator, { ...ROUND, l2BoundSq: maxL2BoundSq + 1n }),
      ArgumentError,
      new RegExp(`^the squared L2 bound must be at most ${maxL2BoundSq} \\(governance's maximum\\), got ${maxL2BoundSq + 1n}$`),
    );
    expect(error.message).to.not.include("\n");
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expect(await coordinator.protocol.roundManager.roundCount()).to.equal(0n);
  });

  it("refuses a squared L2 bound the circuit cannot prove against, and one of 2^96 or more, in one line", async () => {
    const {
      sessions: [coordinator],
    } = await loadFixture(deployed);
    const error = await expectRejection(openRound(coordinator, { ...ROUND, l2BoundSq: MAX_L2_BOUND_SQ }), ArgumentError);
    expect(error.message).to.not.include("\n");
    expect(error.message).to.include("the squared L2 bound must be below 2^96 (the RoundManager stores it in 96 bits)");
    expect(error.message).to.include("the squared L2 bound must be at most 68719476735 for N=32, BITS=16: no proof could use it");
  });

  it("opens a round whose squared L2 bound is governance's maximum", async () => {
    const {
      sessions: [coordinator],
    } = await loadFixture(deployed);
    const { maxL2BoundSq } = await coordinator.protocol.roundManager.limits();
    const { roundId } = await openRound(coordinator, { ...ROUND, l2BoundSq: maxL2BoundSq });
    expect((await coordinator.protocol.roundManager.getRound(roundId)).l2BoundSq).to.equal(maxL2BoundSq);
  });

  it("refuses a round larger than one aggregation proof covers (K = 8), in one line, before sending anything", async () => {
    const {
      sessions: [coordinator],
    } = await loadFixture(deployed);
    const block = await ethers.provider.getBlockNumber();
    await expectRejection(
      openRound(coordinator, { ...ROUND, maxContributions: 9 }),
      ArgumentError,
      /^max contributions must be at most 8: one aggregation proof finalizes the round, and it covers 8 contributions$/,
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });
});
