import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { Identity } from "../../src/zk";
import { ArgumentError, UserError } from "../../src/sdk/errors";
import { findProposal } from "../../src/sdk/governance";
import { memberTree, stake } from "../../src/sdk/participant";
import { discloseIdentity, proposeSlash } from "../../src/sdk/slash";
import { expectRejection } from "../support/expect";
import { deployedSessions } from "../support/sdk";

describe("slash: identity disclosure and governance slash drafts", () => {
  async function twoMembers() {
    const { sessions } = await deployedSessions(3);
    const identities = [Identity.generate(), Identity.generate()];
    await stake(sessions[1], ethers.parseEther("200"), identities[0].commitment);
    await stake(sessions[2], ethers.parseEther("100"), identities[1].commitment);
    await sessions[0].protocol.token.delegate(sessions[0].account);
    await time.increase(2); // votes count from the next timestamp on
    return { sessions, identities };
  }

  it("discloses a leaked secret: slashes the member, removes its leaf and pays the whistleblower", async () => {
    const { sessions, identities } = await loadFixture(twoMembers);
    const [whistleblower, leaker] = sessions;
    const before = await whistleblower.protocol.token.balanceOf(whistleblower.account);
    const d = await discloseIdentity(whistleblower, identities[0]);
    expect(d.member).to.equal(leaker.account);
    // localhost config: 100 % of the stake slashed, 10 % of it to the whistleblower.
    expect(d.slashed).to.equal(ethers.parseEther("200"));
    expect(d.whistleblowerReward).to.equal(ethers.parseEther("20"));
    expect(d.removedFromTree).to.equal(true);
    expect((await whistleblower.protocol.token.balanceOf(whistleblower.account)) - before).to.equal(ethers.parseEther("20"));
    const rebuilt = await memberTree(whistleblower);
    expect(rebuilt.tree.has(identities[0].commitment)).to.equal(false);
    expect(rebuilt.root).to.equal(await whistleblower.protocol.registry.currentRoot());
  });

  it("refuses a secret that belongs to no member before sending anything", async () => {
    const { sessions } = await loadFixture(twoMembers);
    const block = await ethers.provider.getBlockNumber();
    await expectRejection(discloseIdentity(sessions[0], Identity.generate()), UserError, /belongs to no registered member/);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("drafts a governance slash whose recomputed calldata calls registry.slash", async () => {
    const { sessions } = await loadFixture(twoMembers);
    const [proposer, member] = sessions;
    const p = await proposeSlash(
      proposer,
      member.account,
      ethers.parseEther("50"),
      "copied another member's update",
      "ipfs://evidence",
    );
    const found = await findProposal(proposer, p.proposalId);
    const registry = proposer.protocol.registry;
    expect(found.targets).to.deep.equal([await registry.getAddress()]);
    const call = registry.interface.parseTransaction({ data: found.calldatas[0] });
    expect(call?.name).to.equal("slash");
    expect(call?.args.toArray()).to.deep.equal([
      member.account,
      ethers.parseEther("50"),
      "copied another member's update",
      "ipfs://evidence",
    ]);
  });

  it("refuses a slash above the per-call cap", async () => {
    const { sessions } = await loadFixture(twoMembers);
    // maxSlashBps 5000 of a 200 GRD stake: at most 100 GRD.
    await expectRejection(
      proposeSlash(sessions[0], sessions[1].account, ethers.parseEther("101"), "too much"),
      ArgumentError,
      /per-call cap 100\.0 GRD/,
    );
  });
});
