/**
 * The demo's hold on the node's mining mode and on how long it waits. It changes the mining mode in
 * one place (the disclosure, which needs a block after the commitment) and puts it back as it found
 * it, even when the step throws; every chain step it waits for is bounded, failing in one line
 * instead of hanging on a node that mines no blocks.
 */
import { UserError } from "../../core/errors";

/** The JSON-RPC side of a node: Hardhat's EIP-1193 provider, or anything with `send`. */
export interface RpcNode {
  send(method: string, params?: unknown[]): Promise<unknown>;
}

/** Which local node answers, by the namespace of its mining methods. */
type NodeKind = "hardhat" | "anvil" | "unknown";

/**
 * The node's kind, by its client version (Anvil also answers Hardhat's `hardhat_*` methods, so the
 * namespace cannot tell them apart, and the two read an interval in different units), and its
 * automine flag (undefined when it exposes none).
 */
async function automineOf(node: RpcNode): Promise<{ kind: NodeKind; automine: boolean | undefined }> {
  let version = "";
  try {
    version = String(await node.send("web3_clientVersion", []));
  } catch {
    // A node without web3_clientVersion: neither of the two.
  }
  const kind: NodeKind = /anvil/i.test(version) ? "anvil" : /hardhat/i.test(version) ? "hardhat" : "unknown";
  if (kind === "unknown") return { kind, automine: undefined };
  try {
    return { kind, automine: (await node.send(`${kind}_getAutomine`, [])) === true };
  } catch {
    return { kind, automine: undefined };
  }
}

/**
 * Runs `work` with blocks mined on an interval, so a step that waits for a later block gets one on a
 * node that would otherwise only mine its own transactions; then restores the node's mining mode, even
 * when `work` throws. A node that does not automine already mines (or is mined) on its own schedule
 * and is left untouched. Hardhat's interval is in milliseconds, Anvil's in seconds, and on Anvil an
 * interval of 0 also switches automine off: automine is switched back on explicitly.
 */
export async function withIntervalMining<T>(node: RpcNode, work: () => Promise<T>): Promise<T> {
  const { kind, automine } = await automineOf(node);
  if (automine === false) return work();
  await node.send("evm_setIntervalMining", [kind === "anvil" ? 1 : 200]);
  try {
    return await work();
  } finally {
    await node.send("evm_setIntervalMining", [0]);
    await node.send("evm_setAutomine", [true]);
  }
}

/** How long the demo waits for one chain step: proving steps get longer than plain transactions. */
export const STEP_TIMEOUTS = {
  /** Deployment and enrolment, proving and submitting, aggregating and governing. */
  proving: 600_000,
  /** A transaction or a read: opening a round, a disclosure, claims, balances. */
  plain: 120_000,
} as const;

/**
 * `work`, or a one-line UserError once `ms` have passed without it settling: a node that mines no
 * blocks (automine off, no interval) would otherwise keep the demo waiting for ever.
 */
export async function withinTimeout<T>(step: string, ms: number, network: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UserError(
            `the demo waited ${ms / 1000} s for "${step}" on ${network} and gave up: is the node mining (automine or interval mining on)?`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
