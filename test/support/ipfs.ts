/**
 * A TEST DOUBLE of a Kubo (go-ipfs) node, not IPFS: one HTTP server on 127.0.0.1 that implements
 * the two endpoints the SDK uses, with the semantics of Kubo's RPC and gateway for a single small file:
 *
 *   POST /api/v0/add?cid-version=1&raw-leaves=true&pin=true   (multipart/form-data, one file)
 *        → {"Name":…,"Hash":<CIDv1 raw-leaf sha2-256, base32>,"Size":…}
 *   GET  /ipfs/<cid>                                           → the stored bytes (404 if unknown)
 *
 * Its CID is computed here, independently of src/sdk/model/source.ts (its own base32 encoder), so
 * the SDK's CID check is tested against a second implementation. `serve` overrides what the
 * gateway answers for a CID, to play a lying gateway.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeKubo {
  /** http://127.0.0.1:<port>: both the RPC API and the gateway. */
  url: string;
  /** Bytes added, by CID. */
  blocks: Map<string, Uint8Array>;
  /** Makes the gateway answer `bytes` for `cid`, whatever was added. */
  serve(cid: string, bytes: Uint8Array): void;
  /** The add requests received (their query strings), in order. */
  adds: URLSearchParams[];
  close(): Promise<void>;
}

/** RFC 4648 base32, lowercase, unpadded: written out bit by bit, the slow and obvious way. */
function base32(bytes: Uint8Array): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, "0")).join("");
  let out = "";
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  return out;
}

/** The CID Kubo gives a single-block file added with --cid-version=1 --raw-leaves: b + base32(0x01 0x55 0x12 0x20 sha256). */
export function kuboRawLeafCid(bytes: Uint8Array): string {
  const digest = createHash("sha256").update(bytes).digest();
  return `b${base32(Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), digest]))}`;
}

/** The first part's content of a multipart/form-data body. */
function firstPart(body: Buffer, contentType: string): { name: string; bytes: Buffer } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (boundary === null) throw new Error("no multipart boundary");
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(delimiter);
  const headersEnd = body.indexOf("\r\n\r\n", start);
  const end = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headersEnd);
  if (start < 0 || headersEnd < 0 || end < 0) throw new Error("malformed multipart body");
  const headers = body.subarray(start, headersEnd).toString();
  const name = /filename="([^"]*)"/.exec(headers)?.[1] ?? "";
  return { name, bytes: body.subarray(headersEnd + 4, end) };
}

export async function startFakeKubo(): Promise<FakeKubo> {
  const blocks = new Map<string, Uint8Array>();
  const overrides = new Map<string, Uint8Array>();
  const adds: URLSearchParams[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST" && url.pathname === "/api/v0/add") {
        adds.push(url.searchParams);
        try {
          const { name, bytes } = firstPart(Buffer.concat(chunks), request.headers["content-type"] ?? "");
          const cid = kuboRawLeafCid(bytes);
          blocks.set(cid, new Uint8Array(bytes));
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify({ Name: name, Hash: cid, Size: String(bytes.length) }) + "\n");
        } catch (error) {
          response.writeHead(400).end(JSON.stringify({ Message: String(error), Code: 0, Type: "error" }));
        }
        return;
      }
      const gateway = /^\/ipfs\/([A-Za-z0-9]+)$/.exec(url.pathname);
      if (request.method === "GET" && gateway !== null) {
        const bytes = overrides.get(gateway[1]) ?? blocks.get(gateway[1]);
        if (bytes === undefined) response.writeHead(404).end("not found");
        else response.writeHead(200).end(bytes);
        return;
      }
      response.writeHead(404).end("no such endpoint");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    blocks,
    adds,
    serve: (cid, bytes) => void overrides.set(cid, bytes),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
