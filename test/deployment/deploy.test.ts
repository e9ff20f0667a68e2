import fs from "node:fs";
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { VoidSigner, type Provider } from "ethers";
import { loadFixture, takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";

import { readJournal, type Journal } from "../../src/deployment/journal";
import { KEYS_PATH } from "../../src/deployment/deploy";
import { connectProtocol } from "../../src/sdk/deployments";
import { ConfigError } from "../../src/sdk/errors";
import { deployForTest, localConfig } from "../support/deployment";
import { expectRejection } from "../support/expect";

const ADMIN_ROLE = ethers.ZeroHash;

/** Contract-creation transactions mined so far (to == null), by scanning every block. */
async function contractCreations(): Promise<number> {
  const latest = await ethers.provider.getBlockNumber();
  let count = 0;
  for (let n = 0; n <= latest; n++) {
    const block = await ethers.provider.getBlock(n, true);
    for (const tx of block?.prefetchedTransactions ?? []) if (tx.to === null) count++;
  }
  return count;
}

function deploySteps(journal: Journal): string[] {
  return Object.entries(journal.steps)
    .filter(([, s]) => s.kind === "deploy")
    .map(([name]) => name);
}

class Interrupted extends Error {}

describe("deployProtocol", () => {
  async function deployed() {
    return deployForTest();
  }

  it("deploys every contract and records addresses, blocks, transaction hashes, arguments and verifier key hashes", async () => {
    const { journalPath, deployment } = await loadFixture(deployed);
    const journal = readJournal(journalPath) as Journal;
    expect(journal.completedAt).to.be.a("string");
    expect(Object.keys(deployment.addresses)).to.include.members([
      "GuardiansTimelock",
      "GuardiansToken",
      "PoseidonT2",
      "PoseidonT3",
      "ParticipantRegistry",
      "GuardiansVotes",
      "GuardiansGovernor",
      "ModelRegistry",
      "ContributionN32B16D16Verifier",
      "RoundManager",
    ]);
    for (const name of deploySteps(journal)) {
      const step = journal.steps[name];
      expect(await ethers.provider.getCode(step.address as string), name).to.not.equal("0x");
      const receipt = await ethers.provider.getTransactionReceipt(step.txHash as string);
      expect(receipt?.contractAddress, name).to.equal(step.address);
      expect(receipt?.blockNumber, name).to.equal(step.block);
      expect(step.args, name).to.be.an("array");
    }
    const keys = JSON.parse(fs.readFileSync(KEYS_PATH, "utf8")) as Record<string, { vkeyHash: string }>;
    expect(journal.steps.ContributionN32B16D16Verifier.keyHash).to.equal(keys.contribution_n32_b16_d16.vkeyHash);
    expect(journal.steps.ParticipantRegistry.libraries).to.deep.equal({
      "poseidon-solidity/PoseidonT2.sol:PoseidonT2": deployment.addresses.PoseidonT2,
      "poseidon-solidity/PoseidonT3.sol:PoseidonT3": deployment.addresses.PoseidonT3,
    });
  });

  it("hands every admin role to the Timelock and leaves the deployer none", async () => {
    const { deployment, signer } = await loadFixture(deployed);
    const p = await connectProtocol(deployment, signer);
    const deployer = await signer.getAddress();
    const timelock = await p.timelock.getAddress();
    for (const c of [p.registry, p.roundManager, p.modelRegistry, p.timelock]) {
      expect(await c.hasRole(ADMIN_ROLE, deployer)).to.equal(false);
    }
    for (const c of [p.registry, p.roundManager, p.modelRegistry]) expect(await c.hasRole(ADMIN_ROLE, timelock)).to.equal(true);
    expect(await p.registry.hasRole(await p.registry.SLASHER_ROLE(), timelock)).to.equal(true);
    expect(await p.registry.hasRole(await p.registry.SLASHER_ROLE(), deployer)).to.equal(false);
    const governor = await p.governor.getAddress();
    expect(await p.timelock.hasRole(await p.timelock.PROPOSER_ROLE(), governor)).to.equal(true);
    expect(await p.timelock.hasRole(await p.timelock.EXECUTOR_ROLE(), governor)).to.equal(true);
  });

  it("registers the verifier, crowns the genesis model and sends the undistributed supply to the Timelock", async () => {
    const { deployment, signer, config } = await loadFixture(deployed);
    const p = await connectProtocol(deployment, signer);
    expect(await p.roundManager.verifierFor(32, 16, 16)).to.equal(deployment.addresses.ContributionN32B16D16Verifier);
    expect(await p.modelRegistry.champion()).to.equal(1n);
    const kept = config.token.allocations.reduce((s, a) => s + a.amount, 0n);
    expect(await p.token.balanceOf(await p.timelock.getAddress())).to.equal(config.token.supply - kept);
    expect(await p.token.balanceOf(await signer.getAddress())).to.equal(kept);
  });

  it("never deploys a finished deployment twice", async () => {
    const { journalPath } = await loadFixture(deployed);
    const before = await ethers.provider.getBlockNumber();
    const again = await deployForTest({ journalPath });
    expect(again.alreadyComplete).to.equal(true);
    expect(again.transactionsSent).to.equal(0);
    expect(await ethers.provider.getBlockNumber()).to.equal(before);
  });

  it("resumes an interrupted deployment without deploying anything twice", async () => {
    const journalPath = `${(await deployForTest({ journalPath: undefined })).journalPath}.resume.json`;
    const creationsBefore = await contractCreations();
    let recorded = 0;
    await expectRejection(
      deployForTest({
        journalPath,
        onStepRecorded: () => {
          recorded += 1;
          if (recorded === 5) throw new Interrupted("interrupted after five steps");
        },
      }),
      Interrupted,
    );
    const partial = readJournal(journalPath) as Journal;
    expect(partial.completedAt).to.equal(undefined);
    const partialAddresses = Object.fromEntries(deploySteps(partial).map((n) => [n, partial.steps[n].address]));
    expect(Object.keys(partialAddresses)).to.have.length(5);

    const resumed = await deployForTest({ journalPath });
    expect(resumed.alreadyComplete).to.equal(false);
    const final = readJournal(journalPath) as Journal;
    for (const [name, address] of Object.entries(partialAddresses)) expect(final.steps[name].address, name).to.equal(address);
    expect((await contractCreations()) - creationsBefore).to.equal(deploySteps(final).length);
  });

  it("looks a pending step up by its hash instead of sending it again", async () => {
    const journalPath = `${(await deployForTest()).journalPath}.pending.json`;
    const stopAfterToken = (name: string) => {
      if (name === "GuardiansToken") throw new Interrupted();
    };
    await expectRejection(deployForTest({ journalPath, onStepRecorded: stopAfterToken }), Interrupted);
    // Rewind the token step to the moment after it was sent, before its receipt was recorded.
    const journal = readJournal(journalPath) as Journal;
    const token = journal.steps.GuardiansToken;
    journal.steps.GuardiansToken = { ...token, status: "pending", address: undefined, block: undefined };
    fs.writeFileSync(journalPath, JSON.stringify(journal));

    const creationsBefore = await contractCreations();
    await deployForTest({ journalPath });
    const final = readJournal(journalPath) as Journal;
    expect(final.steps.GuardiansToken.address).to.equal(token.address);
    expect(final.steps.GuardiansToken.txHash).to.equal(token.txHash);
    // The timelock and the token were not deployed again.
    expect((await contractCreations()) - creationsBefore).to.equal(deploySteps(final).length - 2);
  });

  it("refuses to resume with a changed config", async () => {
    const [deployer] = await ethers.getSigners();
    const journalPath = `${(await deployForTest()).journalPath}.changed.json`;
    await expectRejection(deployForTest({ journalPath, onStepRecorded: () => Promise.reject(new Interrupted()) }), Interrupted);
    const changed = localConfig(deployer.address);
    changed.governance.quorumPercent = 10;
    await expectRejection(deployForTest({ journalPath, config: changed }), ConfigError, /config changed/);
  });

  it("refuses a journal whose contracts have no code on the network (a reset chain)", async () => {
    const { journalPath, deployment } = await deployForTest();
    const journal = readJournal(journalPath) as Journal;
    fs.writeFileSync(journalPath, JSON.stringify({ ...journal, completedAt: undefined }));
    await network.provider.send("hardhat_setCode", [deployment.addresses.GuardiansTimelock, "0x"]);
    await expectRejection(deployForTest({ journalPath }), ConfigError, /no code there/);
  });

  it("refuses a finished journal whose chain was reset under the same chain id, in one line, sending nothing", async () => {
    const beforeDeployment = await takeSnapshot();
    const { journalPath } = await deployForTest();
    await beforeDeployment.restore();
    const blockBefore = await ethers.provider.getBlockNumber();
    const error = await expectRejection(deployForTest({ journalPath }), ConfigError, /node was restarted or the chain reset/);
    expect(error.message).to.not.include("\n");
    expect(error.message).to.include(`delete or move ${journalPath} and deploy again`);
    expect(await ethers.provider.getBlockNumber()).to.equal(blockBefore);
    expect(readJournal(journalPath)?.completedAt).to.be.a("string");
  });

  describe("verifierOverrides (local tests only)", () => {
    const overrides = { contribution_n32_b16_d16: "MockContributionVerifier" };

    it("deploys and registers the named contract instead, journaled with no key hash and in the config", async () => {
      const [deployer] = await ethers.getSigners();
      const { journalPath, deployment } = await deployForTest({ verifierOverrides: overrides });
      const journal = readJournal(journalPath) as Journal;
      expect(deploySteps(journal)).to.include("MockContributionVerifier").and.not.include("ContributionN32B16D16Verifier");
      expect(journal.steps.MockContributionVerifier.keyHash).to.equal(undefined);
      expect((journal.config as { verifierOverrides?: unknown }).verifierOverrides).to.deep.equal(overrides);
      const { roundManager } = await connectProtocol(deployment, deployer);
      expect(await roundManager.verifierFor(32, 16, 16)).to.equal(deployment.addresses.MockContributionVerifier);
    });

    it("refuses an override for a circuit the config registers no verifier for", async () => {
      await expectRejection(
        deployForTest({ verifierOverrides: { contribution_n8_b8_d4: "MockContributionVerifier" } }),
        ConfigError,
        /registers no verifier for contribution_n8_b8_d4/,
      );
    });

    it("refuses overrides on any chain but Hardhat's", async () => {
      const [deployer] = await ethers.getSigners();
      const sepolia = { getNetwork: async () => ({ chainId: 11155111n }) } as unknown as Provider;
      await expectRejection(
        deployForTest({ signer: new VoidSigner(deployer.address, sepolia), verifierOverrides: overrides }),
        ConfigError,
        /local tests only/,
      );
    });
  });

  it("refuses a journal of another chain", async () => {
    const { journalPath } = await deployForTest();
    const journal = readJournal(journalPath) as Journal;
    fs.writeFileSync(journalPath, JSON.stringify({ ...journal, chainId: 11155111 }));
    await expectRejection(deployForTest({ journalPath }), ConfigError, /belongs to chain 11155111/);
  });
});
