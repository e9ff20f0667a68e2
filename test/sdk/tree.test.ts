import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { Identity, MemberTree, memberLeaf } from "../../src/zk";
import { CONTRACT_STEPS } from "../../src/sdk/deployments";
import { memberTree, requestUnstake, stake } from "../../src/sdk/participant";
import { rebuildMemberTree } from "../../src/sdk/tree";
import { deployedSessions } from "../support/sdk";

describe("tree: member tree rebuilt from events", () => {
  async function fourMembers() {
    const { sessions, deployment } = await deployedSessions(4);
    const identities = sessions.map(() => Identity.generate());
    for (const [i, s] of sessions.entries()) await stake(s, ethers.parseEther("100"), identities[i].commitment);
    return { sessions, deployment, identities };
  }

  it("matches the registry's root after stakes, with any page size, over the leaves Poseidon(commitment)", async () => {
    const { sessions, deployment, identities } = await loadFixture(fourMembers);
    const registry = sessions[0].protocol.registry;
    for (const pageSize of [1, 7, 5000]) {
      const rebuilt = await rebuildMemberTree(registry, { fromBlock: deployment.blocks[CONTRACT_STEPS.registry], pageSize });
      expect(rebuilt.root).to.equal(await registry.currentRoot());
      expect(rebuilt.commitments).to.deep.equal(identities.map((id) => id.commitment));
      expect(rebuilt.leaves).to.deep.equal(identities.map((id) => memberLeaf(id.commitment)));
    }
    expect(new MemberTree(identities.map((id) => id.commitment)).root).to.equal(await registry.currentRoot());
  });

  it("zeroes the leaf of a member who unstaked, as the contract does", async () => {
    const { sessions, identities } = await loadFixture(fourMembers);
    await requestUnstake(sessions[1]);
    const rebuilt = await memberTree(sessions[0]);
    expect(rebuilt.root).to.equal(await sessions[0].protocol.registry.currentRoot());
    expect(rebuilt.leaves[1]).to.equal(0n);
    expect(rebuilt.commitments[1]).to.equal(0n);
    expect(rebuilt.members.get(sessions[1].account)?.removed).to.equal(true);
    expect(rebuilt.tree.has(identities[1].commitment)).to.equal(false);
    // The next removal uses siblings from the rebuilt tree.
    expect(rebuilt.tree.siblings(identities[3].commitment)).to.have.length(2);
    await requestUnstake(sessions[3]);
    expect((await memberTree(sessions[0])).root).to.equal(await sessions[0].protocol.registry.currentRoot());
  });

  it("reads the tree as of an earlier block", async () => {
    const { sessions, deployment } = await loadFixture(fourMembers);
    const registry = sessions[0].protocol.registry;
    const block = await ethers.provider.getBlockNumber();
    const rootThen = await registry.currentRoot();
    await requestUnstake(sessions[2]);
    const rebuilt = await rebuildMemberTree(registry, { fromBlock: deployment.blocks[CONTRACT_STEPS.registry], toBlock: block });
    expect(rebuilt.root).to.equal(rootThen);
    expect(rebuilt.block).to.equal(block);
  });
});
