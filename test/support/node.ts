import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

import { PROJECT_ROOT } from "../../src/core/paths";

/** The project root, where `npx hardhat` finds hardhat.config.ts. */
export { PROJECT_ROOT };

export interface TaskResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Kill the task when its output (stdout + stderr) matches; the result then has code null. */
  killWhen?: RegExp;
  timeoutMs?: number;
}

/** A real `npx hardhat node` on 127.0.0.1, and a way to run tasks against it as a user would. */
export interface LocalNode {
  url: string;
  port: number;
  /** A raw JSON-RPC call (evm_increaseTime, evm_mine, …). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** `npx hardhat <args> --network localhost`, as a child process. */
  hardhat(args: string[], options?: RunOptions): Promise<TaskResult>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Kills a child and everything it started (npx → node), by its process group. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function collect(child: ChildProcess, options: RunOptions): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let killed = false;
    const check = () => {
      if (!killed && options.killWhen && options.killWhen.test(stdout + stderr)) {
        killed = true;
        killGroup(child, "SIGKILL");
      }
    };
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL");
      reject(new Error(`timed out after ${options.timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 300_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: killed ? null : code, stdout, stderr });
    });
  });
}

/** The project's Hardhat CLI, what `npx hardhat` runs. */
export const HARDHAT_BIN = path.join(PROJECT_ROOT, "node_modules", ".bin", "hardhat");

/**
 * The two node implementations the tasks are tested against: Hardhat's own, and Anvil (Foundry's, in
 * Rust, from the @foundry-rs/anvil npm package), so that nothing depends on one node's quirks. Both
 * start with the same development mnemonic, hence the same funded accounts, and chain id 31337.
 */
export type NodeKind = "hardhat" | "anvil";

const NODE_COMMANDS: Record<NodeKind, { command: (port: number) => [string, string[]]; ready: string }> = {
  hardhat: {
    command: (port) => ["npx", ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port)]],
    ready: "Started HTTP and WebSocket JSON-RPC server",
  },
  anvil: {
    command: (port) => [
      path.join(PROJECT_ROOT, "node_modules", ".bin", "anvil"),
      ["--host", "127.0.0.1", "--port", String(port)],
    ],
    ready: "Listening on",
  },
};

/** Starts a node (`npx hardhat node` by default) on a free port and resolves once it accepts JSON-RPC. */
export async function startLocalNode(kind: NodeKind = "hardhat"): Promise<LocalNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [command, args] = NODE_COMMANDS[kind].command(port);
  const node = spawn(command, args, {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env },
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} node did not start in 120 s:\n${log}`)), 120_000);
    node.stdout?.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes(NODE_COMMANDS[kind].ready)) {
        clearTimeout(timer);
        resolve();
      }
    });
    node.stderr?.on("data", (d: Buffer) => (log += d.toString()));
    node.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} node exited with ${code}:\n${log}`));
    });
  });
  // Drain the node's log so its pipe never fills and blocks it.
  node.stdout?.removeAllListeners("data");
  node.stdout?.resume();
  node.removeAllListeners("exit");

  let rpcId = 0;
  return {
    url,
    port,
    async rpc<T>(method: string, params: unknown[] = []): Promise<T> {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
      });
      const body = (await response.json()) as { result?: T; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result as T;
    },
    hardhat(args, options = {}) {
      // The binary `npx hardhat` resolves to, run directly: the same CLI, without npx's own start-up.
      const child = spawn(HARDHAT_BIN, [...args, "--network", "localhost"], {
        cwd: PROJECT_ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, LOCALHOST_RPC_URL: url, ...options.env },
      });
      return collect(child, options);
    },
    async stop() {
      if (node.exitCode !== null) return;
      const exited = new Promise((resolve) => node.on("exit", resolve));
      killGroup(node, "SIGTERM");
      const timer = setTimeout(() => killGroup(node, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
