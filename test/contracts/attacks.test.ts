import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import {
  AGGREGATION,
  CIRCUIT,
  DEFAULT_PARAMS,
  GRD,
  MOCK_PROOF,
  MemberTree,
  SUPPLY,
  deployParticipantRegistry,
  deployProtocolWithMocks,
  deployRoundManager,
  identityCommitment,
  loadProtocol,
  roundConfig,
  stakeMember,
  SAMPLE_OPENING,
} from "../support/protocol";

describe("Attacks on the protocol contracts", () => {
  describe("a withdrawal racing a slash", () => {
    async function unbondingMember() {
      const p = await deployProtocolWithMocks();
      const [alice] = p.users;
      await stakeMember(p, alice, 11n, GRD(200));
      await p.registry.connect(alice).requestUnstake(p.tree.siblings(identityCommitment(11n)));
      return { ...p, alice };
    }

    it("cannot withdraw before the unbonding ends, so a slash during unbonding still lands", async () => {
      const p = await loadProtocol(unbondingMember);
      await expect(p.registry.connect(p.alice).withdraw()).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistryUnbondingNotOver",
      );
      await p.registry.slash(p.alice, GRD(100), "found after unstaking", "ipfs://evidence");
      await time.increaseTo((await p.registry.memberOf(p.alice)).unbondingEndsAt);
      await expect(p.registry.connect(p.alice).withdraw()).to.changeTokenBalance(p.token, p.alice, GRD(100));
    });

    it("still slashes when the slash and the withdrawal land in the same block, slash first", async () => {
      const p = await loadProtocol(unbondingMember);
      await time.increaseTo((await p.registry.memberOf(p.alice)).unbondingEndsAt);
      const before = await p.token.balanceOf(p.alice);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        await p.registry.slash(p.alice, GRD(100), "race", "", { gasLimit: 500_000 });
        await p.registry.connect(p.alice).withdraw({ gasLimit: 500_000 });
        await ethers.provider.send("evm_mine", []);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect((await p.token.balanceOf(p.alice)) - before).to.equal(GRD(100));
      expect(await p.token.balanceOf(p.treasury)).to.equal(SUPPLY - 11n * GRD(100_000) + GRD(100));
    });
  });

  describe("reentrancy through the token", () => {
    async function withReentrantToken() {
      const [admin, treasury, coordinator, , alice, bob] = await ethers.getSigners();
      const token = await ethers.deployContract("MockReentrantToken", [treasury, SUPPLY]);
      const registry = await deployParticipantRegistry(token, admin, treasury, DEFAULT_PARAMS);
      const models = await ethers.deployContract("MockModelRegistry");
      await models.addActiveVersion();
      const rounds = await deployRoundManager({ token, registry, models, admin, treasury });
      await rounds.addVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth, await ethers.deployContract("MockContributionVerifier"));
      await rounds.addAggregationVerifier(
        await ethers.deployContract("MockAggregationVerifier", [
          AGGREGATION.k,
          AGGREGATION.n,
          AGGREGATION.bits,
          AGGREGATION.headroom,
        ]),
      );
      await rounds.grantRole(await rounds.COORDINATOR_ROLE(), coordinator);
      for (const account of [coordinator, alice, bob]) {
        await token.connect(treasury).transfer(account, GRD(10_000));
        await token.connect(account).approve(registry, ethers.MaxUint256);
        await token.connect(account).approve(rounds, ethers.MaxUint256);
        await rounds.connect(account).depositBonds(GRD(100));
      }
      const tree = new MemberTree();
      await registry.connect(alice).stake(GRD(100), identityCommitment(11n));
      tree.insert(identityCommitment(11n));
      await rounds.connect(coordinator).openRound(roundConfig(await models.champion()));
      const signals = [
        await registry.currentRoot(),
        1n,
        2n,
        await rounds.roundScope(1n),
        1_000_000n,
        BigInt(bob.address),
      ] as const;
      await rounds.connect(alice).submit(1n, MOCK_PROOF, [...signals], SAMPLE_OPENING);
      const uid = await rounds.attestationUid(1n, 1n);
      await time.increaseTo((await rounds.getRound(1n)).closesAt);
      const aggregation = { proof: MOCK_PROOF, aggregateCommitment: 1n, selection: 1n, commitments: [2n] };
      await rounds.connect(coordinator).finalizeRound(1n, aggregation, {
        weightsHash: ethers.ZeroHash,
        uri: "",
        accuracyBps: 0,
        metricsHash: ethers.ZeroHash,
      });
      await time.increaseTo((await rounds.getRound(1n)).challengeEndsAt);
      return { token, registry, rounds, tree, alice, bob, uid };
    }

    const reentrancyError = ethers.id("ReentrancyGuardReentrantCall()").slice(0, 10);

    it("a reward transfer that calls claim again is refused, and the recipient is paid once", async () => {
      const { token, rounds, bob, uid } = await loadProtocol(withReentrantToken);
      await token.arm(rounds, rounds.interface.encodeFunctionData("claim", [uid]));
      await expect(rounds.claim(uid)).to.changeTokenBalance(token, bob, GRD(10) + GRD(1_000));
      expect(await token.lastCallSucceeded()).to.equal(false);
      expect(await token.lastReturnData()).to.equal(reentrancyError);
    });

    it("a bond withdrawal whose transfer calls withdrawBonds or depositBonds again is refused, and pays once", async () => {
      const { token, rounds, alice } = await loadProtocol(withReentrantToken);
      // alice deposited 100 and paid one bond of 10.
      await token.arm(rounds, rounds.interface.encodeFunctionData("withdrawBonds", [GRD(1)]));
      await expect(rounds.connect(alice).withdrawBonds(GRD(40))).to.changeTokenBalance(token, alice, GRD(40));
      expect(await token.lastReturnData()).to.equal(reentrancyError);
      await token.arm(rounds, rounds.interface.encodeFunctionData("depositBonds", [GRD(1)]));
      await expect(rounds.connect(alice).depositBonds(GRD(5))).to.changeTokenBalance(token, alice, -GRD(5));
      expect(await token.lastReturnData()).to.equal(reentrancyError);
      expect(await rounds.bondBalanceOf(alice)).to.equal(GRD(100) - GRD(10) - GRD(40) + GRD(5));
    });

    it("a stake transfer that calls withdraw or stake again is refused", async () => {
      const { token, registry, tree, alice } = await loadProtocol(withReentrantToken);
      await token.arm(registry, registry.interface.encodeFunctionData("topUp", [GRD(1)]));
      await registry.connect(alice).topUp(GRD(5));
      expect(await token.lastCallSucceeded()).to.equal(false);
      expect(await token.lastReturnData()).to.equal(reentrancyError);

      await registry.connect(alice).requestUnstake(tree.siblings(identityCommitment(11n)));
      await time.increaseTo((await registry.memberOf(alice)).unbondingEndsAt);
      await token.arm(registry, registry.interface.encodeFunctionData("withdraw"));
      await expect(registry.connect(alice).withdraw()).to.changeTokenBalance(token, alice, GRD(105));
      expect(await token.lastReturnData()).to.equal(reentrancyError);
    });
  });
});
