import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { Identity } from "../../src/zk";
import { ArgumentError, UserError } from "../../src/sdk/errors";
import { findProposal } from "../../src/sdk/governance";
import { MEMBER_STATUSES, memberTree, stake } from "../../src/sdk/participant";
import { discloseIdentity, proposeSlash, type Disclosure } from "../../src/sdk/slash";
import { expectRejection } from "../support/expect";
import { mineBlock, nextPending, outbid, withManualMining } from "../support/governance";
import { deployedSessions } from "../support/sdk";
import type { Guardians } from "../../src/sdk/client";

describe("slash: identity disclosure and governance slash drafts", () => {
  async function twoMembers() {
    const { sessions } = await deployedSessions(4);
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

  describe("a stake landing while the disclosure is in flight", () => {
    /** A third account ready to stake a fresh identity (its GRD already approved), at the moment a test picks. */
    async function withNewcomer() {
      const { sessions, identities } = await twoMembers();
      const newcomer = sessions[3];
      const amount = ethers.parseEther("100");
      await (await newcomer.protocol.token.approve(await newcomer.protocol.registry.getAddress(), amount)).wait();
      return { sessions, identities, newcomer, newcomerIdentity: Identity.generate(), amount };
    }

    /** Sends the newcomer's stake ahead of `pending` (same block, higher tip). */
    async function stakeAhead(
      newcomer: Guardians,
      commitment: bigint,
      amount: bigint,
      pending: Awaited<ReturnType<typeof nextPending>>,
    ) {
      await newcomer.protocol.registry.stake(amount, commitment, outbid(pending));
    }

    /** Reads the final tree: the leaked identity is out, the newcomer is in, and the root is the registry's. */
    async function expectTreeAfter(g: Guardians, leaked: bigint, newcomer: bigint) {
      const rebuilt = await memberTree(g);
      expect(rebuilt.tree.has(leaked)).to.equal(false);
      expect(rebuilt.tree.has(newcomer)).to.equal(true);
      expect(rebuilt.root).to.equal(await g.protocol.registry.currentRoot());
    }

    it("still slashes and evicts the member when another member's stake lands between the commit and the reveal", async () => {
      const { sessions, identities, newcomer, newcomerIdentity, amount } = await loadFixture(withNewcomer);
      const [whistleblower, leaker] = sessions;
      const { registry } = whistleblower.protocol;
      let disclosing!: Promise<Disclosure>;
      await withManualMining(async () => {
        disclosing = discloseIdentity(whistleblower, identities[0]);
        await nextPending(whistleblower.account, registry); // the commitment
        await mineBlock();
        const reveal = await nextPending(whistleblower.account, registry);
        await stakeAhead(newcomer, newcomerIdentity.commitment, amount, reveal);
        await mineBlock(); // the stake changes the tree, then the reveal is mined
      });
      const d = await disclosing;
      expect(d.member).to.equal(leaker.account);
      expect(d.slashed).to.equal(ethers.parseEther("200"));
      expect(d.whistleblowerReward).to.equal(ethers.parseEther("20"));
      expect(d.removedFromTree).to.equal(true);
      expect(d.eviction?.outcome?.blockNumber).to.be.greaterThan(d.revealOutcome.blockNumber);
      expect((await registry.memberOf(leaker.account)).status).to.equal(BigInt(MEMBER_STATUSES.indexOf("Exited")));
      await expectTreeAfter(whistleblower, identities[0].commitment, newcomerIdentity.commitment);
    });

    it("retries the eviction on a rebuilt tree when a stake lands ahead of it", async () => {
      const { sessions, identities, newcomer, newcomerIdentity, amount } = await loadFixture(withNewcomer);
      const [whistleblower, leaker] = sessions;
      const { registry } = whistleblower.protocol;
      let disclosing!: Promise<Disclosure>;
      await withManualMining(async () => {
        disclosing = discloseIdentity(whistleblower, identities[0]);
        for (let step = 0; step < 2; step++) {
          await nextPending(whistleblower.account, registry); // the commitment, then the reveal
          await mineBlock();
        }
        const evict = await nextPending(whistleblower.account, registry);
        await stakeAhead(newcomer, newcomerIdentity.commitment, amount, evict);
        await mineBlock(); // the stake makes the evict's siblings stale: the evict reverts
      });
      const d = await disclosing;
      expect(d.removedFromTree).to.equal(true);
      expect(d.eviction).to.include({ removed: true, attempts: 2 });
      expect((await registry.memberOf(leaker.account)).status).to.equal(BigInt(MEMBER_STATUSES.indexOf("Exited")));
      await expectTreeAfter(whistleblower, identities[0].commitment, newcomerIdentity.commitment);
    });
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
