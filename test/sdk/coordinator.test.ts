import { ethers } from "hardhat";
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
  maxContributions: 10,
};

describe("coordinator: openRound's checks", () => {
  const deployed = () => deployedSessions(1);

  it("refuses a squared L2 bound of 2^96 or more in one line, before sending anything", async () => {
    const {
      sessions: [coordinator],
    } = await loadFixture(deployed);
    const block = await ethers.provider.getBlockNumber();
    const error = await expectRejection(
      openRound(coordinator, { ...ROUND, l2BoundSq: MAX_L2_BOUND_SQ }),
      ArgumentError,
      /^the squared L2 bound must be below 2\^96 \(the RoundManager stores it in 96 bits\), got 79228162514264337593543950336$/,
    );
    expect(error.message).to.not.include("\n");
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expect(await coordinator.protocol.roundManager.roundCount()).to.equal(0n);
  });

  it("opens a round whose squared L2 bound is the largest that fits in 96 bits", async () => {
    const {
      sessions: [coordinator],
    } = await loadFixture(deployed);
    const { roundId } = await openRound(coordinator, { ...ROUND, l2BoundSq: MAX_L2_BOUND_SQ - 1n });
    expect((await coordinator.protocol.roundManager.getRound(roundId)).l2BoundSq).to.equal(MAX_L2_BOUND_SQ - 1n);
  });
});
