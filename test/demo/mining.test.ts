import { expect } from "chai";
import { network } from "hardhat";

import { UserError } from "../../src/core/errors";
import { withIntervalMining, withinTimeout } from "../../src/demo/chain/mining";
import { expectRejection } from "../support/expect";
import { startLocalNode } from "../support/node";

class DisclosureFailed extends Error {}

const automine = async () => (await network.provider.send("hardhat_getAutomine", [])) as boolean;

describe("the demo's mining mode and step timeouts", () => {
  afterEach(async () => {
    await network.provider.send("evm_setIntervalMining", [0]);
    await network.provider.send("evm_setAutomine", [true]);
  });

  it("mines blocks on an interval while the disclosure waits, and automines again afterwards", async () => {
    const before = await network.provider.send("eth_blockNumber", []);
    await withIntervalMining(network.provider, () => new Promise((resolve) => setTimeout(resolve, 700)));
    expect(Number(await network.provider.send("eth_blockNumber", []))).to.be.above(Number(before));
    expect(await automine()).to.equal(true);
  });

  it("automines again after the disclosure phase even when the step throws", async () => {
    await expectRejection(
      withIntervalMining(network.provider, () => Promise.reject(new DisclosureFailed("reveal reverted"))),
      DisclosureFailed,
    );
    expect(await automine()).to.equal(true);
    const block = Number(await network.provider.send("eth_blockNumber", []));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(Number(await network.provider.send("eth_blockNumber", [])), "no interval mining left behind").to.equal(block);
  });

  it("leaves a node that does not automine as it found it", async () => {
    await network.provider.send("evm_setAutomine", [false]);
    await withIntervalMining(network.provider, async () => undefined);
    expect(await automine()).to.equal(false);
  });

  it("on Anvil (a real node), mines every second while waiting, then automines again with no interval left, even when the step throws", async () => {
    const anvil = await startLocalNode("anvil");
    try {
      const node = { send: (method: string, params: unknown[] = []) => anvil.rpc(method, params) };
      const blockNumber = async () => Number(await anvil.rpc<string>("eth_blockNumber"));
      const before = await blockNumber();
      await expectRejection(
        withIntervalMining(node, async () => {
          await new Promise((resolve) => setTimeout(resolve, 2_200));
          throw new DisclosureFailed("reveal reverted");
        }),
        DisclosureFailed,
      );
      expect(await blockNumber(), "blocks mined on the interval while the step waited").to.be.above(before);
      expect(await anvil.rpc("anvil_getAutomine")).to.equal(true);
      const after = await blockNumber();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await blockNumber(), "no interval mining left behind").to.equal(after);
    } finally {
      await anvil.stop();
    }
  });

  it("gives up on a step that never settles with one line naming the step and the network", async () => {
    const error = await expectRejection(
      withinTimeout("the claims", 50, "localhost", new Promise<never>(() => undefined)),
      UserError,
      /waited 0.05 s for "the claims" on localhost and gave up: is the node mining/,
    );
    expect(error.message).to.not.include("\n");
  });

  it("passes a step's result through when it settles in time", async () => {
    expect(await withinTimeout("the balances", 1_000, "hardhat", Promise.resolve(42))).to.equal(42);
  });
});
