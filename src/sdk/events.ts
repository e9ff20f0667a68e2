import type { BaseContract, ContractEventName, EventLog, Log } from "ethers";

import { silentProgress, type Progress } from "../core/progress";

export interface PagingOptions {
  fromBlock: number;
  /** Inclusive; defaults to the latest block. */
  toBlock?: number;
  /** Blocks per eth_getLogs request; public RPCs cap ranges (often 10k, sometimes 1k or less). */
  pageSize?: number;
  progress?: Progress;
  /** Label of the progress step. */
  label?: string;
}

/** Default page: small enough for public RPC providers, large enough to sync a testnet quickly. */
export const DEFAULT_PAGE_SIZE = 5_000;

/** A provider that refuses a range (too many blocks or results) says so in many dialects. */
function isRangeTooLarge(error: unknown): boolean {
  const text = JSON.stringify(error, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
  const message = `${(error as Error)?.message ?? ""} ${text}`;
  return /block range|range is too|too many|limit exceeded|exceeds|query returned more than|response size/i.test(message);
}

/**
 * All logs of `event` between two blocks, fetched in pages. When a provider rejects a page as too
 * large, the page is halved and retried, so one call works against any RPC's limits. Logs come
 * back in chain order.
 */
export async function queryEventsPaged(
  contract: BaseContract,
  event: ContractEventName,
  options: PagingOptions,
): Promise<Array<EventLog | Log>> {
  const runner = contract.runner;
  const provider = runner && "getBlockNumber" in runner ? runner : runner?.provider;
  if (!provider || !("getBlockNumber" in provider)) throw new Error("queryEventsPaged: the contract has no provider");
  const toBlock = options.toBlock ?? (await (provider as { getBlockNumber(): Promise<number> }).getBlockNumber());
  let pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
  const progress = options.progress ?? silentProgress;
  const span = Math.max(1, toBlock - options.fromBlock + 1);
  const step = progress.step(options.label ?? "reading events", span);
  const logs: Array<EventLog | Log> = [];
  let from = options.fromBlock;
  let pages = 0;
  while (from <= toBlock) {
    const to = Math.min(toBlock, from + pageSize - 1);
    try {
      logs.push(...(await contract.queryFilter(event, from, to)));
    } catch (error) {
      if (pageSize > 1 && isRangeTooLarge(error)) {
        pageSize = Math.max(1, Math.floor(pageSize / 2));
        continue;
      }
      throw error;
    }
    pages += 1;
    step.update(to - options.fromBlock + 1, span, `block ${to}`);
    from = to + 1;
  }
  step.done(`${logs.length} events, ${pages} page${pages === 1 ? "" : "s"}`);
  return logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}
