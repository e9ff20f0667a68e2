import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import {
  BrowserProvider,
  getAddress,
  hexlify,
  toUtf8Bytes,
  verifyMessage,
  verifyTypedData,
  type CallExceptionError,
} from "ethers";
import type { Browser, BrowserContext, Page } from "playwright-core";

import { GuardiansToken__factory } from "../../typechain-types";
import { readDeployment } from "../../src/sdk/deployment-file";
import { tempDir } from "../support/deployment";
import { startLocalNode, type LocalNode } from "../support/node";
import {
  TEST_WALLET_INFO,
  devPrivateKey,
  injectWallet,
  launchBrowser,
  requestInPage,
  screenshot,
  serveStatic,
  type StaticServer,
  type TestWallet,
} from "../support/browser";

/** What the placeholder page records: the EIP-6963 announcements and the provider's events. */
interface Recorded {
  announced: Array<{ uuid: string; name: string; icon: string; rdns: string }>;
  events: Array<[string, unknown]>;
}

/**
 * The browser harness itself, before the app exists: a real Hardhat node with the protocol deployed,
 * a headless Chromium on a placeholder page, and the injected test wallet answering the page.
 */
describe("the app's browser harness: Chromium, a static server and the injected test wallet", function () {
  this.timeout(120_000);
  let node: LocalNode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: StaticServer;
  let wallet: TestWallet;
  let tokenAddress: string;
  const timings: Record<string, number> = {};

  before(async () => {
    let started = performance.now();
    node = await startLocalNode("hardhat");
    timings["node start"] = performance.now() - started;
    started = performance.now();
    const deployments = tempDir("guardians-harness-");
    const deployed = await node.hardhat(["deploy"], { env: { GUARDIANS_DEPLOYMENTS_DIR: deployments } });
    expect(deployed.code, `${deployed.stdout}\n${deployed.stderr}`).to.equal(0);
    timings["deploy"] = performance.now() - started;
    tokenAddress = readDeployment(path.join(deployments, "localhost.json")).addresses.GuardiansToken;

    const site = tempDir("guardians-placeholder-");
    fs.writeFileSync(
      path.join(site, "index.html"),
      `<!doctype html><title>placeholder</title><h1>Guardians harness</h1><script>
        window.recorded = { announced: [], events: [] };
        window.addEventListener("eip6963:announceProvider", (e) => window.recorded.announced.push(e.detail.info));
        window.dispatchEvent(new Event("eip6963:requestProvider"));
        for (const name of ["chainChanged", "accountsChanged"])
          window.ethereum.on(name, (payload) => window.recorded.events.push([name, payload]));
      </script>`,
    );
    server = await serveStatic(site);
    started = performance.now();
    browser = await launchBrowser();
    timings["browser launch"] = performance.now() - started;
    context = await browser.newContext();
    wallet = await injectWallet(context, { rpcUrl: node.url, privateKey: devPrivateKey(0) });
    page = await context.newPage();
    await page.goto(server.url);
  });

  after(async () => {
    console.log(
      `      timings (ms): ${Object.entries(timings)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(", ")}`,
    );
    await browser?.close();
    await server?.close();
    await node?.stop();
  });

  const recorded = () => page.evaluate(() => (globalThis as unknown as { recorded: Recorded }).recorded);

  it("announces the wallet by EIP-6963 when the page asks", async () => {
    const { announced } = await recorded();
    expect(announced).to.have.length.greaterThan(0);
    expect(announced[0]).to.deep.equal(TEST_WALLET_INFO);
  });

  it("is not connected until the page asks for accounts, then answers with the development account", async () => {
    expect(await requestInPage(page, "eth_accounts")).to.deep.equal({ result: [] });
    const reply = await requestInPage(page, "eth_requestAccounts");
    expect(reply).to.deep.equal({ result: [wallet.address.toLowerCase()] });
    expect(wallet.address).to.equal(getAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
  });

  it("signs a personal message the test process recovers to the account", async () => {
    const message = "Guardians: sign in";
    const reply = await requestInPage(page, "personal_sign", [hexlify(toUtf8Bytes(message)), wallet.address]);
    expect(reply).to.have.property("result");
    expect(verifyMessage(message, (reply as { result: string }).result)).to.equal(wallet.address);
  });

  it("signs EIP-712 typed data (eth_signTypedData_v4, EIP712Domain among the types)", async () => {
    const domain = { name: "Guardians", version: "1", chainId: 31337, verifyingContract: tokenAddress };
    const types = { Hello: [{ name: "to", type: "address" }] };
    const message = { to: wallet.address };
    const typed = {
      domain,
      message,
      primaryType: "Hello",
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
          { name: "verifyingContract", type: "address" },
        ],
        ...types,
      },
    };
    const reply = await requestInPage(page, "eth_signTypedData_v4", [wallet.address, JSON.stringify(typed)]);
    expect(verifyTypedData(domain, types, message, (reply as { result: string }).result)).to.equal(wallet.address);
  });

  it("sends a 1 wei transfer that is mined", async () => {
    const to = "0x00000000000000000000000000000000000000aa";
    const reply = await requestInPage(page, "eth_sendTransaction", [{ from: wallet.address, to, value: "0x1" }]);
    const hash = (reply as { result: string }).result;
    expect(hash).to.match(/^0x[0-9a-f]{64}$/);
    const receipt = await node.rpc<{ status: string }>("eth_getTransactionReceipt", [hash]);
    expect(receipt.status).to.equal("0x1");
    expect(await node.rpc<string>("eth_getBalance", [to, "latest"])).to.equal("0x1");
  });

  it("rejects the next signature with EIP-1193 code 4001 when the test says the user refused, then signs again", async () => {
    wallet.rejectNext("personal_sign");
    const refused = await requestInPage(page, "personal_sign", ["0x01", wallet.address]);
    expect(refused).to.deep.equal({ error: { code: 4001, message: "User rejected the request.", data: undefined } });
    expect(await requestInPage(page, "personal_sign", ["0x01", wallet.address])).to.have.property("result");
  });

  it("moves to another chain when the test says so, firing chainChanged, and switches back on wallet_switchEthereumChain", async () => {
    await wallet.setChainId(5);
    expect(await requestInPage(page, "eth_chainId")).to.deep.equal({ result: "0x5" });
    const refused = await requestInPage(page, "eth_sendTransaction", [{ from: wallet.address, to: wallet.address }]);
    expect(refused).to.have.nested.property("error.code", 4901);
    expect(await requestInPage(page, "wallet_switchEthereumChain", [{ chainId: "0x7a69" }])).to.deep.equal({ result: null });
    expect(await requestInPage(page, "eth_chainId")).to.deep.equal({ result: "0x7a69" });
    expect((await recorded()).events).to.deep.equal([
      ["chainChanged", "0x5"],
      ["chainChanged", "0x7a69"],
    ]);
  });

  it("tells the page of another account with accountsChanged", async () => {
    await wallet.switchAccount(devPrivateKey(1));
    expect((await recorded()).events.at(-1)).to.deep.equal(["accountsChanged", [wallet.address.toLowerCase()]]);
    expect(await requestInPage(page, "eth_accounts")).to.deep.equal({ result: [wallet.address.toLowerCase()] });
    await wallet.switchAccount(devPrivateKey(0));
  });

  /** An ethers BrowserProvider in the test process whose every request goes through the page's window.ethereum. */
  function throughThePage(): BrowserProvider {
    return new BrowserProvider({
      async request({ method, params }) {
        const reply = await requestInPage(page, method, Array.isArray(params) ? params : []);
        if ("error" in reply) throw Object.assign(new Error(reply.error.message), reply.error);
        return reply.result;
      },
    });
  }

  it("passes a revert on to the page with its data, which ethers decodes to the contract's custom error", async () => {
    const poor = "0x00000000000000000000000000000000000000bb";
    const token = GuardiansToken__factory.connect(tokenAddress, throughThePage());
    const error = await token.transfer.staticCall(wallet.address, 1n, { from: poor }).then(
      () => expect.fail("the transfer from an account without GRD did not revert"),
      (e: unknown) => e as CallExceptionError,
    );
    expect(error.code).to.equal("CALL_EXCEPTION");
    expect(error.revert?.name).to.equal("ERC20InsufficientBalance");
    expect(error.revert?.args[0]).to.equal(getAddress(poor));
  });

  it("is one ethers BrowserProvider reads, signs and sends through, and a refusal is ACTION_REJECTED", async () => {
    const signer = await throughThePage().getSigner();
    expect(await signer.getAddress()).to.equal(wallet.address);
    const sent = await signer.sendTransaction({ to: "0x00000000000000000000000000000000000000aa", value: 1n });
    expect((await sent.wait())?.status).to.equal(1);
    wallet.rejectNext();
    const refused = await signer.signMessage("refuse me").catch((e: unknown) => e as { code?: string });
    expect(refused).to.have.property("code", "ACTION_REJECTED");
  });

  it("logs every request the page made, in order", () => {
    const methods = wallet.requests.map((r) => r.method);
    expect(methods.slice(0, 3)).to.deep.equal(["eth_accounts", "eth_requestAccounts", "personal_sign"]);
    expect(methods).to.include("eth_call");
  });

  it("takes a full-page screenshot as a PNG file", async () => {
    const file = await screenshot(page, "harness", tempDir("guardians-shots-"));
    expect(fs.readFileSync(file).subarray(1, 4).toString()).to.equal("PNG");
  });
});
