import { expect } from "chai";
import { network } from "hardhat";

import { UserError } from "../../src/core/errors";
import { withIntervalMining, withinTimeout, type RpcNode } from "../../src/demo/chain/mining";
import { expectRejection } from "../support/expect";

class DisclosureFailed extends Error {}

/** Anvil's mining modes as its RPC sets them: an interval (seconds) replaces automine, and 0 leaves neither. */
class FakeAnvil implements RpcNode {
  automine = true;
  intervalSeconds = 0;

  async send(method: string, params: unknown[] = []): Promise<unknown> {
    if (method === "anvil_getAutomine") return this.automine;
    if (method === "evm_setIntervalMining") {
      this.intervalSeconds = Number(params[0]);
      this.automine = false;
      return null;
    }
    if (method === "evm_setAutomine") {
      this.automine = params[0] === true;
      if (this.automine) this.intervalSeconds = 0;
      return null;
    }
    throw new Error(`Method ${method} not found`);
  }
}

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

  it("on Anvil, mines every second while waiting and switches automine back on, which an interval of 0 turns off", async () => {
    const anvil = new FakeAnvil();
    await expectRejection(
      withIntervalMining(anvil, async () => {
        expect(anvil.intervalSeconds).to.equal(1);
        throw new DisclosureFailed("reveal reverted");
      }),
      DisclosureFailed,
    );
    expect(anvil.automine).to.equal(true);
    expect(anvil.intervalSeconds).to.equal(0);
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
