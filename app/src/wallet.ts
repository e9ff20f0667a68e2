/**
 * The browser wallet: EIP-6963 discovery (several wallets announce themselves), window.ethereum as
 * the fallback, and the events a wallet raises when its account or chain changes.
 */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | Record<string, unknown> }): Promise<unknown>;
  on?(event: string, listener: (...args: unknown[]) => void): void;
  removeListener?(event: string, listener: (...args: unknown[]) => void): void;
}

export interface WalletInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

export interface DiscoveredWallet {
  info: WalletInfo;
  provider: Eip1193Provider;
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
  interface WindowEventMap {
    "eip6963:announceProvider": CustomEvent<DiscoveredWallet>;
  }
}

const discovered = new Map<string, DiscoveredWallet>();
const listeners = new Set<() => void>();

/** Starts listening for EIP-6963 announcements and asks wallets to announce. */
export function startDiscovery(): void {
  window.addEventListener("eip6963:announceProvider", (event) => {
    const detail = event.detail;
    if (!detail?.info?.uuid || !detail.provider) return;
    discovered.set(detail.info.uuid, { info: detail.info, provider: detail.provider });
    for (const l of listeners) l();
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
}

export function onWalletsChanged(listener: () => void): void {
  listeners.add(listener);
}

/** Every wallet available: the announced ones, or the injected window.ethereum when none announced. */
export function availableWallets(): DiscoveredWallet[] {
  const list = [...discovered.values()];
  if (list.length === 0 && window.ethereum)
    list.push({ info: { uuid: "injected", name: "Browser wallet", icon: "", rdns: "injected" }, provider: window.ethereum });
  return list;
}

const LAST_WALLET = "guardians.wallet";

export function rememberWallet(w: DiscoveredWallet): void {
  localStorage.setItem(LAST_WALLET, w.info.rdns);
}

export function forgetWallet(): void {
  localStorage.removeItem(LAST_WALLET);
}

export function rememberedWallet(): DiscoveredWallet | undefined {
  const rdns = localStorage.getItem(LAST_WALLET);
  return availableWallets().find((w) => w.info.rdns === rdns);
}

export async function requestAccounts(provider: Eip1193Provider): Promise<string[]> {
  return (await provider.request({ method: "eth_requestAccounts" })) as string[];
}

/** The accounts already authorised, without a prompt. */
export async function authorisedAccounts(provider: Eip1193Provider): Promise<string[]> {
  try {
    return (await provider.request({ method: "eth_accounts" })) as string[];
  } catch {
    return [];
  }
}

export async function chainIdOf(provider: Eip1193Provider): Promise<number> {
  return Number(BigInt((await provider.request({ method: "eth_chainId" })) as string));
}

/** Asks the wallet to switch chains; adds the chain first when the wallet does not know it (4902). */
export async function switchChain(
  provider: Eip1193Provider,
  chainId: number,
  add: { chainName: string; rpcUrl: string },
): Promise<void> {
  const hex = `0x${chainId.toString(16)}`;
  try {
    await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex }] });
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code !== 4902 && (error as { data?: { originalError?: { code?: number } } }).data?.originalError?.code !== 4902)
      throw error;
    await provider.request({
      method: "wallet_addEthereumChain",
      params: [
        {
          chainId: hex,
          chainName: add.chainName,
          rpcUrls: [add.rpcUrl],
          nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        },
      ],
    });
  }
}
