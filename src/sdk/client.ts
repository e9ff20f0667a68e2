import type { Provider, Signer, TransactionResponse } from "ethers";

import { silentProgress, type Progress } from "../core/progress";
import { connectProtocol, type Deployment, type Protocol } from "./deployments";
import { ConfigError } from "./errors";
import { sendTx, type RevertHints, type TxOutcome } from "./tx";

/**
 * A session with a deployed protocol: one signer, the contracts bound to it, and the settings every
 * transaction shares (confirmations, progress). Every SDK action takes one.
 */
export interface Guardians {
  signer: Signer;
  provider: Provider;
  account: string;
  protocol: Protocol;
  confirmations: number;
  progress: Progress;
  /** The one path for transactions: decoded reverts, confirmations, progress. */
  send(action: string, send: () => Promise<TransactionResponse>, hints?: RevertHints): Promise<TxOutcome>;
}

/** The latest block's timestamp: the clock every deadline in the protocol is checked against. */
export async function chainTime(g: Pick<Guardians, "provider">): Promise<bigint> {
  return BigInt((await g.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000));
}

export interface OpenOptions {
  signer: Signer;
  /** The deployment to use (readDeployment reads deployments/<network>.json; a browser parses the one it fetched). */
  deployment: Deployment;
  confirmations?: number;
  progress?: Progress;
  pollMs?: number;
  /** The network's name as the user knows it (e.g. hardhat, sepolia), for error messages. */
  networkName?: string;
}

export async function openGuardians(options: OpenOptions): Promise<Guardians> {
  const provider = options.signer.provider;
  if (!provider) throw new ConfigError("the signer is not connected to a network");
  const deployment = options.deployment;
  const chainId = Number((await provider.getNetwork()).chainId);
  if (chainId !== deployment.chainId)
    throw new ConfigError(`${deployment.file} is for chain ${deployment.chainId}, but the network is chain ${chainId}`);
  const protocol = await connectProtocol(deployment, options.signer);
  const confirmations = options.confirmations ?? 1;
  const progress = options.progress ?? silentProgress;
  const account = await options.signer.getAddress();
  const networkName = options.networkName ?? `chain ${chainId}`;
  return {
    signer: options.signer,
    provider,
    account,
    protocol,
    confirmations,
    progress,
    send: (action, send, hints) =>
      sendTx(provider, action, send, {
        confirmations,
        progress,
        decoder: protocol.decoder,
        hints,
        pollMs: options.pollMs,
        account,
        networkName,
      }),
  };
}
