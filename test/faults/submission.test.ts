import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { CONTRACT_STEPS } from "../../src/sdk/deployments";
import { readDeployment } from "../../src/sdk/deployment-file";
import { RoundManager__factory } from "../../typechain-types";
import { LocalNode, TaskResult, startLocalNode } from "../support/node";
import { DEV_AGGREGATOR_KEY } from "../../src/deployment/local/protocol";

const PASSWORD = "fault-test identity password";

interface PendingTx {
  hash: string;
  to: string | null;
  input: string;
}

/** RoundManager.submit's selector: contribute first deposits the bond (another RoundManager call), then submits. */
const SUBMIT = RoundManager__factory.createInterface().getFunction("submit").selector;

function expectSuccess(result: TaskResult, what: string): void {
  expect(result.code, `${what} failed:\n${result.stdout}\n${result.stderr}`).to.equal(0);
}

/**
 * Mines whatever the task sends, except that the first `submit` to `target` is mined in a block timestamped at
 * `at`: the transaction passed every check (and its gas estimate) when it was sent, and reverts on chain.
 */
async function mineRevertingAt(node: LocalNode, target: string, at: bigint, done: Promise<unknown>): Promise<string> {
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const pending = await node.rpc<{ transactions: PendingTx[] }>("eth_getBlockByNumber", ["pending", true]);
    const submit = pending.transactions.find(
      (tx) => tx.to?.toLowerCase() === target.toLowerCase() && tx.input.startsWith(SUBMIT),
    );
    if (submit) {
      await node.rpc("evm_setNextBlockTimestamp", [`0x${at.toString(16)}`]);
      await node.rpc("evm_mine");
      return submit.hash;
    }
    if (pending.transactions.length > 0) await node.rpc("evm_mine");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the task never sent its submission");
}

describe("Faults: a submission whose transaction reverts on chain", function () {
  let node: LocalNode | undefined;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-submit-fault-"));
    node = await startLocalNode();
  });

  after(async () => {
    await node?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves no reveal file, no success output and no attestation when the round closes before it is mined", async () => {
    if (!node) throw new Error("no node");
    const env = { GUARDIANS_DEPLOYMENTS_DIR: dir, GUARDIANS_IDENTITY_PASSWORD: PASSWORD };
    const identity = path.join(dir, "identity.json");
    const updateFile = path.join(dir, "update.json");
    const reveal = path.join(dir, "reveal.json");
    fs.writeFileSync(updateFile, JSON.stringify(Array.from({ length: 31 }, (_, i) => (i % 5) / 100 - 0.02)));

    expectSuccess(await node.hardhat(["deploy"], { env }), "deploy");
    expectSuccess(await node.hardhat(["participant", "identity", "--out", identity], { env }), "identity");
    expectSuccess(await node.hardhat(["participant", "stake", "--amount", "100", "--identity", identity], { env }), "stake");
    const opened = await node.hardhat(
      [
        "coordinator",
        "open-round",
        "--window",
        "1h",
        "--bond",
        "1",
        "--pool",
        "10",
        "--l2-bound",
        "4",
        "--aggregator-key",
        DEV_AGGREGATOR_KEY.publicKey,
      ],
      { env },
    );
    expectSuccess(opened, "open-round");

    const deployment = readDeployment(path.join(dir, "localhost.json"));
    const roundManager = deployment.addresses[CONTRACT_STEPS.roundManager];
    const latest = await node.rpc<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
    const closesAt = BigInt(latest.timestamp) + 3600n;

    await node.rpc("evm_setAutomine", [false]);
    const task = node.hardhat(
      ["participant", "contribute", "--update", updateFile, "--round", "1", "--identity", identity, "--reveal-out", reveal],
      { env },
    );
    const submitHash = await mineRevertingAt(node, roundManager, closesAt, task);
    const result = await task;
    await node.rpc("evm_setAutomine", [true]);

    // On chain: the submission was mined, and it reverted.
    const receipt = await node.rpc<{ status: string }>("eth_getTransactionReceipt", [submitHash]);
    expect(receipt.status).to.equal("0x0");
    // Locally: a failing exit code and one clear line naming the contract's error; nothing claims success.
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/RoundManagerRoundNotOpen/);
    expect(result.stderr).to.not.match(/\n\s+at /);
    expect(result.stdout).to.not.match(/attestation uid/);
    expect(fs.existsSync(reveal), "a reveal file for a contribution that does not exist").to.equal(false);
    // And the chain agrees that nothing was attested.
    const status = await node.hardhat(["participant", "status"], { env });
    expectSuccess(status, "status");
    expect(status.stdout).to.match(/contributions: 0/);
    // The bond deposited before the submission stays in the bond balance, to withdraw or use later.
    expect(status.stdout).to.match(/^bond balance: 1\.0 GRD$/m);
  });
});
