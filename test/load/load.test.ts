import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ZeroHash } from "ethers";
import { ethers } from "hardhat";

import { DAY, loadProtocol, mockAggregation, SAMPLE_OPENING } from "../support/protocol";

import {
  BOND,
  BOND_DEPOSIT,
  LOAD_AGGREGATION_K,
  LoadProtocol,
  MIN_STAKE,
  REGISTRY_PARAMS,
  ROUND_LIMITS,
  UNCHECKED_PROOF,
  addMember,
  deployLoadProtocol,
  fundedWallet,
  gasOf,
  roundConfig,
  signalsFor,
} from "../../src/deployment/local/population";

const MEMBERS = 200;
/** One slot below the largest round one aggregation proof takes (K = 31 at H = 5), so the round is not yet full. */
const CONTRIBUTIONS = LOAD_AGGREGATION_K - 1;
/** The first contribution is submitted while the tree holds this many members, the rest at MEMBERS. */
const EARLY_MEMBERS = 10;

interface Loaded extends LoadProtocol {
  roundId: bigint;
  stakeGas: bigint[];
  /** On-chain root and TypeScript root after each stake. */
  roots: { onChain: bigint; mirror: bigint }[];
  submitGas: bigint[];
  uids: string[];
  recipients: string[];
}

/** 200 members staked one by one; one round with 30 contributions, the first made when only 10 members existed. */
async function loadedRound(): Promise<Loaded> {
  const protocol = await deployLoadProtocol();
  const stakeGas: bigint[] = [];
  const roots: Loaded["roots"] = [];
  const stakeOne = async () => {
    stakeGas.push(await addMember(protocol));
    roots.push({ onChain: await protocol.registry.currentRoot(), mirror: protocol.tree.root });
  };
  const submitGas: bigint[] = [];
  const uids: string[] = [];
  const recipients: string[] = [];
  let roundId = 0n;
  const submitOne = async () => {
    const contributor = protocol.members[submitGas.length];
    // A fresh recipient per contribution, like members that keep their contributions unlinkable.
    const recipient = (await fundedWallet(protocol, 10_000 + submitGas.length, 0n)).address;
    const signals = await signalsFor(protocol, roundId, contributor, recipient);
    submitGas.push(
      await gasOf(protocol.rounds.connect(contributor.wallet).submit(roundId, UNCHECKED_PROOF, signals, SAMPLE_OPENING)),
    );
    uids.push(await protocol.rounds.attestationUid(roundId, signals[1]));
    recipients.push(recipient);
  };

  for (let i = 0; i < EARLY_MEMBERS; i++) await stakeOne();
  // One slot more than the load, so that the tests can check nullifier reuse in a round that is not yet full.
  await protocol.rounds.openRound(roundConfig(protocol, { maxContributions: CONTRIBUTIONS + 1 }));
  roundId = await protocol.rounds.roundCount();
  await submitOne();
  for (let i = EARLY_MEMBERS; i < MEMBERS; i++) await stakeOne();
  for (let i = 1; i < CONTRIBUTIONS; i++) await submitOne();
  return { ...protocol, roundId, stakeGas, roots, submitGas, uids, recipients };
}

function spread(values: bigint[]): bigint {
  return values.reduce((a, b) => (b > a ? b : a)) - values.reduce((a, b) => (b < a ? b : a));
}

describe("Load: 200 members and 30 contributions in one round, the most one aggregation proof takes (in-process network)", function () {
  it("keeps the on-chain member root equal to the TypeScript tree's root after every one of 200 stakes", async () => {
    const { roots, registry, members } = await loadProtocol(loadedRound);
    expect(roots).to.have.length(MEMBERS);
    roots.forEach(({ onChain, mirror }, i) => expect(onChain, `after stake ${i + 1}`).to.equal(mirror));
    for (const member of members.slice(0, 5)) expect((await registry.memberOf(member.wallet.address)).stake).to.equal(MIN_STAKE);
  });

  it("spends the same stake gas per tree level at 4, 8, …, 128 members: stake grows as log n, not n", async () => {
    const { stakeGas } = await loadProtocol(loadedRound);
    // The stake that makes the tree 2^k + 1 leaves deep adds one level to the one before it: same work per level.
    const perLevel = [2, 3, 4, 5, 6, 7].map((k) => stakeGas[2 ** k] - stakeGas[2 ** (k - 1)]);
    console.log(`      stake gas at 3, 5, 9, …, 129 members: ${[1, 2, 3, 4, 5, 6, 7].map((k) => stakeGas[2 ** k]).join(", ")}`);
    expect(spread(perLevel), `increments per level ${perLevel.join(", ")}`).to.be.lessThanOrEqual(100n);
    // And no stake in the largest tree costs more than the deepest insert of a full level (all hashes): log n again.
    const worstAt200 = stakeGas.slice(128).reduce((a, b) => (b > a ? b : a));
    const worstAt128 = stakeGas.slice(64, 128).reduce((a, b) => (b > a ? b : a));
    expect(worstAt200 - worstAt128).to.be.lessThanOrEqual(perLevel[perLevel.length - 1] * 2n);
  });

  it("spends the same submit gas at 10 and 200 members, and for the 2nd and the 30th contribution", async () => {
    const { submitGas } = await loadProtocol(loadedRound);
    console.log(
      `      submit gas: at ${EARLY_MEMBERS} members ${submitGas[0]}, 2nd ${submitGas[1]}, 30th ${submitGas[CONTRIBUTIONS - 1]}`,
    );
    // Calldata is priced per byte by zero-ness, so random signals move the gas by a few hundred units at most.
    expect(spread(submitGas)).to.be.lessThanOrEqual(500n);
  });

  it("uses every nullifier once, refuses its reuse from any wallet, and refuses contributions past the maximum", async () => {
    const protocol = await loadProtocol(loadedRound);
    const { rounds, roundId, members, admin } = protocol;
    expect((await rounds.getRound(roundId)).contributions).to.equal(CONTRIBUTIONS);
    const reused = await signalsFor(protocol, roundId, members[12], admin.address);
    expect(await rounds.isNullifierUsed(roundId, reused[1])).to.equal(true);
    await expect(rounds.connect(admin).submit(roundId, UNCHECKED_PROOF, reused, SAMPLE_OPENING))
      .to.be.revertedWithCustomError(rounds, "RoundManagerNullifierAlreadyUsed")
      .withArgs(roundId, reused[1]);
    const last = await signalsFor(protocol, roundId, members[CONTRIBUTIONS], admin.address);
    await rounds.connect(members[CONTRIBUTIONS].wallet).submit(roundId, UNCHECKED_PROOF, last, SAMPLE_OPENING);
    const late = await signalsFor(protocol, roundId, members[CONTRIBUTIONS + 1], admin.address);
    await expect(rounds.connect(members[CONTRIBUTIONS + 1].wallet).submit(roundId, UNCHECKED_PROOF, late, SAMPLE_OPENING))
      .to.be.revertedWithCustomError(rounds, "RoundManagerRoundFull")
      .withArgs(roundId);
  });

  it("takes one bond from each contributor's bond balance and nothing from anyone else's", async () => {
    const { rounds, members } = await loadProtocol(loadedRound);
    for (const [i, member] of members.entries()) {
      const expected = i < CONTRIBUTIONS ? BOND_DEPOSIT - BOND : BOND_DEPOSIT;
      expect(await rounds.bondBalanceOf(member.wallet.address), `member ${i}`).to.equal(expected);
    }
  });

  it("conserves tokens through finalization by proof, a revocation, 29 claims and the sweep, with flat claim gas", async () => {
    const protocol = await loadProtocol(loadedRound);
    const { token, registry, rounds, roundId, uids, recipients, admin, members } = protocol;
    const roundsAddress = await rounds.getAddress();
    const pool = (await rounds.getRound(roundId)).rewardPool;
    // The RoundManager holds the pool and every deposit: the round's 100 bonds, and the bond balances left.
    let bondBalances = 0n;
    for (const member of members) bondBalances += await rounds.bondBalanceOf(member.wallet.address);
    expect(bondBalances).to.equal(BOND_DEPOSIT * BigInt(MEMBERS) - BOND * BigInt(CONTRIBUTIONS));
    expect(await token.balanceOf(roundsAddress)).to.equal(pool + BOND * BigInt(CONTRIBUTIONS) + bondBalances);

    await time.increase(DAY);
    // Every contribution selected with weight 1 (W = 30 < 2^5), through the mock aggregation verifier.
    await rounds.finalizeRound(roundId, await mockAggregation(protocol, roundId), {
      weightsHash: ZeroHash,
      uri: "ipfs://load",
      accuracyBps: 0,
      metricsHash: ZeroHash,
    });
    const treasuryBefore = await token.balanceOf(admin.address);
    await rounds.revokeContribution(uids[7], "poisoning verdict");
    await time.increase(ROUND_LIMITS.challengePeriod);

    const share = pool / BigInt(CONTRIBUTIONS - 1);
    const claimGas: bigint[] = [];
    for (let i = 0; i < CONTRIBUTIONS; i++) {
      if (i === 7) continue;
      claimGas.push(await gasOf(rounds.claim(uids[i])));
      expect(await token.balanceOf(recipients[i])).to.equal(BOND + share);
    }
    expect(await token.balanceOf(recipients[7])).to.equal(0n);
    await rounds.sweepRemainder(roundId);
    // Only the unused bond balances are left, each withdrawable by its member.
    expect(await token.balanceOf(roundsAddress)).to.equal(bondBalances);
    expect(await token.balanceOf(admin.address)).to.equal(treasuryBefore + BOND + (pool % BigInt(CONTRIBUTIONS - 1)));
    console.log(`      claim gas: 1st ${claimGas[0]}, 29th ${claimGas[claimGas.length - 1]}`);
    expect(spread(claimGas)).to.be.lessThanOrEqual(100n);

    // Every GRD is somewhere we can name: treasury, members, recipients, the registry's stakes.
    const holders = [
      admin.address,
      ...members.map((m) => m.wallet.address),
      ...recipients,
      await registry.getAddress(),
      roundsAddress,
    ];
    let held = 0n;
    for (const holder of holders) held += await token.balanceOf(holder);
    expect(held).to.equal(await token.totalSupply());
  });

  it("keeps the tree mirrored, stake accounted and withdrawals locked while 20 members leave", async () => {
    const { token, registry, tree, members } = await loadProtocol(loadedRound);
    const stakePosition = await ethers.getContractAt("StakePosition", await registry.stakePosition());
    const leaving = members.slice(150, 170);
    const unstakeGas: bigint[] = [];
    for (const member of leaving) {
      const siblings = tree.siblings(member.identity.commitment);
      unstakeGas.push(await gasOf(registry.connect(member.wallet).requestUnstake(siblings)));
      expect(siblings.length).to.be.lessThanOrEqual(Math.ceil(Math.log2(MEMBERS))); // O(log n) work, by construction
      tree.remove(member.identity.commitment);
      expect(await registry.currentRoot()).to.equal(tree.root);
    }
    console.log(`      requestUnstake gas in a ${MEMBERS}-member tree: ${unstakeGas[0]} (spread ${spread(unstakeGas)})`);
    // Leaves differ only in which side each sibling is on and in their calldata bytes: within 3% of each other.
    expect(spread(unstakeGas) * 100n).to.be.lessThanOrEqual(unstakeGas[0] * 3n);
    await expect(registry.connect(leaving[0].wallet).withdraw()).to.be.revertedWithCustomError(
      registry,
      "ParticipantRegistryUnbondingNotOver",
    );
    // Staked GRD, the registry's balance and the sGRD supply agree, member by member and in total.
    expect(await token.balanceOf(await registry.getAddress())).to.equal(MIN_STAKE * BigInt(MEMBERS));
    expect(await stakePosition.totalSupply()).to.equal(MIN_STAKE * BigInt(MEMBERS));
    await time.increase(REGISTRY_PARAMS.unbondingPeriod);
    await registry.connect(leaving[0].wallet).withdraw();
    expect(await token.balanceOf(await registry.getAddress())).to.equal(MIN_STAKE * BigInt(MEMBERS - 1));
    expect(await stakePosition.totalSupply()).to.equal(MIN_STAKE * BigInt(MEMBERS - 1));
  });
});
