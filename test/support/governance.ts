import { network } from "hardhat";

export * from "../../src/deployment/local/governance";

// ------------------------------------------------------------------ the mempool (front-running tests)

/** A transaction waiting in the in-process node's mempool. */
export interface PendingTx {
  hash: string;
  from: string;
  to: string | null;
  data: string;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/**
 * Runs `body` with automining off: transactions wait in the mempool, where a test can read them
 * (`nextPending`) and send others ahead of them (`outbid`), until `mineBlock`. Automining comes back
 * afterwards, with one block mined so that a transaction sent just before it is not left pending.
 * `body` must not return a promise of a transaction still to be mined (it would never be): keep such
 * a promise outside and await it after.
 */
export async function withManualMining<T>(body: () => Promise<T>): Promise<T> {
  await network.provider.send("evm_setAutomine", [false]);
  try {
    return await body();
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
    await network.provider.send("evm_mine");
  }
}

/** Mines one block with the mempool's transactions, highest tip first. */
export async function mineBlock(): Promise<void> {
  await network.provider.send("evm_mine");
}

/** Waits (polling, at most `timeoutMs`) for a pending transaction from `from` to `to`, and returns it. */
export async function nextPending(
  from: { getAddress(): Promise<string> } | string,
  to: { getAddress(): Promise<string> } | string,
  timeoutMs = 20_000,
): Promise<PendingTx> {
  const sender = (typeof from === "string" ? from : await from.getAddress()).toLowerCase();
  const target = (typeof to === "string" ? to : await to.getAddress()).toLowerCase();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const block = await network.provider.send("eth_getBlockByNumber", ["pending", true]);
    const found = (block?.transactions ?? []).find(
      (tx: { from: string; to: string | null }) => tx.from.toLowerCase() === sender && tx.to?.toLowerCase() === target,
    );
    if (found)
      return {
        hash: found.hash,
        from: found.from,
        to: found.to,
        data: found.input,
        maxFeePerGas: BigInt(found.maxFeePerGas ?? found.gasPrice),
        maxPriorityFeePerGas: BigInt(found.maxPriorityFeePerGas ?? found.gasPrice),
      };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no pending transaction from ${sender} to ${target} within ${timeoutMs} ms`);
}

/** Fees that put a transaction ahead of `pending` in the same block (the mempool orders by tip), and a fixed gas limit so no estimate runs. */
export function outbid(pending: PendingTx): { gasLimit: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } {
  const fee = pending.maxFeePerGas * 2n;
  return { gasLimit: 3_000_000n, maxFeePerGas: fee, maxPriorityFeePerGas: fee };
}
