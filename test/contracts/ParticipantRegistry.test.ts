import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { anyUint } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { ethers } from "hardhat";

import { poseidon1, poseidon2 } from "poseidon-lite";

import {
  DAY,
  DEFAULT_PARAMS,
  FIXTURE_GOVERNANCE_LATENCY,
  GRD,
  SCALAR_FIELD,
  deployParticipantRegistry,
  deployProtocolWithMocks,
  identityCommitment,
  loadProtocol,
  signPermit,
  stakeMember,
} from "../support/protocol";

const Status = { None: 0n, Active: 1n, PendingEviction: 2n, Unbonding: 3n, Exited: 4n };

describe("ParticipantRegistry", () => {
  async function withTwoMembers() {
    const p = await deployProtocolWithMocks();
    const [alice, bob, carol] = p.users;
    await stakeMember(p, alice, 11n, GRD(200));
    await stakeMember(p, bob, 22n, GRD(100));
    return { ...p, alice, bob, carol };
  }

  describe("deployment", () => {
    it("deploys its own stake position, and grants the admin the admin and slasher roles", async () => {
      const { registry, stakePosition, admin } = await loadProtocol(deployProtocolWithMocks);
      expect(await stakePosition.registry()).to.equal(await registry.getAddress());
      expect(await registry.hasRole(await registry.DEFAULT_ADMIN_ROLE(), admin)).to.equal(true);
      expect(await registry.hasRole(await registry.SLASHER_ROLE(), admin)).to.equal(true);
    });

    it("rejects a zero address and out-of-range parameters", async () => {
      const { token, admin, treasury, libraries } = await loadProtocol(deployProtocolWithMocks);
      const registry = await deployParticipantRegistry(token, admin, treasury, DEFAULT_PARAMS, libraries);
      await expect(
        deployParticipantRegistry(ethers.ZeroAddress, admin, treasury, DEFAULT_PARAMS, libraries),
      ).to.be.revertedWithCustomError(registry, "GuardiansZeroAddress");
      await expect(
        deployParticipantRegistry(token, admin, treasury, { ...DEFAULT_PARAMS, maxSlashBps: 10_001 }, libraries),
      ).to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidParams");
    });

    it("rejects a zero admin and a zero treasury", async () => {
      const { token, admin, treasury, libraries } = await loadProtocol(deployProtocolWithMocks);
      const registry = await deployParticipantRegistry(token, admin, treasury, DEFAULT_PARAMS, libraries);
      await expect(
        deployParticipantRegistry(token, ethers.ZeroAddress, treasury, DEFAULT_PARAMS, libraries),
      ).to.be.revertedWithCustomError(registry, "GuardiansZeroAddress");
      await expect(
        deployParticipantRegistry(token, admin, ethers.ZeroAddress, DEFAULT_PARAMS, libraries),
      ).to.be.revertedWithCustomError(registry, "GuardiansZeroAddress");
    });
  });

  describe("stake", () => {
    it("takes the tokens, mints the same amount of sGRD and inserts the commitment as the next leaf", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const [alice] = p.users;
      const commitment = identityCommitment(7n);
      const tx = p.registry.connect(alice).stake(GRD(150), commitment);
      // A one-leaf tree's root is its leaf: the commitment's arity-1 hash, never the commitment itself.
      await expect(tx)
        .to.emit(p.registry, "Staked")
        .withArgs(alice.address, commitment, GRD(150), 0, poseidon1([commitment]));
      await expect(tx).to.changeTokenBalances(p.token, [alice, p.registry], [-GRD(150), GRD(150)]);
      expect(await p.stakePosition.balanceOf(alice)).to.equal(GRD(150));
      expect(await p.registry.indexOf(commitment)).to.equal(0n);
      const member = await p.registry.memberOf(alice);
      expect([member.commitment, member.stake, member.status]).to.deep.equal([commitment, GRD(150), Status.Active]);
    });

    it("inserts PoseidonT2(commitment) as the leaf, so a commitment that is a subtree root never stands as a node", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const [honest, attacker] = p.users;
      await stakeMember(p, honest, 3n);
      // The attack of the outside review: C is the root of the attacker's own two-identity subtree.
      const subtreeRoot = poseidon2([identityCommitment(101n), identityCommitment(102n)]);
      await p.registry.connect(attacker).stake(GRD(100), subtreeRoot);
      expect(await p.registry.memberLeaf(subtreeRoot)).to.equal(poseidon1([subtreeRoot]));
      // The tree holds [P1(C_honest), P1(C_attacker)]: the attacker's C appears nowhere in it.
      const root = poseidon2([poseidon1([identityCommitment(3n)]), poseidon1([subtreeRoot])]);
      expect(await p.registry.currentRoot()).to.equal(root);
      expect(root).to.not.equal(poseidon2([identityCommitment(3n), subtreeRoot]));
    });

    it("keeps the staker's voting weight through the self-delegated stake position", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const [alice] = p.users;
      await stakeMember(p, alice, 7n, GRD(150));
      expect(await p.stakePosition.getVotes(alice)).to.equal(GRD(150));
    });

    it("gives the on-chain tree the same root as the TypeScript tree", async () => {
      const p = await loadProtocol(withTwoMembers);
      expect(await p.registry.currentRoot()).to.equal(p.tree.root);
      expect(await p.registry.isValidRoot(p.tree.root)).to.equal(true);
      expect(await p.registry.treeSize()).to.equal(2n);
      expect(await p.registry.treeDepth()).to.equal(1n);
      expect(await p.registry.ownerOfCommitment(identityCommitment(22n))).to.equal(p.bob.address);
    });

    it("rejects a zero amount, an amount below the minimum, and a commitment that is zero or not below p", async () => {
      const { registry, users } = await loadProtocol(deployProtocolWithMocks);
      const alice = registry.connect(users[0]);
      await expect(alice.stake(0, 1n)).to.be.revertedWithCustomError(registry, "GuardiansZeroAmount");
      await expect(alice.stake(GRD(99), 1n))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryStakeBelowMinimum")
        .withArgs(GRD(99), GRD(100));
      await expect(alice.stake(GRD(100), SCALAR_FIELD))
        .to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidCommitment")
        .withArgs(SCALAR_FIELD);
      await expect(alice.stake(GRD(100), 0n)).to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidCommitment");
    });

    it("rejects a duplicate commitment, even after its owner left the tree", async () => {
      const p = await loadProtocol(withTwoMembers);
      const aliceCommitment = identityCommitment(11n);
      await expect(p.registry.connect(p.carol).stake(GRD(100), aliceCommitment))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryCommitmentAlreadyRegistered")
        .withArgs(aliceCommitment);
      await p.registry.connect(p.alice).requestUnstake(p.tree.siblings(aliceCommitment));
      await expect(p.registry.connect(p.carol).stake(GRD(100), aliceCommitment)).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistryCommitmentAlreadyRegistered",
      );
    });

    it("rejects a second registration from the same address", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.connect(p.alice).stake(GRD(100), identityCommitment(99n)))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryAlreadyRegistered")
        .withArgs(p.alice.address);
    });

    it("stakes with a permit instead of an allowance", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const holder = p.users[12];
      await p.token.connect(p.treasury).transfer(holder, GRD(100));
      const deadline = (await time.latest()) + DAY;
      const signature = await signPermit(p.token, holder, p.registry, GRD(100), deadline);
      await expect(
        p.registry
          .connect(holder)
          .stakeWithPermit(GRD(100), identityCommitment(5n), deadline, signature.v, signature.r, signature.s),
      ).to.emit(p.registry, "Staked");
      expect((await p.registry.memberOf(holder)).stake).to.equal(GRD(100));
    });

    it("skips the permit when the allowance already covers the amount, so a front-run permit cannot block the stake", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const [holder] = p.users;
      const deadline = (await time.latest()) + DAY;
      const unusableSignature = { v: 27, r: ethers.ZeroHash, s: ethers.ZeroHash };
      const tx = p.registry
        .connect(holder)
        .stakeWithPermit(
          GRD(100),
          identityCommitment(5n),
          deadline,
          unusableSignature.v,
          unusableSignature.r,
          unusableSignature.s,
        );
      await expect(tx).to.emit(p.registry, "Staked");
      await expect(tx).to.changeTokenBalances(p.token, [holder, p.registry], [-GRD(100), GRD(100)]);
      expect(await p.token.nonces(holder)).to.equal(0n);
    });
  });

  describe("topUp", () => {
    it("adds stake and sGRD", async () => {
      const p = await loadProtocol(withTwoMembers);
      const tx = p.registry.connect(p.bob).topUp(GRD(50));
      await expect(tx).to.emit(p.registry, "ToppedUp").withArgs(p.bob.address, GRD(50), GRD(150));
      expect(await p.stakePosition.balanceOf(p.bob)).to.equal(GRD(150));
    });

    it("brings a member pending eviction back to Active once it reaches the minimum", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.slash(p.bob, GRD(50), "test", "ipfs://evidence");
      expect((await p.registry.memberOf(p.bob)).status).to.equal(Status.PendingEviction);
      await p.registry.connect(p.bob).topUp(GRD(50));
      expect((await p.registry.memberOf(p.bob)).status).to.equal(Status.Active);
    });

    it("keeps a member pending eviction while its topped-up stake is still below the minimum", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.slash(p.bob, GRD(50), "test", "ipfs://evidence");
      await expect(p.registry.connect(p.bob).topUp(GRD(10)))
        .to.emit(p.registry, "ToppedUp")
        .withArgs(p.bob.address, GRD(10), GRD(60));
      expect((await p.registry.memberOf(p.bob)).status).to.equal(Status.PendingEviction);
    });

    it("refuses to bring a disclosed member back to Active, so it can still be evicted", async () => {
      const p = await loadProtocol(withTwoMembers);
      const disclosure = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [22n, p.carol.address, ethers.ZeroHash]),
      );
      await p.registry.setParams({ ...DEFAULT_PARAMS, disclosureSlashBps: 5_000 });
      await p.registry.commitDisclosure(disclosure);
      await mine(1);
      await p.registry.revealDisclosure(22n, p.carol.address, ethers.ZeroHash, []);
      expect((await p.registry.memberOf(p.bob)).status).to.equal(Status.PendingEviction);
      await expect(p.registry.connect(p.bob).topUp(GRD(100)))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryIdentityDisclosed")
        .withArgs(p.bob.address);
      await expect(p.registry.evict(p.bob, p.tree.siblings(identityCommitment(22n)))).to.emit(p.registry, "Evicted");
    });

    it("rejects a top-up from a member that is unbonding", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.connect(p.alice).requestUnstake(p.tree.siblings(identityCommitment(11n)));
      await expect(p.registry.connect(p.alice).topUp(GRD(1)))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryWrongMemberStatus")
        .withArgs(p.alice.address, Status.Unbonding);
    });

    it("rejects a zero amount and a caller that is not in the tree", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.connect(p.alice).topUp(0)).to.be.revertedWithCustomError(p.registry, "GuardiansZeroAmount");
      await expect(p.registry.connect(p.carol).topUp(GRD(1)))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryWrongMemberStatus")
        .withArgs(p.carol.address, Status.None);
    });
  });

  describe("requestUnstake and withdraw", () => {
    it("removes the leaf at once, invalidates every older root, and starts unbonding", async () => {
      const p = await loadProtocol(withTwoMembers);
      const before = await p.registry.currentRoot();
      const commitment = identityCommitment(11n);
      const siblings = p.tree.siblings(commitment);
      p.tree.remove(commitment);
      await expect(p.registry.connect(p.alice).requestUnstake(siblings))
        .to.emit(p.registry, "UnstakeRequested")
        .withArgs(p.alice.address, (await time.latest()) + 1 + 7 * DAY, p.tree.root);
      expect(await p.registry.currentRoot()).to.equal(p.tree.root);
      await expect(p.registry.validateRoot(before))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryRootPredatesRemoval")
        .withArgs(before);
      expect((await p.registry.memberOf(p.alice)).status).to.equal(Status.Unbonding);
    });

    it("rejects wrong siblings and a caller that is not in the tree", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.connect(p.alice).requestUnstake([123n])).to.be.revertedWithCustomError(
        p.registry,
        "WrongSiblingNodes",
      );
      await expect(p.registry.connect(p.carol).requestUnstake([]))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryWrongMemberStatus")
        .withArgs(p.carol.address, Status.None);
    });

    it("refuses an unbonding deadline beyond uint64 instead of truncating it to one already past", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.setParams({ ...DEFAULT_PARAMS, unbondingPeriod: 2n ** 64n - 1n });
      await expect(p.registry.connect(p.alice).requestUnstake(p.tree.siblings(identityCommitment(11n))))
        .to.be.revertedWithCustomError(p.registry, "SafeCastOverflowedUintDowncast")
        .withArgs(64, anyUint);
    });

    it("pays the stake back and burns the sGRD only once unbonding is over", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.connect(p.alice).requestUnstake(p.tree.siblings(identityCommitment(11n)));
      const endsAt = (await p.registry.memberOf(p.alice)).unbondingEndsAt;
      await expect(p.registry.connect(p.alice).withdraw())
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryUnbondingNotOver")
        .withArgs(endsAt);
      await time.increaseTo(endsAt);
      await expect(p.registry.connect(p.alice).withdraw()).to.changeTokenBalances(
        p.token,
        [p.alice, p.registry],
        [GRD(200), -GRD(200)],
      );
      expect(await p.stakePosition.balanceOf(p.alice)).to.equal(0n);
      expect((await p.registry.memberOf(p.alice)).status).to.equal(Status.Exited);
      await expect(p.registry.connect(p.alice).withdraw())
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryWrongMemberStatus")
        .withArgs(p.alice.address, Status.Exited);
    });
  });

  describe("root history", () => {
    it("reports zero and a value that never was a root as invalid without reverting", async () => {
      const p = await loadProtocol(withTwoMembers);
      expect(await p.registry.isValidRoot(0n)).to.equal(false);
      expect(await p.registry.isValidRoot(12345n)).to.equal(false);
      expect(await p.registry.isValidRoot(await p.registry.currentRoot())).to.equal(true);
    });

    it("accepts an older root for rootValidity seconds after its creation, then reports it expired", async () => {
      const p = await loadProtocol(withTwoMembers);
      const old = await p.registry.currentRoot();
      await stakeMember(p, p.carol, 33n);
      await p.registry.validateRoot(old);
      const [createdAt] = await p.registry.rootInfo(old);
      await time.increaseTo(createdAt + BigInt(DEFAULT_PARAMS.rootValidity) + 1n);
      await expect(p.registry.validateRoot(old))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryExpiredRoot")
        .withArgs(old, createdAt);
      expect(await p.registry.isValidRoot(old)).to.equal(false);
      expect(await p.registry.isValidRoot(await p.registry.currentRoot())).to.equal(true);
    });

    it("applies a new rootValidity to roots that already exist, at once", async () => {
      const p = await loadProtocol(withTwoMembers);
      const old = await p.registry.currentRoot();
      await stakeMember(p, p.carol, 33n);
      const [createdAt] = await p.registry.rootInfo(old);
      await time.increaseTo(createdAt + 60n);
      await p.registry.setParams({ ...DEFAULT_PARAMS, rootValidity: 30 });
      await expect(p.registry.validateRoot(old)).to.be.revertedWithCustomError(p.registry, "ParticipantRegistryExpiredRoot");
      await p.registry.setParams({ ...DEFAULT_PARAMS, rootValidity: 3_600 });
      await p.registry.validateRoot(old);
      expect(await p.registry.isValidRoot(old)).to.equal(true);
    });

    it("rejects a root that never was one, and zero", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.validateRoot(42n))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryUnknownRoot")
        .withArgs(42n);
      await expect(p.registry.validateRoot(0n)).to.be.revertedWithCustomError(p.registry, "ParticipantRegistryUnknownRoot");
    });
  });

  describe("governance slash", () => {
    it("sends the slashed amount to the treasury, burns the sGRD and records reason and evidence", async () => {
      const p = await loadProtocol(withTwoMembers);
      const tx = p.registry.slash(p.alice, GRD(100), "poisoning", "ipfs://evidence");
      await expect(tx)
        .to.emit(p.registry, "Slashed")
        .withArgs(p.alice.address, p.admin, GRD(100), "poisoning", "ipfs://evidence");
      await expect(tx).to.changeTokenBalances(p.token, [p.registry, p.treasury], [-GRD(100), GRD(100)]);
      expect(await p.stakePosition.balanceOf(p.alice)).to.equal(GRD(100));
      expect((await p.registry.memberOf(p.alice)).status).to.equal(Status.Active);
    });

    it("caps one call at maxSlashBps of the stake, and rejects zero", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.slash(p.alice, GRD(100) + 1n, "", ""))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistrySlashAmountInvalid")
        .withArgs(GRD(100) + 1n, GRD(100));
      await expect(p.registry.slash(p.alice, 0, "", "")).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistrySlashAmountInvalid",
      );
    });

    it("is for the slasher role only", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.connect(p.bob).slash(p.alice, 1, "", ""))
        .to.be.revertedWithCustomError(p.registry, "AccessControlUnauthorizedAccount")
        .withArgs(p.bob.address, await p.registry.SLASHER_ROLE());
    });

    it("marks a member below the minimum for eviction; anyone then evicts it and older roots die", async () => {
      const p = await loadProtocol(withTwoMembers);
      const tx = p.registry.slash(p.bob, GRD(1), "", "");
      await expect(tx).to.emit(p.registry, "MarkedForEviction").withArgs(p.bob.address, GRD(99));
      const before = await p.registry.currentRoot();
      const commitment = identityCommitment(22n);
      const siblings = p.tree.siblings(commitment);
      p.tree.remove(commitment);
      await expect(p.registry.connect(p.carol).evict(p.bob, siblings))
        .to.emit(p.registry, "Evicted")
        .withArgs(p.bob.address, p.carol.address, p.tree.root);
      expect((await p.registry.memberOf(p.bob)).status).to.equal(Status.Unbonding);
      await expect(p.registry.validateRoot(before)).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistryRootPredatesRemoval",
      );
    });

    it("does not evict a member in good standing", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.evict(p.alice, []))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryWrongMemberStatus")
        .withArgs(p.alice.address, Status.Active);
    });

    it("cannot slash an address that never staked", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.slash(p.carol, 1, "", ""))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryWrongMemberStatus")
        .withArgs(p.carol.address, Status.None);
    });

    it("keeps a member Active when a partial slash leaves it at or above the minimum", async () => {
      const p = await loadProtocol(withTwoMembers);
      const tx = p.registry.slash(p.alice, GRD(100), "test", "ipfs://evidence");
      await expect(tx).to.emit(p.registry, "Slashed");
      await expect(tx).not.to.emit(p.registry, "MarkedForEviction");
      const member = await p.registry.memberOf(p.alice);
      expect([member.stake, member.status]).to.deep.equal([GRD(100), Status.Active]);
    });

    it("cannot slash a member that has already exited", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.connect(p.bob).requestUnstake(p.tree.siblings(identityCommitment(22n)));
      await time.increase(DEFAULT_PARAMS.unbondingPeriod);
      await p.registry.connect(p.bob).withdraw();
      await expect(p.registry.slash(p.bob, 1, "", ""))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryWrongMemberStatus")
        .withArgs(p.bob.address, Status.Exited);
    });

    it("marks an evicted member with no stake left as Exited instead of unbonding", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.setParams({ ...DEFAULT_PARAMS, maxSlashBps: 10_000 });
      await p.registry.slash(p.bob, GRD(100), "test", "ipfs://evidence");
      const commitment = identityCommitment(22n);
      const siblings = p.tree.siblings(commitment);
      p.tree.remove(commitment);
      await expect(p.registry.evict(p.bob, siblings)).to.emit(p.registry, "Evicted");
      const member = await p.registry.memberOf(p.bob);
      expect([member.stake, member.status]).to.deep.equal([0n, Status.Exited]);
      expect(await p.registry.currentRoot()).to.equal(p.tree.root);
    });
  });

  describe("identity disclosure", () => {
    const salt = ethers.id("salt");
    const disclosureOf = (secret: bigint, receiver: string) =>
      ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [secret, receiver, salt]));

    it("slashes the member whose secret is revealed, pays the committed receiver its share and removes the leaf", async () => {
      const p = await loadProtocol(withTwoMembers);
      const whistleblower = p.carol;
      await p.registry.connect(whistleblower).commitDisclosure(disclosureOf(11n, whistleblower.address));
      await mine(1);
      const commitment = identityCommitment(11n);
      const siblings = p.tree.siblings(commitment);
      p.tree.remove(commitment);
      const tx = p.registry.connect(whistleblower).revealDisclosure(11n, whistleblower.address, salt, siblings);
      await expect(tx)
        .to.emit(p.registry, "IdentityDisclosed")
        .withArgs(p.alice.address, whistleblower.address, GRD(200), GRD(40), true);
      await expect(tx).to.changeTokenBalances(p.token, [whistleblower, p.treasury, p.registry], [GRD(40), GRD(160), -GRD(200)]);
      expect(await p.registry.currentRoot()).to.equal(p.tree.root);
      expect((await p.registry.memberOf(p.alice)).status).to.equal(Status.Exited);
      expect(await p.stakePosition.balanceOf(p.alice)).to.equal(0n);
    });

    it("pays only the receiver fixed by the commitment: a copied reveal for another receiver fails", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.connect(p.carol).commitDisclosure(disclosureOf(11n, p.carol.address));
      await mine(1);
      const frontRunner = p.users[5];
      await expect(p.registry.connect(frontRunner).revealDisclosure(11n, frontRunner.address, salt, []))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryDisclosureNotRevealable")
        .withArgs(disclosureOf(11n, frontRunner.address));
      await expect(p.registry.connect(frontRunner).revealDisclosure(11n, p.carol.address, salt, [])).to.changeTokenBalance(
        p.token,
        p.carol,
        GRD(40),
      );
    });

    it("marks the member for eviction when no siblings are given", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.commitDisclosure(disclosureOf(11n, p.carol.address));
      await mine(1);
      await expect(p.registry.revealDisclosure(11n, p.carol.address, salt, []))
        .to.emit(p.registry, "IdentityDisclosed")
        .withArgs(p.alice.address, p.carol.address, GRD(200), GRD(40), false);
      expect((await p.registry.memberOf(p.alice)).status).to.equal(Status.PendingEviction);
    });

    it("needs the commitment to be at least one block old and within the disclosure window", async () => {
      const p = await loadProtocol(withTwoMembers);
      const disclosure = disclosureOf(11n, p.carol.address);
      await ethers.provider.send("evm_setAutomine", [false]);
      await p.registry.commitDisclosure(disclosure);
      // Simulated in the pending block, which holds the commitment: same block, so not yet revealable.
      await expect(p.registry.revealDisclosure.staticCall(11n, p.carol.address, salt, [], { blockTag: "pending" }))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryDisclosureNotRevealable")
        .withArgs(disclosure);
      const sameBlock = await p.registry.revealDisclosure(11n, p.carol.address, salt, [], { gasLimit: 1_000_000 });
      await ethers.provider.send("evm_mine", []);
      await ethers.provider.send("evm_setAutomine", [true]);
      const receipt = await ethers.provider.getTransactionReceipt(sameBlock.hash);
      expect(receipt?.status).to.equal(0);
      await time.increase(DAY + 1);
      await expect(p.registry.revealDisclosure(11n, p.carol.address, salt, []))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryDisclosureExpired")
        .withArgs(disclosure);
    });

    it("rejects a repeated commitment and a secret that matches no member", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.commitDisclosure(disclosureOf(77n, p.carol.address));
      await expect(p.registry.commitDisclosure(disclosureOf(77n, p.carol.address))).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistryDisclosureAlreadyCommitted",
      );
      await mine(1);
      await expect(p.registry.revealDisclosure(77n, p.carol.address, salt, [])).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistryNoMemberForSecret",
      );
      await expect(p.registry.revealDisclosure(77n, ethers.ZeroAddress, salt, [])).to.be.revertedWithCustomError(
        p.registry,
        "GuardiansZeroAddress",
      );
    });

    it("with a partial disclosure slash, removes the member anyway and lets the rest unbond", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.setParams({ ...DEFAULT_PARAMS, disclosureSlashBps: 5_000 });
      await p.registry.commitDisclosure(disclosureOf(11n, p.carol.address));
      await mine(1);
      const commitment = identityCommitment(11n);
      const siblings = p.tree.siblings(commitment);
      p.tree.remove(commitment);
      await expect(p.registry.revealDisclosure(11n, p.carol.address, salt, siblings))
        .to.emit(p.registry, "IdentityDisclosed")
        .withArgs(p.alice.address, p.carol.address, GRD(100), GRD(20), true);
      const member = await p.registry.memberOf(p.alice);
      expect([member.stake, member.status]).to.deep.equal([GRD(100), Status.Unbonding]);
      expect(await p.registry.currentRoot()).to.equal(p.tree.root);
    });

    it("still slashes a member that is unbonding", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.connect(p.alice).requestUnstake(p.tree.siblings(identityCommitment(11n)));
      await p.registry.commitDisclosure(disclosureOf(11n, p.carol.address));
      await mine(1);
      await expect(p.registry.revealDisclosure(11n, p.carol.address, salt, [])).to.changeTokenBalance(p.token, p.carol, GRD(40));
      expect((await p.registry.memberOf(p.alice)).stake).to.equal(0n);
    });

    it("records the block and time of a commitment, and forgets it once revealed", async () => {
      const p = await loadProtocol(withTwoMembers);
      const disclosure = disclosureOf(11n, p.carol.address);
      expect(await p.registry.disclosureOf(disclosure)).to.deep.equal([0n, 0n]);
      await p.registry.commitDisclosure(disclosure);
      const [blockNumber, committedAt] = [await ethers.provider.getBlockNumber(), await time.latest()];
      expect(await p.registry.disclosureOf(disclosure)).to.deep.equal([BigInt(blockNumber), BigInt(committedAt)]);
      await mine(1);
      await p.registry.revealDisclosure(11n, p.carol.address, salt, []);
      expect(await p.registry.disclosureOf(disclosure)).to.deep.equal([0n, 0n]);
    });

    it("rejects a second reveal of a member whose stake the first one took entirely", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.commitDisclosure(disclosureOf(11n, p.carol.address));
      await p.registry.commitDisclosure(disclosureOf(11n, p.users[5].address));
      await mine(1);
      await p.registry.revealDisclosure(11n, p.carol.address, salt, []);
      await expect(p.registry.revealDisclosure(11n, p.users[5].address, salt, [])).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistryNoMemberForSecret",
      );
    });

    it("charges one leaked secret one disclosure: a second reveal of it is refused while stake is left", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.setParams({ ...DEFAULT_PARAMS, disclosureSlashBps: 5_000 });
      await p.registry.commitDisclosure(disclosureOf(11n, p.carol.address));
      await p.registry.commitDisclosure(disclosureOf(11n, p.users[5].address));
      await mine(1);
      await p.registry.revealDisclosure(11n, p.carol.address, salt, []);
      const member = await p.registry.memberOf(p.alice);
      expect([member.stake, member.disclosed]).to.deep.equal([GRD(100), true]);
      await expect(p.registry.revealDisclosure(11n, p.users[5].address, salt, []))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryIdentityDisclosed")
        .withArgs(p.alice.address);
      expect((await p.registry.memberOf(p.alice)).stake).to.equal(GRD(100));
    });

    it("with a partial slash and no siblings, marks an Active member for eviction", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.setParams({ ...DEFAULT_PARAMS, disclosureSlashBps: 2_500 });
      await p.registry.commitDisclosure(disclosureOf(11n, p.carol.address));
      await mine(1);
      const tx = p.registry.revealDisclosure(11n, p.carol.address, salt, []);
      await expect(tx).to.emit(p.registry, "MarkedForEviction").withArgs(p.alice.address, GRD(150));
      await expect(tx)
        .to.emit(p.registry, "IdentityDisclosed")
        .withArgs(p.alice.address, p.carol.address, GRD(50), GRD(10), false);
      const member = await p.registry.memberOf(p.alice);
      expect([member.stake, member.status]).to.deep.equal([GRD(150), Status.PendingEviction]);
    });

    it("removes a member already pending eviction when siblings are given", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.slash(p.bob, GRD(1), "test", "ipfs://evidence");
      await p.registry.setParams({ ...DEFAULT_PARAMS, disclosureSlashBps: 5_000 });
      await p.registry.commitDisclosure(disclosureOf(22n, p.carol.address));
      await mine(1);
      const commitment = identityCommitment(22n);
      const siblings = p.tree.siblings(commitment);
      p.tree.remove(commitment);
      await expect(p.registry.revealDisclosure(22n, p.carol.address, salt, siblings))
        .to.emit(p.registry, "IdentityDisclosed")
        .withArgs(p.bob.address, p.carol.address, GRD(99) / 2n, GRD(99) / 2n / 5n, true);
      expect((await p.registry.memberOf(p.bob)).status).to.equal(Status.Unbonding);
      expect(await p.registry.currentRoot()).to.equal(p.tree.root);
    });

    it("sends everything to the treasury when the whistleblower share is zero, and to the receiver when it is all", async () => {
      const p = await loadProtocol(withTwoMembers);
      await p.registry.setParams({ ...DEFAULT_PARAMS, whistleblowerBps: 0 });
      await p.registry.commitDisclosure(disclosureOf(11n, p.carol.address));
      await mine(1);
      await expect(p.registry.revealDisclosure(11n, p.carol.address, salt, [])).to.changeTokenBalances(
        p.token,
        [p.carol, p.treasury],
        [0n, GRD(200)],
      );
      await p.registry.setParams({ ...DEFAULT_PARAMS, whistleblowerBps: 10_000 });
      await p.registry.commitDisclosure(disclosureOf(22n, p.carol.address));
      await mine(1);
      await expect(p.registry.revealDisclosure(22n, p.carol.address, salt, [])).to.changeTokenBalances(
        p.token,
        [p.carol, p.treasury],
        [GRD(100), 0n],
      );
    });
  });

  describe("governance settings", () => {
    it("lets only the admin change parameters and the treasury", async () => {
      const p = await loadProtocol(withTwoMembers);
      await expect(p.registry.setParams({ ...DEFAULT_PARAMS, minStake: GRD(1) })).to.emit(p.registry, "ParamsUpdated");
      expect((await p.registry.params()).minStake).to.equal(GRD(1));
      await expect(p.registry.setParams({ ...DEFAULT_PARAMS, minStake: 0 })).to.be.revertedWithCustomError(
        p.registry,
        "ParticipantRegistryInvalidParams",
      );
      await expect(p.registry.connect(p.carol).setParams(DEFAULT_PARAMS))
        .to.be.revertedWithCustomError(p.registry, "AccessControlUnauthorizedAccount")
        .withArgs(p.carol.address, await p.registry.DEFAULT_ADMIN_ROLE());
      await expect(p.registry.setTreasury(p.carol)).to.emit(p.registry, "TreasuryUpdated").withArgs(p.carol.address);
      await expect(p.registry.setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(p.registry, "GuardiansZeroAddress");
      await expect(p.registry.connect(p.carol).setTreasury(p.carol)).to.be.revertedWithCustomError(
        p.registry,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("refuses an unbonding period shorter than the governance latency it was deployed with, at deployment and later", async () => {
      const p = await loadProtocol(withTwoMembers);
      expect(await p.registry.minUnbondingPeriod()).to.equal(FIXTURE_GOVERNANCE_LATENCY);
      await expect(p.registry.setParams({ ...DEFAULT_PARAMS, unbondingPeriod: FIXTURE_GOVERNANCE_LATENCY - 1 }))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryUnbondingBelowGovernanceLatency")
        .withArgs(FIXTURE_GOVERNANCE_LATENCY - 1, FIXTURE_GOVERNANCE_LATENCY);
      await expect(p.registry.setParams({ ...DEFAULT_PARAMS, unbondingPeriod: FIXTURE_GOVERNANCE_LATENCY })).to.emit(
        p.registry,
        "ParamsUpdated",
      );
      await expect(
        deployParticipantRegistry(p.token, p.admin, p.treasury, DEFAULT_PARAMS, p.libraries, 8 * DAY),
      ).to.be.revertedWithCustomError(p.registry, "ParticipantRegistryUnbondingBelowGovernanceLatency");
    });

    it("rejects each parameter that is zero, above 100%, or (rootValidity) beyond uint32", async () => {
      const p = await loadProtocol(withTwoMembers);
      const invalid = [
        { minStake: 0 },
        { maxSlashBps: 0 },
        { maxSlashBps: 10_001 },
        { disclosureSlashBps: 0 },
        { disclosureSlashBps: 10_001 },
        { whistleblowerBps: 10_001 },
        { disclosureWindow: 0 },
        { rootValidity: 2n ** 32n },
      ];
      for (const overrides of invalid) {
        await expect(p.registry.setParams({ ...DEFAULT_PARAMS, ...overrides })).to.be.revertedWithCustomError(
          p.registry,
          "ParticipantRegistryInvalidParams",
        );
      }
      expect((await p.registry.params()).minStake).to.equal(DEFAULT_PARAMS.minStake);
    });
  });
});
