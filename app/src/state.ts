/** The app's state: the deployment, the read-only provider, the connected wallet and its session. */
import { BrowserProvider, JsonRpcProvider, ZeroAddress, type Provider } from "ethers";

import type { DiscoveredWallet } from "./wallet";
import {
  connectProtocol,
  openGuardians,
  silentProgress,
  type Deployment,
  type Guardians,
  type Identity,
  type Protocol,
} from "./sdk-core";

export interface AppState {
  deployment: Deployment;
  rpcUrl: string;
  /** The network's name as the deployments file has it (localhost, sepolia…). */
  network: string;
  reader: Provider;
  readProtocol: Protocol;
  wallet?: DiscoveredWallet;
  account?: string;
  chainId?: number;
  /** A session with the wallet's signer: present only when connected to the deployment's chain. */
  g?: Guardians;
  /** The identity unlocked with its passphrase in this page's memory (never stored in plain). */
  identity?: Identity;
}

let state: AppState | undefined;
const subscribers = new Set<() => void>();

export function appState(): AppState {
  if (!state) throw new Error("the app is not initialised");
  return state;
}

export function onStateChange(listener: () => void): () => void {
  subscribers.add(listener);
  return () => subscribers.delete(listener);
}

export function notify(): void {
  for (const s of subscribers) s();
}

/**
 * Connects to the deployment for reading: through the deployment's RPC URL, or, when that cannot be
 * reached, through a wallet already on the deployment's chain.
 */
export async function initState(deployment: Deployment, rpcUrl: string, wallets: DiscoveredWallet[] = []): Promise<AppState> {
  const readers: Array<() => Promise<Provider>> = [
    async () => new JsonRpcProvider(rpcUrl, deployment.chainId, { staticNetwork: true, pollingInterval: 1000 }),
    ...wallets.map((w) => async () => {
      const chainId = Number(BigInt((await w.provider.request({ method: "eth_chainId" })) as string));
      if (chainId !== deployment.chainId) throw new Error(`${w.info.name} is on chain ${chainId}`);
      return new BrowserProvider(w.provider, deployment.chainId, { pollingInterval: 1000 });
    }),
  ];
  let firstError: unknown;
  for (const open of readers) {
    try {
      const reader = await open();
      const readProtocol = await connectProtocol(deployment, reader);
      state = { deployment, rpcUrl, network: deployment.network, reader, readProtocol };
      return state;
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

/** (Re)opens the signer session for the wallet's current account and chain. */
export async function refreshSession(): Promise<void> {
  const s = appState();
  s.g = undefined;
  if (!s.wallet || !s.account || s.chainId !== s.deployment.chainId) return;
  const provider = new BrowserProvider(s.wallet.provider, s.deployment.chainId, { pollingInterval: 1000 });
  const signer = await provider.getSigner(s.account);
  s.g = await openGuardians({ signer, deployment: s.deployment, networkName: s.network });
}

/**
 * A session for reading only (no wallet, or the wrong chain): reads through the deployment's RPC URL;
 * its `send` refuses, so nothing can be signed through it.
 */
export function readSession(): Guardians {
  const s = appState();
  if (s.g) return s.g;
  return {
    signer: undefined as never,
    provider: s.reader,
    account: s.account ?? ZeroAddress,
    protocol: s.readProtocol,
    confirmations: 1,
    progress: silentProgress,
    send: () => Promise.reject(new Error("connect your wallet first")),
  } as Guardians;
}
