/**
 * Local-node conveniences (`local fund`, `local advance`): give an account ETH, move the clock.
 * They refuse any network but the local ones before sending anything.
 */
import { formatEther, getAddress, isAddress, toQuantity, type Signer } from "ethers";

import { ArgumentError, UserError } from "./errors";
import { LOCAL_NETWORKS } from "./wallet";

/** The raw JSON-RPC a local node answers (hre.ethers.provider, a JsonRpcProvider). */
export interface RpcProvider {
  send(method: string, params: unknown[]): Promise<unknown>;
  getBalance(address: string): Promise<bigint>;
}

/** Refuses anything but hardhat / localhost: these calls exist only on development nodes. */
export function requireLocalNetwork(networkName: string, what: string): void {
  if (!LOCAL_NETWORKS.includes(networkName))
    throw new ArgumentError(`${what} works on ${LOCAL_NETWORKS.join(" or ")} only, not on ${networkName}; nothing was sent`);
}

export interface Funded {
  address: string;
  balance: bigint;
  /** hardhat_setBalance, anvil_setBalance, or a transfer from the node's first account. */
  method: string;
}

/**
 * Adds `wei` ETH to `to` on a local node: with hardhat_setBalance or anvil_setBalance when the node
 * has one, else by a transfer from `firstAccount` (the node's first development account).
 */
export async function fundLocal(
  provider: RpcProvider,
  networkName: string,
  to: string,
  wei: bigint,
  firstAccount?: () => Promise<Signer>,
): Promise<Funded> {
  requireLocalNetwork(networkName, "local fund");
  if (!isAddress(to)) throw new ArgumentError(`--to must be an address (0x + 40 hex digits), got "${to}"`);
  if (wei <= 0n) throw new ArgumentError("--eth must be positive");
  const address = getAddress(to);
  const target = (await provider.getBalance(address)) + wei;
  for (const method of ["hardhat_setBalance", "anvil_setBalance"]) {
    try {
      await provider.send(method, [address, toQuantity(target)]);
      return { address, balance: await provider.getBalance(address), method };
    } catch {
      // This node does not have that method: try the next way.
    }
  }
  if (!firstAccount) throw new UserError(`the node on ${networkName} cannot set balances and has no account to send from`);
  const signer = await firstAccount();
  const from = await signer.getAddress();
  const available = await provider.getBalance(from);
  if (available < wei)
    throw new UserError(
      `the node's first account ${from} has ${formatEther(available)} ETH, less than the ${formatEther(wei)} ETH asked`,
    );
  await (await signer.sendTransaction({ to: address, value: wei })).wait();
  return { address, balance: await provider.getBalance(address), method: `a transfer from ${from}` };
}

/** Moves a local node's clock forward by `seconds` and mines a block at the new time. */
export async function advanceLocal(
  provider: RpcProvider,
  networkName: string,
  seconds: number,
): Promise<{ blockNumber: number; timestamp: number }> {
  requireLocalNetwork(networkName, "local advance");
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new ArgumentError("--seconds must be a non-negative integer");
  await provider.send("evm_increaseTime", [seconds]);
  await provider.send("evm_mine", []);
  const block = (await provider.send("eth_getBlockByNumber", ["latest", false])) as { number: string; timestamp: string };
  return { blockNumber: Number(block.number), timestamp: Number(block.timestamp) };
}
