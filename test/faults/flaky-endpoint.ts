/**
 * An RPC endpoint whose node can die mid-deployment, for fault tests: a JSON-RPC forwarder on 127.0.0.1 in front of a
 * real `npx hardhat node` (test/support/node.ts). The deployer only knows the endpoint's URL, as it would know a
 * provider's. The endpoint keeps every raw transaction the node accepted, in order, so that a restarted node can be
 * brought back to the chain the dead one had (a Hardhat node keeps its chain in memory; a real node keeps it on disk).
 */
import http from "node:http";
import type net from "node:net";

import { LocalNode, startLocalNode } from "../support/node";

/** When the node dies: while handling the deployer's transaction number `index` (0-based), before or after accepting it. */
export interface NodeDeath {
  index: number;
  /** true: the node mines the transaction and dies before answering; false: it dies before receiving it. */
  accepted: boolean;
}

interface RpcRequest {
  method: string;
  params?: unknown[];
}

export class FlakyEndpoint {
  /** Raw transactions the current chain holds, in the order they were mined. */
  readonly chain: string[] = [];
  private node: LocalNode | undefined;
  private death: NodeDeath | undefined;
  private died: Promise<void> | undefined;
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly url: string,
    server: http.Server,
  ) {
    this.server = server;
  }

  static async start(): Promise<FlakyEndpoint> {
    let endpoint: FlakyEndpoint | undefined;
    const server = http.createServer((req, res) => void endpoint?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    endpoint = new FlakyEndpoint(`http://127.0.0.1:${port}`, server);
    server.on("connection", (socket) => {
      endpoint?.sockets.add(socket);
      socket.on("close", () => endpoint?.sockets.delete(socket));
    });
    endpoint.node = await startLocalNode();
    return endpoint;
  }

  /** Arms a node death; `nodeDied()` resolves once it has happened. */
  killNodeAt(death: NodeDeath): void {
    this.death = death;
  }

  get nodeIsUp(): boolean {
    return this.node !== undefined;
  }

  /** Resolves once the armed death happened (rejects if it never does within the deployment). */
  async nodeDied(): Promise<void> {
    if (!this.died) throw new Error("no node death happened");
    await this.died;
  }

  /** Starts a fresh node and replays the dead node's chain into it, transaction by transaction. */
  async restartNode(): Promise<void> {
    if (this.node) throw new Error("the node is still running");
    const node = await startLocalNode();
    for (const raw of this.chain) await node.rpc("eth_sendRawTransaction", [raw]);
    this.node = node;
  }

  async rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    if (!this.node) throw new Error("the node is down");
    return this.node.rpc<T>(method, params);
  }

  async stop(): Promise<void> {
    await this.node?.stop();
    this.node = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
    const requests = Array.isArray(parsed) ? parsed : [parsed];
    const raw = requests.find((r) => r.method === "eth_sendRawTransaction")?.params?.[0] as string | undefined;

    const dies = raw !== undefined && this.death !== undefined && this.death.index === this.chain.length;
    if (dies && !this.death?.accepted) return this.killNode(req);
    if (!this.node) {
      req.socket.destroy(); // connection refused, as from a dead node
      return;
    }
    let answer: string;
    try {
      const response = await fetch(this.node.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      answer = await response.text();
    } catch {
      req.socket.destroy();
      return;
    }
    if (raw !== undefined && !answer.includes('"error"')) this.chain.push(raw);
    if (dies) return this.killNode(req);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(answer);
  }

  /** Kills the node process and drops the deployer's connection without an answer. */
  private killNode(req: http.IncomingMessage): void {
    this.death = undefined;
    const node = this.node;
    this.node = undefined;
    req.socket.destroy();
    this.died = node ? node.stop() : Promise.resolve();
  }
}
