/**
 * The wallet app end to end, in a real browser: headless Debian Chromium on the app's production
 * build, against a real `hardhat node` with the protocol deployed, with a test wallet injected as an
 * EIP-1193 / EIP-6963 provider whose key stays in this process. One node, one deployment, one build
 * and one page for the whole file: each step continues from the state the previous one left, as a
 * member's day would. The operator's and the aggregator's parts (open the round, aggregate, finalize,
 * propose) run here through the SDK, as they would in their own terminals. Each page's screenshot is
 * written to docs/app/, which docs/APP.md shows.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { JsonRpcProvider, parseEther } from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";

import { DEV_AGGREGATOR_KEY } from "../../src/deployment/local/protocol";
import { aggregateRound } from "../../src/sdk/aggregator";
import { finalizeRound } from "../../src/sdk/aggregation";
import { openGuardians, type Guardians } from "../../src/sdk/client";
import { openRound } from "../../src/sdk/coordinator";
import { readDeployment } from "../../src/sdk/deployment-file";
import { createIdentityFile, openIdentityFile } from "../../src/sdk/identity-file";
import { delegateVotes, proposeModel } from "../../src/sdk/governance";
import { transferGrd } from "../../src/sdk/funds";
import { encodeNpy } from "../../src/sdk/update-format";
import { tempDir } from "../support/deployment";
import { startLocalNode, type LocalNode } from "../support/node";
import { SHIPPED_GENESIS_FILE, TEST_ROUND } from "../support/sdk";
import {
  buildApp,
  devPrivateKey,
  injectWallet,
  launchBrowser,
  screenshot,
  serveStatic,
  type StaticServer,
  type TestWallet,
} from "../support/browser";

const PASSPHRASE = "correct horse battery staple";
/** A small update, well inside the round's L2 bound of 4. */
const UPDATE = Array.from({ length: 32 }, (_, i) => ((i % 5) - 2) * 0.05);

describe("the wallet app in a browser: join, contribute, vote, queue, execute, claim", function () {
  this.timeout(300_000);
  let node: LocalNode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: StaticServer;
  let wallet: TestWallet;
  let operator: Guardians;
  let member: Guardians;
  let files: string;
  let roundId: bigint;
  let candidateVersion: bigint;
  let candidateBytes: Uint8Array;

  /**
   * The page-side checks, as source text: they run in the browser, where this file's (Node) types do
   * not apply.
   */
  const inPage = {
    ready: `document.body.dataset.ready === "true"`,
    loaded: `document.querySelectorAll("[aria-busy='true']").length === 0`,
    finished: (label: string) =>
      `["done", "failed"].includes(document.querySelector('[role="status"][aria-label=${JSON.stringify(label)}]')?.getAttribute("data-state"))`,
    says: (text: string) =>
      `[...document.querySelectorAll("[role=status]")].some((e) => e.textContent.includes(${JSON.stringify(text)}))`,
    storage: `JSON.stringify({ ...localStorage })`,
    unlabelledControls: `[...document.querySelectorAll("input, select, textarea, button")]
      .filter((e) => e.type !== "hidden" && !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.textContent.trim())
      .map((e) => e.outerHTML.slice(0, 80))`,
    cachedKeyFiles: `caches.open("guardians-zk-v1").then((c) => c.keys()).then((k) => k.length)`,
  };

  /** The text and final state of an action's status area, once the action has finished. */
  async function settled(label: string, timeout = 120_000): Promise<{ state: string; text: string }> {
    await page.waitForFunction(inPage.finished(label), undefined, { timeout });
    const area = page.getByRole("status", { name: label, exact: true });
    return { state: (await area.getAttribute("data-state")) ?? "", text: (await area.innerText()).trim() };
  }

  /** Waits until some action's status area says `sentence` (a proposal's area is named by its id). */
  async function statusSays(sentence: string): Promise<void> {
    await page.waitForFunction(inPage.says(sentence), undefined, { timeout: 60_000 });
  }

  /** Types the passphrase when the page asks for it: only while the identity is locked (after a reload). */
  async function unlockIfAsked(): Promise<void> {
    const passphrase = page.getByLabel("Passphrase", { exact: true });
    if ((await passphrase.count()) > 0) await passphrase.fill(PASSPHRASE);
  }

  /**
   * Goes to a page of the app (hash route) and waits for it to have loaded its data; a page already
   * shown is reloaded, as a user would after the chain moved on (the pages read the chain when shown).
   */
  async function open(route: string, heading: string): Promise<void> {
    const url = `${server.url}/#/${route}`;
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    await page.waitForFunction(inPage.loaded);
  }

  /** Every form control on the page has an accessible name (a label, or aria-label): keyboard and screen-reader basics. */
  async function expectLabelled(): Promise<void> {
    const unlabelled = (await page.evaluate(inPage.unlabelledControls)) as string[];
    expect(unlabelled, `controls without a label on ${page.url()}`).to.deep.equal([]);
  }

  /** Advances the node's clock: the deadlines the app shows and the contracts check. */
  async function advance(seconds: number): Promise<void> {
    await node.rpc("evm_increaseTime", [seconds]);
    await node.rpc("evm_mine");
  }

  const transactionsSent = () => wallet.requests.filter((r) => r.method === "eth_sendTransaction").length;

  before(async () => {
    node = await startLocalNode("hardhat");
    const deployments = tempDir("guardians-app-");
    const deployed = await node.hardhat(["deploy"], { env: { GUARDIANS_DEPLOYMENTS_DIR: deployments } });
    expect(deployed.code, `${deployed.stdout}\n${deployed.stderr}`).to.equal(0);
    const deployment = readDeployment(path.join(deployments, "localhost.json"));
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    // The node's own accounts: it assigns their nonces, whatever else sends from them.
    const session = async (index: number) => openGuardians({ signer: await provider.getSigner(index), deployment, pollMs: 50 });
    [operator, member] = await Promise.all([session(0), session(3)]);
    // The operator proposes (threshold 1,000 GRD); the member's 500,000 GRD alone meet the 4% quorum.
    await delegateVotes(operator, operator.account);
    await transferGrd(operator, member.account, parseEther("500000"));

    const [dist] = await Promise.all([
      buildApp({ deploymentsDir: deployments, network: "localhost", rpcUrl: node.url }),
      launchBrowser().then((b) => (browser = b)),
    ]);
    server = await serveStatic(dist);
    context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    wallet = await injectWallet(context, { rpcUrl: node.url, privateKey: devPrivateKey(3) });
    page = await context.newPage();
    files = tempDir("guardians-app-files-");
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await node?.stop();
  });

  it("connects the wallet it discovers through EIP-6963, and shows its account and the deployment's network", async () => {
    await page.goto(`${server.url}/#/join`);
    await page.waitForFunction(inPage.ready);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByText(member.account).waitFor();
    expect(await page.getByText("Network: localhost (chain 31337)").count()).to.equal(1);
    expect(wallet.requests.map((r) => r.method)).to.include("eth_requestAccounts");
  });

  it("join: creates an identity encrypted under a passphrase, exports it as the CLI's identity file", async () => {
    await open("join", "Join");
    await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
    await page.getByRole("button", { name: "Create identity" }).click();
    expect((await settled("Identity status")).state).to.equal("done");
    // Only the sealed file is in the browser's storage: the secret never is.
    const stored = (await page.evaluate(inPage.storage)) as string;
    expect(stored).to.include("guardians-identity");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export identity file" }).click(),
    ]);
    const exported = path.join(files, "identity.json");
    await download.saveAs(exported);
    const identity = openIdentityFile(exported, PASSPHRASE);
    expect(stored).to.not.include(identity.secret.toString(16));
    expect(await page.getByText(identity.commitment.toString()).count()).to.be.greaterThan(0);
  });

  it("join: a rejected permit signature is one sentence and sends nothing", async () => {
    const sent = transactionsSent();
    wallet.rejectNext("eth_signTypedData_v4");
    await page.getByRole("button", { name: "Stake", exact: true }).click();
    const { state, text } = await settled("Staking status");
    expect(state).to.equal("failed");
    expect(text).to.include("You rejected the signature in your wallet; nothing was sent.");
    expect(transactionsSent()).to.equal(sent);
    expect((await member.protocol.registry.memberOf(member.account)).status).to.equal(0n);
  });

  it("join: stakes 100 GRD with a permit in one transaction, and shows the membership and stake", async () => {
    const sent = transactionsSent();
    await page.getByLabel("Stake (GRD)").fill("100");
    await page.getByRole("button", { name: "Stake", exact: true }).click();
    const { state, text } = await settled("Staking status");
    expect(state, text).to.equal("done");
    expect(text).to.match(/confirmed in block \d+, transaction 0x[0-9a-f]{64}/);
    expect(transactionsSent()).to.equal(sent + 1);
    expect(wallet.requests.some((r) => r.method === "eth_signTypedData_v4")).to.equal(true);
    expect((await member.protocol.registry.memberOf(member.account)).status).to.equal(1n);
    await open("join", "Join");
    await page.getByText("100.0 GRD").first().waitFor();
    await expectLabelled();
    await screenshot(page, "join");
  });

  it("govern: delegates the member's votes to itself", async () => {
    await open("govern", "Govern");
    await page.getByRole("button", { name: "Delegate to myself", exact: true }).click();
    const { state, text } = await settled("Delegation status");
    expect(state, text).to.equal("done");
    expect((await member.protocol.votes.delegatesOf(member.account)).tokenDelegate).to.equal(member.account);
  });

  it("a wallet on another chain: the app says so with a Switch network button that switches it back", async () => {
    await wallet.setChainId(1);
    const alert = page.getByRole("alert").filter({ hasText: "switch network to continue" });
    await alert.waitFor();
    expect(await alert.innerText()).to.include("Your wallet is on chain 1, but Guardians is deployed on localhost (chain 31337)");
    await page.getByRole("button", { name: "Switch network" }).click();
    await alert.waitFor({ state: "detached" });
    expect(wallet.chainId).to.equal(31337n);
  });

  it("contribute: an over-bound update is refused by the local checks, before anything is proved or sent", async () => {
    // A 1 GRD bond, a 10 GRD pool, an L2 bound of 4 (quantized with 8 fractional bits), 10 minutes.
    const opened = await openRound(operator, {
      ...TEST_ROUND,
      l2BoundSq: (4n * 256n) ** 2n,
      window: 600,
      rewardPool: parseEther("10"),
    });
    roundId = opened.roundId;
    await open("contribute", "Contribute");
    const overBound = path.join(files, "over-bound.json");
    fs.writeFileSync(overBound, JSON.stringify(Array(32).fill(1)));
    await page.getByLabel("Update file").setInputFiles(overBound);
    const problem = page.locator("[data-check='norm']");
    await problem.waitFor();
    expect(await problem.innerText()).to.match(/L2 norm 5\.6569 exceeds the round's bound 4\.0000/);
    expect(await page.getByRole("button", { name: "Prove and submit" }).isDisabled()).to.equal(true);
    await expectLabelled();
    await screenshot(page, "contribute-refused");
  });

  it("contribute: a proving key that does not match its sha256 in zk/keys.json is refused, not cached, and nothing is sent", async () => {
    const update = path.join(files, "update.npy");
    fs.writeFileSync(update, encodeNpy(UPDATE));
    await page.getByLabel("Update file").setInputFiles(update);
    await page.locator("[data-check='ok']").waitFor();
    const sent = transactionsSent();
    // The server (or anything between it and the page) alters the proving key: one flipped byte.
    await page.route(/\/zk\/[^/]+\.zkey$/, async (route) => {
      const body = Buffer.from(await (await route.fetch()).body());
      body[body.length - 1] ^= 1;
      await route.fulfill({ body, contentType: "application/octet-stream" });
    });
    await unlockIfAsked();
    await page.getByRole("button", { name: "Prove and submit" }).click();
    const { state, text } = await settled("Contribution status");
    await page.unroute(/\/zk\/[^/]+\.zkey$/);
    expect(state).to.equal("failed");
    expect(text).to.match(/The proving file zk\/contribution_n32_b16_d16\.zkey does not match its hash in zk\/keys\.json/);
    expect(transactionsSent()).to.equal(sent);
    // Only the wasm, which matched, is in the cache.
    expect(await page.evaluate(inPage.cachedKeyFiles)).to.equal(1);
  });

  it("contribute: Cancel proving, or a page reload in the middle of proving, leaves nothing sent", async () => {
    await page.getByLabel("Update file").setInputFiles(path.join(files, "update.npy"));
    await page.locator("[data-check='ok']").waitFor();
    const sent = transactionsSent();
    await unlockIfAsked();
    const proving = "Proving in the background; you can keep using the page. Nothing is sent until the proof is complete.";
    await page.getByRole("button", { name: "Prove and submit" }).click();
    await statusSays(proving);
    await page.getByRole("button", { name: "Cancel proving" }).click();
    expect((await settled("Contribution status")).text).to.include("Proving was cancelled; nothing was sent.");
    await page.getByRole("button", { name: "Prove and submit" }).click();
    await statusSays(proving);
    await page.reload();
    await page.waitForFunction(inPage.ready);
    expect(transactionsSent()).to.equal(sent);
    expect((await member.protocol.roundManager.getRound(roundId)).contributions).to.equal(0n);
    expect(await member.protocol.roundManager.bondBalanceOf(member.account)).to.equal(0n);
  });

  it("contribute: proves in a Web Worker with a progress bar, then submits with the encrypted opening", async () => {
    await open("contribute", "Contribute");
    await page.getByLabel("Update file").setInputFiles(path.join(files, "update.npy"));
    await page.locator("[data-check='ok']").waitFor();
    // The reload locked the identity again: the page asks for the passphrase to prove.
    await page.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
    const sent = transactionsSent();
    const signatures = wallet.requests.filter((r) => r.method === "eth_signTypedData_v4").length;
    const worker = page.waitForEvent("worker");
    await page.getByRole("button", { name: "Prove and submit" }).click();
    await page.getByRole("progressbar").waitFor();
    // The proof is computed off the page's thread, in the app's prover worker.
    expect((await worker).url()).to.match(/prover\.worker/);
    const { state, text } = await settled("Contribution status");
    expect(state, text).to.equal("done");
    expect(text).to.match(new RegExp(`Your contribution to round ${roundId} was submitted`));
    expect(text).to.match(/submit to round \d+: confirmed in block \d+/);
    // The bond: a permit signature and its deposit, then the submission; no approve.
    expect(transactionsSent()).to.equal(sent + 2);
    expect(wallet.requests.filter((r) => r.method === "eth_signTypedData_v4")).to.have.length(signatures + 1);
    expect((await member.protocol.roundManager.getRound(roundId)).contributions).to.equal(1n);
    await expectLabelled();
    await screenshot(page, "contribute");
  });

  it("govern: votes for the round's verified model with a reason, then queues and executes it", async () => {
    // The aggregator's and the operator's part: decrypt the opening from the chain, prove, finalize, propose.
    await advance(601);
    const aggregation = await aggregateRound(operator, roundId, DEV_AGGREGATOR_KEY, {
      parentBytes: new Uint8Array(fs.readFileSync(SHIPPED_GENESIS_FILE)),
    });
    expect(aggregation.selection.map((s) => s.weight)).to.deep.equal([1n]);
    candidateBytes = aggregation.candidate.bytes;
    ({ candidateVersion } = await finalizeRound(operator, aggregation.prepared, {
      weightsHash: aggregation.candidate.weightsHash,
      uri: `ipfs://round-${roundId}`,
      accuracyBps: 9000,
    }));
    const { proposalId } = await proposeModel(operator, candidateVersion, `Activate model version ${candidateVersion}`);
    await advance(61);

    await open("govern", "Govern");
    const proposal = page.getByRole("article").filter({ hasText: `Activate model version ${candidateVersion}` });
    expect(await proposal.innerText()).to.match(
      /Verifies against the chain\s+Yes: round \d+'s aggregation proof, verified on chain/,
    );
    await proposal.getByLabel("For", { exact: true }).check();
    await proposal.getByLabel("Reason").fill("audited accuracy, proven aggregate");
    await proposal.getByRole("button", { name: "Vote" }).click();
    await statusSays("You voted for.");
    expect(await operator.protocol.governor.hasVoted(proposalId, member.account)).to.equal(true);
    await expectLabelled();
    await screenshot(page, "govern");

    await advance(10 * 60 + 1);
    await open("govern", "Govern");
    await page.getByRole("button", { name: "Queue" }).click();
    await statusSays("The proposal is queued in the timelock.");
    await advance(5 * 60 + 1);
    await open("govern", "Govern");
    await page.getByRole("button", { name: "Execute" }).click();
    await statusSays("The proposal was executed.");
    expect(await operator.protocol.modelRegistry.champion()).to.equal(candidateVersion);
  });

  it("rewards: shows the contribution included and claimable, and claims its bond and reward", async () => {
    await open("rewards", "Rewards");
    // Finalized, but claimable only once the round's challenge period (30 minutes here) is over.
    expect(await page.locator("main").innerText()).to.match(/from /);
    expect(await page.getByRole("button", { name: "Claim" }).count()).to.equal(0);
    await advance(30 * 60);
    await open("rewards", "Rewards");
    const before = await member.protocol.token.balanceOf(member.account);
    await page.getByRole("button", { name: "Claim" }).first().click();
    const { state, text } = await settled("Claim status");
    expect(state, text).to.equal("done");
    // The only included contribution takes the whole pool, and its bond comes back.
    expect((await member.protocol.token.balanceOf(member.account)) - before).to.equal(parseEther("11"));
    await open("rewards", "Rewards");
    await expectLabelled();
    await screenshot(page, "rewards");
  });

  it("models: shows the champion and every version with its parent, round and provenance, and verifies its file", async () => {
    await open("models", "Models");
    const text = await page.locator("main").innerText();
    expect(text, text).to.match(
      new RegExp(`Version ${candidateVersion} champion\\s+Status\\s+Active\\s+Parent\\s+version 1\\s+Round\\s+round ${roundId}`),
    );
    expect(text).to.include(
      `Verified on chain: round ${roundId}'s aggregation proof, verified on chain: 1 of 1 contributions selected`,
    );
    expect(text).to.match(/Version 2 \(promotion from version 1\)/);
    // `model verify` in the page: the candidate's file and the genesis's, checked against the chain.
    const candidateFile = path.join(files, "candidate.json");
    fs.writeFileSync(candidateFile, candidateBytes);
    await page.getByLabel("Model files").setInputFiles([candidateFile, SHIPPED_GENESIS_FILE]);
    await page.getByRole("button", { name: "Verify model" }).click();
    await statusSays(`Version ${candidateVersion} verifies: every link back to its genesis checks against the chain.`);
    await expectLabelled();
    await screenshot(page, "models");
  });

  it("join: imports an identity file the CLI made, only once it opens with its passphrase", async () => {
    const cliFile = path.join(files, "cli-identity.json");
    const cliIdentity = createIdentityFile(cliFile, "the terminal's passphrase");
    await open("join", "Join");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Remove identity from this browser" }).click();
    await page.getByLabel("Identity file").setInputFiles(cliFile);
    await page.getByLabel("Passphrase", { exact: true }).fill("not the passphrase");
    await page.getByRole("button", { name: "Import identity" }).click();
    const refused = await settled("Identity status");
    expect(refused.state).to.equal("failed");
    expect(refused.text).to.match(/^Wrong password for cli-identity\.json/);
    await page.getByLabel("Passphrase", { exact: true }).fill("the terminal's passphrase");
    await page.getByRole("button", { name: "Import identity" }).click();
    expect((await settled("Identity status")).state).to.equal("done");
    await page.getByText(cliIdentity.commitment.toString()).waitFor();
  });

  it("join: unstakes, shows the unbonding and its end, then withdraws the stake once it is over", async () => {
    await open("join", "Join");
    await page.getByRole("button", { name: "Unstake" }).click();
    expect((await settled("Staking status")).text).to.include("You left the member tree; your stake is unbonding.");
    await open("join", "Join");
    expect(await page.locator("main").innerText()).to.match(/Unbonding ends\s+.+\(in 1 ?h/);
    // Withdraw is there but marked unavailable until the unbonding is over.
    expect(await page.getByRole("button", { name: "Withdraw" }).getAttribute("aria-disabled")).to.equal("true");
    await advance(60 * 60);
    await open("join", "Join");
    const before = await member.protocol.token.balanceOf(member.account);
    await page.getByRole("button", { name: "Withdraw" }).click();
    expect((await settled("Staking status")).text).to.include("You withdrew 100.0 GRD.");
    expect((await member.protocol.token.balanceOf(member.account)) - before).to.equal(parseEther("100"));
  });
});
