import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import { Interface } from "ethers";

import { protocolDecoder } from "../../src/sdk/deployments";
import { openGuardians } from "../../src/sdk/client";
import { TxRevertedError, UserError } from "../../src/sdk/errors";
import { stake } from "../../src/sdk/staking";
import { RevertDecoder, isInsufficientFunds, sendTx, submitTx, waitForConfirmations } from "../../src/sdk/tx";
import { Identity } from "../../src/zk";
import { createProgress } from "../../src/cli/progress";
import { expectRejection } from "../support/expect";
import { deployedSessions } from "../support/sdk";

describe("tx: sending, confirmations and revert decoding", () => {
  const fixture = () => deployedSessions(2);

  it("decodes a nested revert into the custom error's name and arguments", async () => {
    const { sessions } = await loadFixture(fixture);
    const [, bob] = sessions;
    const token = bob.protocol.token;
    const balance = await token.balanceOf(bob.account);
    const error = await expectRejection(
      sendTx(ethers.provider, "transfer", () => token.transfer(sessions[0].account, balance + 1n), {
        decoder: protocolDecoder(),
      }),
      TxRevertedError,
      /^transfer reverted: ERC20InsufficientBalance\(0x[0-9a-fA-F]{40}, \d+, \d+\)$/,
    );
    expect(error.errorName).to.equal("ERC20InsufficientBalance");
    expect(error.errorArgs).to.deep.equal([bob.account, balance, balance + 1n]);
  });

  it("puts a hint sentence in front of the decoded error", async () => {
    const { sessions } = await loadFixture(fixture);
    const registry = sessions[1].protocol.registry;
    await expectRejection(
      sessions[1].send("stake", () => registry.stake(0n, 1n), { GuardiansZeroAmount: () => "a stake of zero GRD" }),
      TxRevertedError,
      /^stake reverted: a stake of zero GRD \(GuardiansZeroAmount\(\)\)$/,
    );
  });

  it("gives a wallet with no ETH one line naming it, the network and how to fund it, and sends nothing", async () => {
    const { sessions } = await loadFixture(fixture);
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    const broke = await openGuardians({ signer: wallet, deployment: sessions[0].protocol.deployment, networkName: "hardhat" });
    await (await sessions[0].protocol.token.transfer(wallet.address, ethers.parseEther("200"))).wait();
    const block = await ethers.provider.getBlockNumber();
    const message = `${wallet.address} has no ETH to pay gas on hardhat; fund it (on a local node: npx hardhat local fund --to ${wallet.address})`;
    const error = await expectRejection(stake(broke, ethers.parseEther("100"), new Identity(4242n).commitment), UserError);
    expect(error.message).to.equal(message);
    expect(error).to.not.be.instanceOf(TxRevertedError);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("recognizes the insufficient-funds refusals of ethers, Hardhat and geth, however deeply nested", async () => {
    expect(isInsufficientFunds({ code: "INSUFFICIENT_FUNDS" })).to.equal(true);
    expect(isInsufficientFunds(new Error("Sender doesn't have enough funds to send tx. The max upfront cost is: 1"))).to.equal(
      true,
    );
    expect(isInsufficientFunds({ error: { error: { message: "insufficient funds for gas * price + value" } } })).to.equal(true);
    expect(isInsufficientFunds(new Error("execution reverted"))).to.equal(false);
    await expectRejection(
      submitTx("stake", () => Promise.reject(new Error("insufficient funds for gas * price + value")), {
        account: "0x000000000000000000000000000000000000dEaD",
        networkName: "sepolia",
      }),
      UserError,
      /^0x000000000000000000000000000000000000dEaD has no ETH to pay gas on sepolia; fund it/,
    );
  });

  it("decodes Error(string) and Panic(uint256) that no ABI lists", () => {
    const builtins = new Interface(["error Error(string)", "error Panic(uint256)"]);
    const decoder = new RevertDecoder();
    expect(decoder.decode(builtins.encodeErrorResult("Error", ["nope"]))?.text).to.equal('Error("nope")');
    expect(decoder.decode(builtins.encodeErrorResult("Panic", [0x11]))?.text).to.equal(
      "Panic(0x11: arithmetic overflow or underflow)",
    );
    expect(decoder.decode("0xdeadbeef")).to.equal(undefined);
    expect(decoder.decode("0x")).to.equal(undefined);
  });

  it("waits for the configured number of confirmations, reporting progress", async () => {
    const { sessions } = await loadFixture(fixture);
    const [alice, bob] = sessions;
    const response = await alice.protocol.token.transfer(bob.account, 1n);
    const lines: string[] = [];
    const stream = { isTTY: false, write: (t: string) => lines.push(t) } as unknown as NodeJS.WriteStream;
    let settled = false;
    const waiting = waitForConfirmations(ethers.provider, response, "transfer", {
      confirmations: 3,
      pollMs: 5,
      progress: createProgress(stream),
    }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled, "must not return after one confirmation").to.equal(false);
    await mine(2);
    const outcome = await waiting;
    expect(outcome.hash).to.equal(response.hash);
    expect((await ethers.provider.getBlockNumber()) - outcome.blockNumber + 1).to.equal(3);
    expect(lines.join("")).to.match(/✓ transfer: waiting for 3 confirmations/);
  });

  it("decodes a transaction that reverted on chain by replaying it", async () => {
    const { sessions } = await loadFixture(fixture);
    const [, bob] = sessions;
    const token = bob.protocol.token;
    const balance = await token.balanceOf(bob.account);
    // Skip the gas estimate, and mine by hand, so the failing transaction is mined (Hardhat's automine
    // would refuse it at sending).
    await network.provider.send("evm_setAutomine", [false]);
    const response = await token.transfer(sessions[0].account, balance + 1n, { gasLimit: 100_000 });
    await mine(1);
    await network.provider.send("evm_setAutomine", [true]);
    await expectRejection(
      waitForConfirmations(ethers.provider, response, "transfer", { decoder: protocolDecoder(), pollMs: 5 }),
      TxRevertedError,
      /reverted: ERC20InsufficientBalance/,
    );
  });
});
