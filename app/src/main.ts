/** The Guardians wallet app: header (wallet, account, network), hash routes, pages. */
import "./style.css";

import { BrowserProvider } from "ethers";

import { h, replace } from "./dom";
import { asSentence, errorSentence, isRejection } from "./errors";
import { parseDeployment } from "./sdk-core";
import { appState, initState, notify, onStateChange, refreshSession } from "./state";
import {
  authorisedAccounts,
  availableWallets,
  chainIdOf,
  onWalletsChanged,
  rememberWallet,
  rememberedWallet,
  requestAccounts,
  startDiscovery,
  switchChain,
  type DiscoveredWallet,
} from "./wallet";

export interface Page {
  title: string;
  /** Renders into `main`; returns a cleanup run when the page is left or re-rendered. */
  render(main: HTMLElement): void | (() => void);
  /** Whether a wallet change re-renders the page (false for the contribute page while proving). */
  busy?(): boolean;
}

/** Each page is its own chunk, loaded on first visit: the first paint needs only the shell. */
const ROUTES: Record<string, { label: string; load: () => Promise<() => Page> }> = {
  "/join": { label: "Join", load: () => import("./pages/join").then((m) => m.joinPage) },
  "/contribute": { label: "Contribute", load: () => import("./pages/contribute").then((m) => m.contributePage) },
  "/rewards": { label: "Rewards", load: () => import("./pages/rewards").then((m) => m.rewardsPage) },
  "/govern": { label: "Govern", load: () => import("./pages/govern").then((m) => m.governPage) },
  "/models": { label: "Models", load: () => import("./pages/models").then((m) => m.modelsPage) },
};

const header = h("header", { class: "site" });
const main = h("main", { id: "main", tabindex: "-1" });
const footer = h("footer", { class: "site" });
let current: { route: string; page: Page; cleanup?: () => void } | undefined;

function route(): string {
  const r = location.hash.replace(/^#/, "") || "/join";
  return r in ROUTES ? r : "/join";
}

let renderCount = 0;

async function renderPage(force = false): Promise<void> {
  const r = route();
  if (current && current.route === r && !force) return;
  if (current?.page.busy?.() && current.route === r) return;
  const generation = ++renderCount;
  let make: () => Page;
  try {
    make = await ROUTES[r].load();
  } catch (error) {
    replace(main, h("h1", {}, "Guardians"), h("p", { class: "banner", role: "alert" }, errorSentence(error)));
    return;
  }
  if (generation !== renderCount) return; // another navigation came first
  current?.cleanup?.();
  const page = make();
  replace(main);
  main.appendChild(h("h1", { tabindex: "-1" }, page.title));
  const cleanup = page.render(main) ?? undefined;
  current = { route: r, page, cleanup };
  document.title = `${page.title} · Guardians`;
  renderHeader();
}

// ——— wallet ———
let walletMessage = "";
let chooserOpen = false;

async function connect(wallet: DiscoveredWallet, prompt: boolean, render = true): Promise<void> {
  const s = appState();
  try {
    const accounts = prompt ? await requestAccounts(wallet.provider) : await authorisedAccounts(wallet.provider);
    if (accounts.length === 0) return;
    if (s.wallet && s.wallet !== wallet) detach(s.wallet);
    s.wallet = wallet;
    s.account = accounts[0];
    s.chainId = await chainIdOf(wallet.provider);
    rememberWallet(wallet);
    attach(wallet);
    walletMessage = "";
    await refreshSession();
  } catch (error) {
    walletMessage = isRejection(error)
      ? "You declined the connection request in your wallet; nothing was shared."
      : errorSentence(error);
  }
  chooserOpen = false;
  renderHeader();
  if (render) void renderPage(true);
  notify();
}

const onAccounts = (...args: unknown[]) => {
  const accounts = (args[0] as string[]) ?? [];
  const s = appState();
  s.account = accounts[0];
  s.identity = undefined; // another account: the unlocked identity is not assumed to be its
  if (!s.account) s.wallet = undefined;
  void refreshSession().then(afterWalletChange, afterWalletError);
};
const onChain = (...args: unknown[]) => {
  appState().chainId = Number(BigInt(args[0] as string));
  void refreshSession().then(afterWalletChange, afterWalletError);
};

function afterWalletChange(): void {
  walletMessage = "";
  renderHeader();
  void renderPage(true);
  notify();
}

function afterWalletError(error: unknown): void {
  walletMessage = errorSentence(error);
  renderHeader();
  void renderPage(true); // the page shows no stale account's data
}

function attach(w: DiscoveredWallet): void {
  w.provider.on?.("accountsChanged", onAccounts);
  w.provider.on?.("chainChanged", onChain);
}

function detach(w: DiscoveredWallet): void {
  w.provider.removeListener?.("accountsChanged", onAccounts);
  w.provider.removeListener?.("chainChanged", onChain);
}

function renderHeader(): void {
  const s = appState();
  const r = route();
  const wallets = availableWallets();
  const nav = h(
    "nav",
    { "aria-label": "Pages" },
    h(
      "ul",
      {},
      Object.entries(ROUTES).map(([path, { label }]) =>
        h("li", {}, h("a", { href: `#${path}`, "aria-current": path === r ? "page" : undefined }, label)),
      ),
    ),
  );
  const walletBox = h("div", { class: "wallet" });
  if (s.account) {
    walletBox.append(
      h("span", { class: "account", title: s.account }, h("span", { class: "visually-hidden" }, "Account "), s.account),
    );
  } else if (wallets.length === 0) {
    walletBox.append(
      h(
        "button",
        { type: "button", onclick: () => window.dispatchEvent(new Event("eip6963:requestProvider")), disabled: false },
        "Connect wallet",
      ),
      h("p", { class: "hint" }, "No browser wallet was found: install one (MetaMask, Rabby…) and reload."),
    );
  } else {
    walletBox.append(
      h(
        "button",
        {
          type: "button",
          "aria-expanded": wallets.length > 1 ? String(chooserOpen) : undefined,
          onclick: () => {
            const list = availableWallets();
            if (list.length === 1) void connect(list[0], true);
            else {
              chooserOpen = !chooserOpen;
              renderHeader();
              (header.querySelector(".chooser button") as HTMLButtonElement | null)?.focus();
            }
          },
        },
        "Connect wallet",
      ),
    );
    if (chooserOpen)
      walletBox.append(
        h(
          "ul",
          { class: "chooser", "aria-label": "Choose a wallet" },
          wallets.map((w) =>
            h(
              "li",
              {},
              h(
                "button",
                { type: "button", onclick: () => void connect(w, true) },
                w.info.icon ? h("img", { src: w.info.icon, alt: "", width: 20, height: 20 }) : null,
                `Connect ${w.info.name}`,
              ),
            ),
          ),
        ),
      );
  }
  const net = h("span", { class: "network" }, `Network: ${s.network} (chain ${s.deployment.chainId})`);
  const banner: HTMLElement[] = [];
  if (s.account && s.chainId !== undefined && s.chainId !== s.deployment.chainId) {
    const button = h("button", { type: "button" }, "Switch network");
    const ui = h("p", { class: "status", role: "status", "aria-live": "polite" });
    button.addEventListener("click", async () => {
      try {
        await switchChain(s.wallet!.provider, s.deployment.chainId, { chainName: s.network, rpcUrl: s.rpcUrl });
      } catch (error) {
        ui.dataset.state = "failed";
        ui.textContent = errorSentence(error);
      }
    });
    banner.push(
      h(
        "div",
        { class: "banner", role: "alert" },
        h(
          "p",
          {},
          `Your wallet is on chain ${s.chainId}, but Guardians is deployed on ${s.network} (chain ${s.deployment.chainId}); switch network to continue.`,
        ),
        button,
        ui,
      ),
    );
  }
  replace(
    header,
    h("a", { class: "skip", href: "#main", onclick: (e: Event) => (e.preventDefault(), main.focus()) }, "Skip to content"),
    h("div", { class: "bar" }, h("p", { class: "brand" }, "Guardians"), nav, h("div", { class: "right" }, net, walletBox)),
    walletMessage ? h("p", { class: "banner", role: "alert" }, walletMessage) : null,
    banner,
  );
}

async function start(): Promise<void> {
  document.body.append(header, main, footer);
  startDiscovery(); // wallets announce while the deployment loads
  let json: unknown;
  try {
    const response = await fetch("deployment.json", { cache: "no-store" });
    if (!response.ok) throw new Error((await response.text()) || `deployment.json: HTTP ${response.status}`);
    json = await response.json();
  } catch (error) {
    replace(main, h("h1", {}, "Guardians"), h("p", { class: "banner", role: "alert" }, asSentence((error as Error).message)));
    document.body.dataset.ready = "true";
    return;
  }
  const rpcUrl = String((json as { rpcUrl?: string }).rpcUrl ?? "http://127.0.0.1:8545");
  try {
    await initState(parseDeployment(json, "deployment.json"), rpcUrl, availableWallets());
  } catch (error) {
    replace(main, h("h1", {}, "Guardians"), h("p", { class: "banner", role: "alert" }, errorSentence(error)));
    document.body.dataset.ready = "true";
    return;
  }
  replace(
    footer,
    h(
      "p",
      {},
      appState().reader instanceof BrowserProvider
        ? `Contracts of ${appState().network}, read through your wallet (${rpcUrl} cannot be reached).`
        : `Contracts of ${appState().network}, read through the wallet when connected, otherwise ${rpcUrl}.`,
    ),
  );
  window.addEventListener("hashchange", () => {
    if (location.hash === "#main") return; // the skip link
    void renderPage().then(() => main.querySelector("h1")?.focus()); // a screen reader hears the new title
  });
  onWalletsChanged(() => {
    if (!appState().wallet) {
      const w = rememberedWallet();
      if (w) void connect(w, false);
    }
    renderHeader();
  });
  renderHeader();
  // A wallet that authorised this site before reconnects without a prompt.
  const w = rememberedWallet() ?? (availableWallets().length === 1 ? availableWallets()[0] : undefined);
  if (w) await connect(w, false, false);
  await renderPage(true);
  document.body.dataset.ready = "true";
}

onStateChange(() => {});
void start();
