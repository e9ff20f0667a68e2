import { expect } from "chai";
import { JsonRpcProvider, Wallet } from "ethers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { deployProtocol } from "../../src/deployment/deploy";
import { readJournal } from "../../src/deployment/journal";
import { deployConfigPath, loadDeployConfig } from "../../src/deployment/config/deploy";
import { FlakyEndpoint, NodeDeath } from "./flaky-endpoint";

/** Account #0 of every `hardhat node` (the well-known development mnemonic): it holds test ETH only. */
const DEV_DEPLOYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

async function deployThrough(endpoint: FlakyEndpoint, journalPath: string) {
  const provider = new JsonRpcProvider(endpoint.url, undefined, { batchMaxCount: 1, pollingInterval: 50, cacheTimeout: -1 });
  const signer = new Wallet(DEV_DEPLOYER_KEY, provider);
  try {
    const config = loadDeployConfig(deployConfigPath("localhost"), signer.address);
    return await deployProtocol(signer, config, { network: "localhost", journalPath, confirmations: 1, pollMs: 50 });
  } finally {
    provider.destroy();
  }
}

describe("Faults: the RPC node dies mid-deployment", function () {
  let endpoint: FlakyEndpoint | undefined;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-fault-"));
  });

  afterEach(async () => {
    await endpoint?.stop();
    endpoint = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases: { when: string; death: NodeDeath }[] = [
    { when: "before it receives the 6th transaction", death: { index: 5, accepted: false } },
    { when: "after it mined the 6th transaction, before answering", death: { index: 5, accepted: true } },
  ];

  for (const { when, death } of cases) {
    it(`resumes without duplicates when the node dies ${when}`, async () => {
      endpoint = await FlakyEndpoint.start();
      const journalPath = path.join(dir, "localhost.json");
      endpoint.killNodeAt(death);

      let failure: unknown;
      await deployThrough(endpoint, journalPath).catch((error: unknown) => (failure = error));
      await endpoint.nodeDied();
      expect(failure, "the interrupted deployment must fail, not report success").to.be.instanceOf(Error);
      const interrupted = readJournal(journalPath);
      expect(interrupted?.completedAt).to.equal(undefined);

      await endpoint.restartNode();
      const resumed = await deployThrough(endpoint, journalPath);
      expect(resumed.alreadyComplete).to.equal(false);

      // Every transaction the deployer ever sent is one step of the journal: nothing was sent twice.
      const journal = readJournal(journalPath);
      const steps = Object.values(journal?.steps ?? {});
      expect(journal?.completedAt).to.be.a("string");
      expect(steps.every((step) => step.status === "done")).to.equal(true);
      const nonce = await endpoint.rpc<string>("eth_getTransactionCount", [new Wallet(DEV_DEPLOYER_KEY).address, "latest"]);
      expect(Number(nonce), "deployer transactions on chain vs. journal steps").to.equal(steps.length);
      expect(new Set(steps.map((step) => step.txHash)).size).to.equal(steps.length);
      const deployed = steps.filter((step) => step.kind === "deploy").map((step) => step.address as string);
      expect(new Set(deployed).size).to.equal(deployed.length);
      for (const address of deployed) expect(await endpoint.rpc<string>("eth_getCode", [address, "latest"])).to.not.equal("0x");

      // And a finished deployment is never deployed again.
      const again = await deployThrough(endpoint, journalPath);
      expect(again.alreadyComplete).to.equal(true);
      expect(again.transactionsSent).to.equal(0);
    });
  }
});
