import { expect } from "chai";
import { makeError, type Signer } from "ethers";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { ArgumentError, UserError } from "../../src/sdk/errors";
import { signPermit, transferGrd } from "../../src/sdk/funds";
import type { Guardians } from "../../src/sdk/client";
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

describe("funds: ERC-2612 permits (signPermit)", () => {
  const fixture = () => deployedSessions(2);

  /** The session with its signer's signTypedData failing as a wallet would. */
  function failingTypedData(g: Guardians, error: Error): Guardians {
    const signer = Object.create(g.signer) as Signer;
    signer.signTypedData = () => Promise.reject(error);
    return { ...g, signer };
  }

  it("signs a permit the token accepts for exactly the spender and the value", async () => {
    const { sessions } = await loadFixture(fixture);
    const [, bob] = sessions;
    const permit = await signPermit(bob, sessions[0].account, 5n);
    expect(permit).to.not.equal(undefined);
    const { deadline, v, r, s } = permit!;
    await (await bob.protocol.token.permit(bob.account, sessions[0].account, 5n, deadline, v, r, s)).wait();
    expect(await bob.protocol.token.allowance(bob.account, sessions[0].account)).to.equal(5n);
  });

  it("rethrows a signature the user rejects in the wallet, so nothing is sent instead", async () => {
    const { sessions } = await loadFixture(fixture);
    const rejected = makeError("user rejected action", "ACTION_REJECTED", { action: "signTypedData", reason: "rejected" });
    const bob = failingTypedData(sessions[1], rejected);
    await expectRejection(signPermit(bob, sessions[0].account, 5n), Error, /user rejected action/);
  });

  it("returns nothing for a signer that cannot sign typed data, so the caller approves instead", async () => {
    const { sessions } = await loadFixture(fixture);
    const bob = failingTypedData(sessions[1], new Error("eth_signTypedData_v4 is not supported"));
    expect(await signPermit(bob, sessions[0].account, 5n)).to.equal(undefined);
  });
});
