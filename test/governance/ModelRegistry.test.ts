import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { KIND, STATUS, candidate } from "../support/governance";

/**
 * The registry's own rules, with a plain account holding DEFAULT_ADMIN_ROLE where production has
 * the Timelock (the governed path is in GuardiansGovernor.test.ts), and no proposal source, so
 * every recorded proposal id is 0.
 */
describe("ModelRegistry", () => {
  async function deployRegistry() {
    const [admin, coordinator, outsider] = await ethers.getSigners();
    const registry = await ethers.deployContract("ModelRegistry", [admin.address, ethers.ZeroAddress]);
    await registry.grantRole(await registry.REGISTRAR_ROLE(), coordinator.address);
    const asCoordinator = registry.connect(coordinator);
    return { registry, asCoordinator, admin, coordinator, outsider };
  }

  async function withThreeCandidates() {
    const f = await deployRegistry();
    await f.asCoordinator.registerCandidate(candidate(1));
    await f.asCoordinator.registerCandidate(candidate(2, 1n, 7n));
    await f.asCoordinator.registerCandidate(candidate(3, 2n, 8n));
    return f;
  }

  describe("registerCandidate", () => {
    it("records every field, the registrar and the time, and numbers versions from 1", async () => {
      const { registry, asCoordinator, coordinator } = await loadFixture(deployRegistry);
      const params = candidate(5, 0n, 3n);
      await expect(asCoordinator.registerCandidate(params))
        .to.emit(registry, "CandidateRegistered")
        .withArgs(1n, 0n, 3n, params.weightsHash, params.uri, coordinator.address);
      const version = await registry.versionOf(1n);
      expect(version.parentId).to.equal(0n);
      expect(version.weightsHash).to.equal(params.weightsHash);
      expect(version.uri).to.equal(params.uri);
      expect(version.roundId).to.equal(3n);
      expect(version.aggregateCommitment).to.equal(params.aggregateCommitment);
      expect(version.accuracyBps).to.equal(params.accuracyBps);
      expect(version.metricsHash).to.equal(params.metricsHash);
      expect(version.status).to.equal(STATUS.Candidate);
      expect(version.registrar).to.equal(coordinator.address);
      expect(version.registeredAt).to.equal(await time.latest());
      expect(await registry.versionCount()).to.equal(1n);
      expect(await registry.statusOf(1n)).to.equal(STATUS.Candidate);
    });

    it("accepts a registered parent and rejects an unknown one", async () => {
      const { registry, asCoordinator } = await loadFixture(deployRegistry);
      await expect(asCoordinator.registerCandidate(candidate(1, 1n)))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnknownParent")
        .withArgs(1n);
      await asCoordinator.registerCandidate(candidate(1));
      await asCoordinator.registerCandidate(candidate(2, 1n));
      expect((await registry.versionOf(2n)).parentId).to.equal(1n);
    });

    it("rejects an empty weights hash, an empty URI and an accuracy above 10 000 bps", async () => {
      const { registry, asCoordinator } = await loadFixture(deployRegistry);
      await expect(
        asCoordinator.registerCandidate({ ...candidate(1), weightsHash: ethers.ZeroHash }),
      ).to.be.revertedWithCustomError(registry, "ModelRegistryEmptyWeightsHash");
      await expect(asCoordinator.registerCandidate({ ...candidate(1), uri: "" })).to.be.revertedWithCustomError(
        registry,
        "ModelRegistryEmptyUri",
      );
      await expect(asCoordinator.registerCandidate({ ...candidate(1), accuracyBps: 10_001 }))
        .to.be.revertedWithCustomError(registry, "ModelRegistryAccuracyOutOfRange")
        .withArgs(10_001);
      await asCoordinator.registerCandidate({ ...candidate(1), accuracyBps: 10_000 });
    });
  });

  describe("activate", () => {
    it("makes the first candidate the champion and starts the history", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      expect(await registry.champion()).to.equal(0n);
      await expect(registry.activate(1n)).to.emit(registry, "ChampionChanged").withArgs(1n, 0n, 0n, KIND.Promotion, 0n);
      expect(await registry.champion()).to.equal(1n);
      expect(await registry.statusOf(1n)).to.equal(STATUS.Active);
      const entry = await registry.activationAt(0n);
      expect(entry.versionId).to.equal(1n);
      expect(entry.previousVersionId).to.equal(0n);
      expect(entry.activatedAt).to.equal(await time.latest());
      expect(entry.kind).to.equal(KIND.Promotion);
    });

    it("deprecates the previous champion, so exactly one version is Active", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      await registry.activate(1n);
      await registry.activate(2n);
      expect(await registry.champion()).to.equal(2n);
      expect(await registry.statusOf(1n)).to.equal(STATUS.Deprecated);
      expect(await registry.statusOf(2n)).to.equal(STATUS.Active);
      expect(await registry.statusOf(3n)).to.equal(STATUS.Candidate);
    });

    it("accepts only a candidate", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      await expect(registry.activate(9n)).to.be.revertedWithCustomError(registry, "ModelRegistryUnknownVersion").withArgs(9n);
      await registry.activate(1n);
      await expect(registry.activate(1n))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnexpectedStatus")
        .withArgs(1n, STATUS.Active);
      await registry.activate(2n);
      await expect(registry.activate(1n))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnexpectedStatus")
        .withArgs(1n, STATUS.Deprecated);
      await registry.revoke(3n, "poisoned");
      await expect(registry.activate(3n))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnexpectedStatus")
        .withArgs(3n, STATUS.Revoked);
    });
  });

  describe("rollback", () => {
    it("re-activates an earlier champion in one call, deprecating the current one", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      await registry.activate(1n);
      await registry.activate(2n);
      await expect(registry.rollback(1n)).to.emit(registry, "ChampionChanged").withArgs(1n, 2n, 0n, KIND.Rollback, 2n);
      expect(await registry.champion()).to.equal(1n);
      expect(await registry.statusOf(1n)).to.equal(STATUS.Active);
      expect(await registry.statusOf(2n)).to.equal(STATUS.Deprecated);
    });

    it("accepts only a Deprecated version: never a candidate, the champion, or a revoked one", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      await registry.activate(1n);
      await expect(registry.rollback(3n))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnexpectedStatus")
        .withArgs(3n, STATUS.Candidate);
      await expect(registry.rollback(1n))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnexpectedStatus")
        .withArgs(1n, STATUS.Active);
      await registry.activate(2n);
      await registry.revoke(1n, "license withdrawn");
      await expect(registry.rollback(1n))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnexpectedStatus")
        .withArgs(1n, STATUS.Revoked);
      await expect(registry.rollback(4n)).to.be.revertedWithCustomError(registry, "ModelRegistryUnknownVersion").withArgs(4n);
    });
  });

  describe("revoke", () => {
    it("revokes a candidate or a deprecated version for good, with the reason in the event", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      await registry.activate(1n);
      await registry.activate(2n);
      await expect(registry.revoke(3n, "poisoned")).to.emit(registry, "VersionRevoked").withArgs(3n, "poisoned");
      await expect(registry.revoke(1n, "leak")).to.emit(registry, "VersionRevoked").withArgs(1n, "leak");
      expect(await registry.statusOf(1n)).to.equal(STATUS.Revoked);
      expect(await registry.statusOf(3n)).to.equal(STATUS.Revoked);
      await expect(registry.revoke(3n, "again"))
        .to.be.revertedWithCustomError(registry, "ModelRegistryUnexpectedStatus")
        .withArgs(3n, STATUS.Revoked);
    });

    it("refuses to revoke the champion or an unknown version", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      await registry.activate(1n);
      await expect(registry.revoke(1n, "x"))
        .to.be.revertedWithCustomError(registry, "ModelRegistryCannotRevokeChampion")
        .withArgs(1n);
      await expect(registry.revoke(8n, "x")).to.be.revertedWithCustomError(registry, "ModelRegistryUnknownVersion").withArgs(8n);
    });
  });

  describe("activation history", () => {
    it("keeps every change of champion in order and pages through it", async () => {
      const { registry } = await loadFixture(withThreeCandidates);
      await registry.activate(1n);
      await registry.activate(2n);
      await registry.rollback(1n);
      await registry.activate(3n);
      expect(await registry.activationCount()).to.equal(4n);
      const all = await registry.activations(0n, 10n);
      expect(all.map((a) => [a.versionId, a.previousVersionId, a.kind])).to.deep.equal([
        [1n, 0n, KIND.Promotion],
        [2n, 1n, KIND.Promotion],
        [1n, 2n, KIND.Rollback],
        [3n, 1n, KIND.Promotion],
      ]);
      const middle = await registry.activations(1n, 2n);
      expect(middle.map((a) => a.versionId)).to.deep.equal([2n, 1n]);
      expect(await registry.activations(4n, 5n)).to.deep.equal([]);
      expect(await registry.activations(99n, 1n)).to.deep.equal([]);
    });

    it("reads an unknown version as None and refuses to describe it", async () => {
      const { registry } = await loadFixture(deployRegistry);
      expect(await registry.statusOf(1n)).to.equal(STATUS.None);
      await expect(registry.versionOf(1n)).to.be.revertedWithCustomError(registry, "ModelRegistryUnknownVersion").withArgs(1n);
    });
  });

  describe("access control", () => {
    it("lets only a registrar register a candidate", async () => {
      const { registry, outsider } = await loadFixture(deployRegistry);
      await expect(registry.connect(outsider).registerCandidate(candidate(1)))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, await registry.REGISTRAR_ROLE());
    });

    it("lets only the admin activate, roll back, revoke, set the proposal source and grant roles", async () => {
      const { registry, coordinator } = await loadFixture(withThreeCandidates);
      await registry.activate(1n);
      await registry.activate(2n);
      const admin = await registry.DEFAULT_ADMIN_ROLE();
      const asRegistrar = registry.connect(coordinator);
      const registrar = await registry.REGISTRAR_ROLE();
      const calls = [
        () => asRegistrar.activate(3n),
        () => asRegistrar.rollback(1n),
        () => asRegistrar.revoke(3n, "x"),
        () => asRegistrar.setProposalSource(coordinator.address),
        () => asRegistrar.grantRole(registrar, coordinator.address),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(coordinator.address, admin);
      }
    });

    it("lets the admin change the proposal source", async () => {
      const { registry, coordinator } = await loadFixture(deployRegistry);
      await expect(registry.setProposalSource(coordinator.address))
        .to.emit(registry, "ProposalSourceSet")
        .withArgs(ethers.ZeroAddress, coordinator.address);
      expect(await registry.proposalSource()).to.equal(coordinator.address);
    });
  });
});
