import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractEventName } from "ethers";

import { queryEventsPaged } from "../../src/sdk/events";
import { deployedSessions } from "../support/sdk";

describe("events: paged log queries", () => {
  /** Ten GRD transfers, each in its own block, with empty blocks between them. */
  async function transfers() {
    const { sessions, deployment } = await deployedSessions(2);
    const [alice, bob] = sessions;
    const from = (await ethers.provider.getBlockNumber()) + 1;
    for (let i = 1; i <= 10; i++) {
      await (await alice.protocol.token.transfer(bob.account, BigInt(i))).wait();
      await mine(3);
    }
    return { token: alice.protocol.token, from, to: await ethers.provider.getBlockNumber(), bob: bob.account, deployment };
  }

  it("returns the same logs, in chain order, as one unpaged query", async () => {
    const { token, from, to, bob } = await loadFixture(transfers);
    const filter = token.filters.Transfer(undefined, bob);
    const whole = await token.queryFilter(filter, from, to);
    const paged = await queryEventsPaged(token, filter, { fromBlock: from, toBlock: to, pageSize: 3 });
    expect(paged.map((l) => l.transactionHash)).to.deep.equal(whole.map((l) => l.transactionHash));
    expect(paged).to.have.length(10);
  });

  it("halves its pages when the provider refuses a range, as public RPCs do", async () => {
    const { token, from, to, bob } = await loadFixture(transfers);
    const filter = token.filters.Transfer(undefined, bob);
    const ranges: Array<[number, number]> = [];
    // A view of the real token whose queries fail above 4 blocks, with an Alchemy-style message.
    const rangeLimited = {
      runner: token.runner,
      queryFilter: async (event: ContractEventName, a: number, b: number) => {
        ranges.push([a, b]);
        if (b - a + 1 > 4) throw new Error("eth_getLogs is limited to a 4 block range");
        return token.queryFilter(event, a, b);
      },
    } as unknown as BaseContract;
    const logs = await queryEventsPaged(rangeLimited, filter, { fromBlock: from, toBlock: to, pageSize: 100 });
    expect(logs).to.have.length(10);
    // The first page asked for the whole span, was refused, and pages shrank until they fit.
    expect(ranges[0]).to.deep.equal([from, to]);
    expect(ranges.filter(([a, b]) => b - a + 1 <= 4).length).to.be.greaterThan(5);
  });

  it("passes on errors that are not about the range", async () => {
    const { token, from, to } = await loadFixture(transfers);
    const broken = {
      runner: token.runner,
      queryFilter: async () => {
        throw new Error("connection refused");
      },
    } as unknown as BaseContract;
    let caught: unknown;
    try {
      await queryEventsPaged(broken, "Transfer", { fromBlock: from, toBlock: to, pageSize: 5 });
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.equal("connection refused");
  });
});
