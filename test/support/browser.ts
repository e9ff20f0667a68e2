/**
 * The wallet app's browser harness: a real headless Chromium (Debian's, not Playwright's download),
 * the app's production build served as static files, and an injected test wallet whose keys live in
 * the test process. The page sees an EIP-1193 `window.ethereum` and an EIP-6963 announcement, as it
 * would with a real extension; the test decides what the "user" approves or rejects.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import {
  HDNodeWallet,
  JsonRpcProvider,
  Wallet,
  getBytes,
  isHexString,
  toQuantity,
  type TransactionRequest,
  type TypedDataField,
} from "ethers";

import { PROJECT_ROOT } from "../../src/core/paths";
import { tempDir } from "./deployment";
import { startHttpServer } from "./http";

/** Where Debian's `apt-get install chromium` puts it; $GUARDIANS_CHROMIUM overrides. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/**
 * --no-sandbox: CI and this container run as root, where Chromium refuses its sandbox. The rest keep
 * a test run off the network (no component updates, sync or QUIC probes) and off the GPU.
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.GUARDIANS_CHROMIUM || DEFAULT_CHROMIUM;
}

/** A headless Chromium; a missing binary is one error that says how to install it. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install it: apt-get install -y chromium (or point GUARDIANS_CHROMIUM at a Chromium binary)`,
    );
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

// ---------------------------------------------------------------------------------------------
// The app's production build
// ---------------------------------------------------------------------------------------------

export interface AppBuildOptions {
  /** Folder of <network>.json deployment files the app is built against (GUARDIANS_DEPLOYMENTS_DIR). */
  deploymentsDir: string;
  /** The deployment the app reads (GUARDIANS_NETWORK), e.g. "localhost". */
  network: string;
  /** The node the app reads through (GUARDIANS_RPC_URL, written into the build's deployment.json). */
  rpcUrl?: string;
  /** The Vite config; app/vite.config.ts unless a test builds something else. */
  configFile?: string;
}

const APP_CONFIG = path.join(PROJECT_ROOT, "app", "vite.config.ts");
const builds = new Map<string, Promise<string>>();

/**
 * `vite build` of the app into a fresh temporary folder, once per process and options: the suites of
 * one run share the build, which takes seconds. Vite runs as a child process because it is an ES
 * module and the tests are compiled to CommonJS.
 */
export function buildApp(options: AppBuildOptions): Promise<string> {
  const configFile = options.configFile ?? APP_CONFIG;
  const key = JSON.stringify([path.resolve(options.deploymentsDir), options.network, options.rpcUrl, configFile]);
  let build = builds.get(key);
  if (!build) {
    build = runViteBuild(configFile, options);
    // A failed build is not cached, so that a later suite reports its own failure.
    build.catch(() => builds.delete(key));
    builds.set(key, build);
  }
  return build;
}

async function runViteBuild(configFile: string, options: AppBuildOptions): Promise<string> {
  if (!fs.existsSync(configFile)) throw new Error(`no Vite config at ${configFile}: the app cannot be built`);
  const outDir = tempDir("guardians-app-");
  const vite = path.join(PROJECT_ROOT, "node_modules", ".bin", "vite");
  try {
    await promisify(execFile)(
      vite,
      ["build", "--config", configFile, "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          GUARDIANS_DEPLOYMENTS_DIR: path.resolve(options.deploymentsDir),
          GUARDIANS_NETWORK: options.network,
          ...(options.rpcUrl ? { GUARDIANS_RPC_URL: options.rpcUrl } : {}),
          // The config's own name for its output folder, besides --outDir.
          GUARDIANS_APP_OUT: outDir,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`vite build failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
  return outDir;
}

// ---------------------------------------------------------------------------------------------
// Static files
// ---------------------------------------------------------------------------------------------

export const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  // WebAssembly.instantiateStreaming insists on exactly this type.
  ".wasm": "application/wasm",
  ".zkey": "application/octet-stream",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

export interface StaticServer {
  url: string;
  /** Every request, "GET /path", in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `dir` on 127.0.0.1 at a free port. A path without a file extension that names no file gets
 * index.html, as a single-page app's host would serve it; nothing outside `dir` is ever served.
 */
export async function serveStatic(dir: string, options: { headers?: Record<string, string> } = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  return startHttpServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    let file = path.join(root, pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file) && path.extname(pathname) === "") file = path.join(root, "index.html");
    if (!fs.existsSync(file)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = fs.readFileSync(file);
    response.writeHead(200, {
      "content-type": MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-store",
      ...options.headers,
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
}

// ---------------------------------------------------------------------------------------------
// The injected test wallet
// ---------------------------------------------------------------------------------------------

/** An EIP-1193 error as the page receives it: an Error with `code` (and the node's `data`, if any). */
export interface ProviderError {
  code: number;
  message: string;
  data?: unknown;
}

/** What a wallet request comes to: its result, or the EIP-1193 error the page receives. */
export type WalletReply = { result: unknown } | { error: ProviderError };

export interface WalletRequest {
  method: string;
  params: unknown[];
}

/** The EIP-6963 provider info the wallet announces. */
export const TEST_WALLET_INFO = {
  uuid: "6b1d3c8e-4f0a-4c57-9b7e-2a6f1d0c9e31",
  name: "Guardians Test Wallet",
  icon:
    "data:image/svg+xml;base64," +
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2b6cb0"/><path d="M16 5l9 4v7c0 5-4 9-9 11-5-2-9-6-9-11V9z" fill="#fff"/></svg>',
    ).toString("base64"),
  rdns: "dev.guardians.testwallet",
} as const;

/** Requests only the user can approve: a rejectNext() applies to these. */
export const APPROVAL_METHODS = [
  "eth_requestAccounts",
  "wallet_switchEthereumChain",
  "wallet_addEthereumChain",
  "personal_sign",
  "eth_signTypedData_v4",
  "eth_sendTransaction",
] as const;

export const USER_REJECTED: ProviderError = { code: 4001, message: "User rejected the request." };

export interface WalletOptions {
  /** The node's JSON-RPC URL; the wallet signs for its chain and forwards reads to it. */
  rpcUrl: string;
  /** The account's private key (a development account's). */
  privateKey: string;
  /** Whether the site is already connected: eth_accounts answers [] until eth_requestAccounts otherwise. */
  connected?: boolean;
}

export interface TestWallet {
  /** The current account's address (checksummed). */
  readonly address: string;
  /** The chain id the wallet reports now (the node's, unless the test set another). */
  readonly chainId: bigint;
  /** The node's chain id, the one chain the wallet can sign for. */
  readonly nodeChainId: bigint;
  /** Every request the page made, in order. */
  readonly requests: WalletRequest[];
  /** The next approval request (of `method`, or any) fails with 4001, as when the user clicks Reject. */
  rejectNext(method?: (typeof APPROVAL_METHODS)[number]): void;
  /** The wallet moves to another chain, as the user would in the extension; the page gets chainChanged. */
  setChainId(chainId: bigint | number): Promise<void>;
  /** The user picks another account; the page gets accountsChanged. */
  switchAccount(privateKey: string): Promise<void>;
}

interface PageGlobals {
  __guardiansWalletEmit?: (event: string, payload: unknown) => void;
  ethereum?: { request(args: { method: string; params?: unknown[] }): Promise<unknown> };
}

/**
 * The page side, as source text (it runs in the browser, where this file's types do not): an
 * EIP-1193 provider that forwards each request to the test process through the exposed
 * `__guardiansWalletRequest`, turns an error reply into a thrown Error carrying `code` and `data` (so
 * that ethers' BrowserProvider maps 4001 to ACTION_REJECTED and decodes a revert's data), and
 * announces itself per EIP-6963 now and on every eip6963:requestProvider.
 */
const PAGE_SCRIPT = `(() => {
  const info = Object.freeze(${JSON.stringify(TEST_WALLET_INFO)});
  const listeners = new Map();
  const provider = {
    isGuardiansTestWallet: true,
    async request(args) {
      if (!args || typeof args.method !== "string") throw Object.assign(new Error("invalid request"), { code: -32600 });
      const reply = await window.__guardiansWalletRequest({ method: args.method, params: args.params ?? [] });
      if (reply.error) {
        const error = new Error(reply.error.message);
        error.code = reply.error.code;
        if (reply.error.data !== undefined) error.data = reply.error.data;
        throw error;
      }
      return reply.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  provider.off = provider.removeListener;
  window.__guardiansWalletEmit = (event, payload) => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try { listener(payload); } catch (error) { console.error(error); }
    }
  };
  Object.defineProperty(window, "ethereum", { value: provider, configurable: true });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;

/**
 * Installs the test wallet in every page of `target` (a context, or one page), from the next
 * navigation on. The keys stay in the test process: each page request crosses the exposed function,
 * as JSON, to `handle` below.
 */
export async function injectWallet(target: BrowserContext | Page, options: WalletOptions): Promise<TestWallet> {
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { staticNetwork: true, batchMaxCount: 1 });
  const nodeChainId = BigInt(await rawRpc(options.rpcUrl, "eth_chainId", []).then(resultOf));
  let signer = new Wallet(options.privateKey, provider);
  let chainId = nodeChainId;
  let connected = options.connected ?? false;
  let rejecting: { method?: string } | undefined;
  const requests: WalletRequest[] = [];
  // One transaction at a time, so that two sends from the page never take the same nonce.
  let sending: Promise<unknown> = Promise.resolve();

  const pages = (): Page[] => ("pages" in target ? target.pages() : [target]);
  async function emit(event: string, payload: unknown): Promise<void> {
    await Promise.all(
      pages().map((page) =>
        page
          .evaluate(([e, p]) => (globalThis as PageGlobals).__guardiansWalletEmit?.(e, p), [event, payload] as const)
          // A page mid-navigation or closed simply misses the event, as it would with a real wallet.
          .catch(() => undefined),
      ),
    );
  }

  const account = () => signer.address.toLowerCase();
  function checkAccount(address: unknown): ProviderError | undefined {
    if (typeof address !== "string" || address.toLowerCase() !== account())
      return { code: 4100, message: `the wallet has no account ${String(address)}` };
    if (!connected) return { code: 4100, message: "the site is not connected: call eth_requestAccounts first" };
    return undefined;
  }

  async function sendTransaction(tx: Record<string, string | undefined>): Promise<WalletReply> {
    const refused = checkAccount(tx.from ?? signer.address);
    if (refused) return { error: refused };
    if (chainId !== nodeChainId)
      return { error: { code: 4901, message: `the wallet is on chain ${chainId}, not the node's ${nodeChainId}` } };
    // Gas and nonce come from the node as raw JSON-RPC, so that a revert reaches the page verbatim
    // (code, message and data), as a wallet relaying the node's estimate would show it.
    const call = { ...tx, from: signer.address };
    let gas = tx.gas;
    if (gas === undefined) {
      const estimate = await rawRpc(options.rpcUrl, "eth_estimateGas", [call]);
      if ("error" in estimate) return estimate;
      gas = estimate.result as string;
    }
    const nonce = await rawRpc(options.rpcUrl, "eth_getTransactionCount", [signer.address, "pending"]);
    if ("error" in nonce) return nonce;
    const request: TransactionRequest = {
      to: tx.to,
      data: tx.data ?? tx.input,
      value: tx.value,
      gasLimit: gas,
      nonce: Number(nonce.result),
      chainId: nodeChainId,
      gasPrice: tx.gasPrice,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    };
    const signed = await signer.signTransaction(await signer.populateTransaction(request));
    return rawRpc(options.rpcUrl, "eth_sendRawTransaction", [signed]);
  }

  async function handle({ method, params }: WalletRequest): Promise<WalletReply> {
    requests.push({ method, params });
    if (
      rejecting &&
      (APPROVAL_METHODS as readonly string[]).includes(method) &&
      (!rejecting.method || rejecting.method === method)
    ) {
      rejecting = undefined;
      return { error: USER_REJECTED };
    }
    switch (method) {
      case "eth_requestAccounts":
        connected = true;
        return { result: [account()] };
      case "eth_accounts":
        return { result: connected ? [account()] : [] };
      case "eth_chainId":
        return { result: toQuantity(chainId) };
      case "net_version":
        return { result: chainId.toString() };
      // Adding the node's own chain (EIP-3085) is switching to it; the wallet knows no other chain.
      case "wallet_addEthereumChain":
      case "wallet_switchEthereumChain": {
        const wanted = BigInt((params[0] as { chainId: string }).chainId);
        if (wanted !== nodeChainId) return { error: { code: 4902, message: `Unrecognized chain ID ${toQuantity(wanted)}.` } };
        if (chainId !== wanted) {
          chainId = wanted;
          await emit("chainChanged", toQuantity(chainId));
        }
        return { result: null };
      }
      case "personal_sign": {
        const [message, address] = params as [string, string];
        const refused = checkAccount(address);
        if (refused) return { error: refused };
        return { result: await signer.signMessage(isHexString(message) ? getBytes(message) : message) };
      }
      case "eth_signTypedData_v4": {
        const [address, json] = params as [string, string];
        const refused = checkAccount(address);
        if (refused) return { error: refused };
        const typed = (typeof json === "string" ? JSON.parse(json) : json) as {
          domain: Record<string, unknown>;
          types: Record<string, TypedDataField[]>;
          message: Record<string, unknown>;
        };
        // ethers derives EIP712Domain from the domain itself and refuses it among the types.
        const types = Object.fromEntries(Object.entries(typed.types).filter(([name]) => name !== "EIP712Domain"));
        return { result: await signer.signTypedData(typed.domain, types, typed.message) };
      }
      case "eth_sendTransaction": {
        const result = sending.then(() => sendTransaction(params[0] as Record<string, string | undefined>));
        sending = result.catch(() => undefined);
        return result;
      }
      default:
        return rawRpc(options.rpcUrl, method, params);
    }
  }

  await target.exposeFunction("__guardiansWalletRequest", (request: WalletRequest) =>
    handle(request).catch((error: unknown): WalletReply => ({
      error: { code: -32603, message: error instanceof Error ? error.message : String(error) },
    })),
  );
  await target.addInitScript({ content: PAGE_SCRIPT });

  return {
    get address() {
      return signer.address;
    },
    get chainId() {
      return chainId;
    },
    nodeChainId,
    requests,
    rejectNext(method) {
      rejecting = { method };
    },
    async setChainId(next) {
      chainId = BigInt(next);
      await emit("chainChanged", toQuantity(chainId));
    },
    async switchAccount(privateKey) {
      signer = new Wallet(privateKey, provider);
      await emit("accountsChanged", connected ? [account()] : []);
    },
  };
}

let rpcId = 0;

/** One JSON-RPC call to the node, its error passed on whole ({code, message, data}). */
async function rawRpc(url: string, method: string, params: unknown[]): Promise<WalletReply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: ProviderError };
  return body.error ? { error: body.error } : { result: body.result ?? null };
}

function resultOf(reply: WalletReply): string {
  if ("error" in reply) throw new Error(reply.error.message);
  return reply.result as string;
}

/**
 * A `window.ethereum.request` made in the page, its outcome brought back whole: page.evaluate alone
 * would lose a rejection's `code` and `data` (Playwright carries only an Error's message across).
 */
export function requestInPage(page: Page, method: string, params: unknown[] = []): Promise<WalletReply> {
  return page.evaluate(
    async ([m, p]) => {
      const ethereum = (globalThis as PageGlobals).ethereum;
      if (!ethereum) return { error: { code: -1, message: "no window.ethereum in the page" } };
      try {
        return { result: await ethereum.request({ method: m, params: p }) };
      } catch (error) {
        const { code, message, data } = error as ProviderError;
        return { error: { code, message, data } };
      }
    },
    [method, params] as const,
  );
}

// ---------------------------------------------------------------------------------------------
// Screenshots for the docs
// ---------------------------------------------------------------------------------------------

/** docs/app/, where the app's documentation finds the screenshots the test run takes. */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "docs", "app");

/** A full-page PNG of `page` at <dir>/<name>.png (docs/app/ by default); returns its path. */
export async function screenshot(page: Page, name: string, dir: string = SCREENSHOT_DIR): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name "${name}": use lowercase letters, digits and dashes`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The development mnemonic both local nodes fund their accounts from (Hardhat's and Anvil's default). */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The private key of development account `index`, as `npx hardhat node` lists it. */
export function devPrivateKey(index: number): string {
  return HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).privateKey;
}
