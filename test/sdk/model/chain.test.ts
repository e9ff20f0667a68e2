import { expect } from "chai";
import fs from "node:fs";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { openRound } from "../../../src/sdk/coordinator";
import { delegateVotes, governanceStatus, modelActivationActions, propose } from "../../../src/sdk/governance";
import { ArgumentError } from "../../../src/sdk/errors";
import {
  describeProvenance,
  formatModelVersion,
  listModelVersions,
  modelProvenance,
  modelVersionInfo,
  verifyModel,
} from "../../../src/sdk/model/chain";
import { modelFilesByHash } from "../../../src/sdk/model/files";
import { artifactHash } from "../../../src/sdk/model/artifact";
import { expectRejection } from "../../support/expect";
import { stake } from "../../../src/sdk/staking";
import { contribute } from "../../../src/sdk/contribute";
import { Identity } from "../../../src/zk";
import { tempDir } from "../../support/deployment";
import { SHIPPED_GENESIS_FILE, deployedSessions, finalizeByProof, TEST_ROUND } from "../../support/sdk";

describe("sdk/model/chain: model verify over the deployed contracts", () => {
  /** Round 1: two members contribute, the coordinator leaves the second out; its candidate is version 2. */
  async function withRoundVersion() {
    const { sessions } = await deployedSessions(3);
    const [deployer, alice, bob] = sessions;
    const identities = [new Identity(101n), new Identity(102n)];
    await stake(alice, ethers.parseEther("100"), identities[0].commitment);
    await stake(bob, ethers.parseEther("100"), identities[1].commitment);
    const { roundId } = await openRound(deployer, TEST_ROUND);
    const first = await contribute(alice, { identity: identities[0], update: [0.5, -0.25, 0.125], roundId });
    await contribute(bob, { identity: identities[1], update: [-1, 1], roundId });
    await time.increase(61);
    const { candidateVersion, file } = await finalizeByProof(deployer, roundId, [
      { uid: first.uid, opening: { update: first.quantized, salt: first.salt } },
    ]);
    const genesis = new Uint8Array(fs.readFileSync(SHIPPED_GENESIS_FILE));
    return { deployer, candidateVersion, file, genesis, roundId };
  }

  it("verifies a round's candidate back to the shipped genesis from the chain and the two files", async () => {
    const { deployer, candidateVersion, file, genesis } = await loadFixture(withRoundVersion);
    const files = new Map([
      [candidateVersion, file],
      [1n, genesis],
    ]);
    const report = await verifyModel(deployer.protocol, candidateVersion, async (id) => files.get(id));
    expect(
      report.verified,
      JSON.stringify(report.links, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
    ).to.equal(true);
    expect(report.links.map((l) => [l.versionId, l.kind])).to.deep.equal([
      [candidateVersion, "round"],
      [1n, "genesis"],
    ]);
  });

  it("does not verify without the genesis file, nor with a candidate file changed by one weight", async () => {
    const { deployer, candidateVersion, file, genesis } = await loadFixture(withRoundVersion);
    const withoutGenesis = await verifyModel(deployer.protocol, candidateVersion, async (id) =>
      id === candidateVersion ? file : undefined,
    );
    expect(withoutGenesis.verified).to.equal(false);
    const changed = new TextEncoder().encode(new TextDecoder().decode(file).replace('"weights":["', '"weights":["1'));
    const tampered = await verifyModel(deployer.protocol, candidateVersion, async (id) =>
      id === candidateVersion ? changed : genesis,
    );
    expect(tampered.verified).to.equal(false);
    expect(tampered.links[0].checks.find((c) => !c.ok)?.name).to.equal("file hash = on-chain weightsHash");
  });

  it("states a version's provenance from the chain alone: the round's proven selection, or governance for the genesis", async () => {
    const { deployer, candidateVersion, roundId } = await loadFixture(withRoundVersion);
    const provenance = await modelProvenance(deployer.protocol, candidateVersion);
    expect(provenance).to.include({ kind: "round", roundId, included: 1, contributions: 2 });
    expect(describeProvenance(provenance)).to.contain(`round ${roundId}'s aggregation proof, verified on chain: 1 of 2`);
    expect((await modelProvenance(deployer.protocol, 1n)).kind).to.equal("governance");
  });

  it("shows the provenance in the activation proposal's text, and the verdict in the governance status when files are given", async () => {
    const { deployer, candidateVersion, file } = await loadFixture(withRoundVersion);
    await delegateVotes(deployer, deployer.account);
    await time.increase(2);
    const actions = await modelActivationActions(deployer, candidateVersion);
    expect(actions.description).to.contain("aggregation proof, verified on chain: 1 of 2 contributions selected");
    await propose(deployer, actions);
    const dir = tempDir("model-files-");
    const candidatePath = `${dir}/candidate.json`;
    fs.writeFileSync(candidatePath, file);
    const status = await governanceStatus(deployer, modelFilesByHash(deployer.protocol, [candidatePath, SHIPPED_GENESIS_FILE]));
    expect(status.proposals[0].model).to.deep.include({ versionId: candidateVersion, verified: true });
    const withoutFiles = await governanceStatus(deployer);
    expect(withoutFiles.proposals[0].model?.verified).to.equal(undefined);
  });

  it("lists every version with its hash, URI, accuracy, parent, round, status, registrar and provenance (model list)", async () => {
    const { deployer, candidateVersion, file, genesis, roundId } = await loadFixture(withRoundVersion);
    const versions = await listModelVersions(deployer.protocol);
    expect(versions.map((v) => v.versionId)).to.deep.equal([1n, candidateVersion]);
    const [first, candidate] = versions;
    expect(first).to.include({ status: "Active", champion: true, parentId: 0n, roundId: 0n, weightsHash: artifactHash(genesis) });
    expect(first.provenance.kind).to.equal("governance");
    expect(candidate).to.include({
      status: "Candidate",
      champion: false,
      parentId: 1n,
      roundId,
      weightsHash: artifactHash(file),
      registrar: await deployer.protocol.roundManager.getAddress(),
    });
    expect(candidate.uri).to.be.a("string").and.not.equal("");
  });

  it("shows one version as lines a person reads, and refuses an unknown version in one line (model show)", async () => {
    const { deployer, candidateVersion, roundId } = await loadFixture(withRoundVersion);
    const info = await modelVersionInfo(deployer.protocol, candidateVersion);
    const lines = formatModelVersion(info);
    expect(lines[0]).to.equal(`model version ${candidateVersion}: Candidate`);
    expect(lines).to.include(`  parent: version 1`);
    expect(lines).to.include(`  round: ${roundId}`);
    expect(lines).to.include(`  hash: ${info.weightsHash}`);
    expect(lines).to.include(`  accuracy: ${(info.accuracyBps / 100).toFixed(2)}% (${info.accuracyBps} bps)`);
    expect(lines.find((l) => l.startsWith("  provenance: "))).to.contain(
      `round ${roundId}'s aggregation proof, verified on chain: 1 of 2`,
    );
    expect(formatModelVersion(await modelVersionInfo(deployer.protocol, 1n))[0]).to.equal("model version 1: Active (champion)");
    await expectRejection(
      modelVersionInfo(deployer.protocol, 9n),
      ArgumentError,
      new RegExp(`^model version 9 is unknown \\(versions are 1 to ${candidateVersion}\\)$`),
    );
  });
});
