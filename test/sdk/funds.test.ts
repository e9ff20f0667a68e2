import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { ArgumentError, UserError } from "../../src/sdk/errors";
import { transferGrd } from "../../src/sdk/funds";
import { expectRejection } from "../support/expect";
import { deployedSessions } from "../support/sdk";

describe("funds: transferring GRD (token transfer)", () => {
  const fixture = () => deployedSessions(2);

  it("moves the amount from the sender to the recipient", async () => {
    const { sessions } = await loadFixture(fixture);
    const [, bob] = sessions;
    const to = ethers.Wallet.createRandom().address;
    await transferGrd(bob, to, ethers.parseEther("12.5"));
    expect(await bob.protocol.token.balanceOf(to)).to.equal(ethers.parseEther("12.5"));
    expect(await bob.protocol.token.balanceOf(bob.account)).to.equal(ethers.parseEther("987.5"));
  });

  it("refuses an insufficient balance in one line in GRD, not wei, and sends nothing", async () => {
    const { sessions } = await loadFixture(fixture);
    const [, bob] = sessions;
    const sent = await ethers.provider.getTransactionCount(bob.account);
    await expectRejection(
      transferGrd(bob, sessions[0].account, ethers.parseEther("1000.5")),
      UserError,
      new RegExp(`^insufficient GRD balance for the transfer: ${bob.account} has 1000\\.0 GRD, needs 1000\\.5 GRD$`),
    );
    expect(await ethers.provider.getTransactionCount(bob.account)).to.equal(sent);
  });

  it("refuses a zero amount and the zero address", async () => {
    const { sessions } = await loadFixture(fixture);
    await expectRejection(transferGrd(sessions[1], sessions[0].account, 0n), ArgumentError, /--amount must be positive/);
    await expectRejection(transferGrd(sessions[1], ethers.ZeroAddress, 1n), ArgumentError, /--to must be a non-zero address/);
  });
});
