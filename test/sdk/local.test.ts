import { expect } from "chai";
import { ethers } from "hardhat";

import { ArgumentError } from "../../src/sdk/errors";
import { advanceLocal, fundLocal, type RpcProvider } from "../../src/sdk/local";
import { expectRejection } from "../support/expect";

describe("local: funding an account and moving the clock on a development node", () => {
  const provider = ethers.provider;
  const fresh = () => ethers.Wallet.createRandom().address;

  it("fund adds the asked ETH to an address with hardhat_setBalance", async () => {
    const address = fresh();
    const funded = await fundLocal(provider, "hardhat", address, ethers.parseEther("10"));
    expect(funded.method).to.equal("hardhat_setBalance");
    expect(await provider.getBalance(address)).to.equal(ethers.parseEther("10"));
    await fundLocal(provider, "localhost", address, ethers.parseEther("2.5"));
    expect(await provider.getBalance(address)).to.equal(ethers.parseEther("12.5"));
  });

  it("fund falls back to a transfer from the node's first account when the node cannot set balances", async () => {
    const address = fresh();
    const noSetBalance: RpcProvider = {
      send: async (method, params) => {
        if (method.endsWith("_setBalance")) throw new Error(`the method ${method} does not exist`);
        return provider.send(method, params);
      },
      getBalance: (a) => provider.getBalance(a),
    };
    const [first] = await ethers.getSigners();
    const funded = await fundLocal(noSetBalance, "hardhat", address, ethers.parseEther("1"), async () => first);
    expect(funded.method).to.equal(`a transfer from ${first.address}`);
    expect(await provider.getBalance(address)).to.equal(ethers.parseEther("1"));
  });

  it("advance moves the clock forward by the seconds asked and mines one block", async () => {
    const before = await provider.getBlock("latest");
    const after = await advanceLocal(provider, "hardhat", 3600);
    expect(after.blockNumber).to.equal(before!.number + 1);
    expect(after.timestamp).to.be.at.least(before!.timestamp + 3600);
  });

  it("fund and advance refuse any network but hardhat and localhost in one line, sending nothing", async () => {
    const address = fresh();
    const block = await provider.getBlockNumber();
    await expectRejection(
      fundLocal(provider, "sepolia", address, ethers.parseEther("1")),
      ArgumentError,
      /^local fund works on hardhat or localhost only, not on sepolia; nothing was sent$/,
    );
    await expectRejection(
      advanceLocal(provider, "baseSepolia", 60),
      ArgumentError,
      /^local advance works on hardhat or localhost only, not on baseSepolia; nothing was sent$/,
    );
    expect(await provider.getBalance(address)).to.equal(0n);
    expect(await provider.getBlockNumber()).to.equal(block);
  });

  it("refuses a bad address, a zero amount and negative seconds", async () => {
    await expectRejection(fundLocal(provider, "hardhat", "0x1234", 1n), ArgumentError, /--to must be an address/);
    await expectRejection(fundLocal(provider, "hardhat", fresh(), 0n), ArgumentError, /--eth must be positive/);
    await expectRejection(advanceLocal(provider, "hardhat", -1), ArgumentError, /--seconds must be a non-negative integer/);
  });
});
