/**
 * Publishing model files (docs/MODELS.md, "Publishing and fetching a model"): a version's canonical
 * file goes to a directory an HTTP server serves (named by its weightsHash) or to IPFS through a
 * Kubo RPC API, and the URI it returns is what a coordinator registers with the version. A static
 * server for such a directory (serveModelDirectory) is here too.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { UserError } from "../../core/errors";
import { ArgumentError } from "../errors";
import { artifactHash, parseArtifact } from "./artifact";
import { rawLeafCid, rawLeafCidDigest } from "./source";

/** Where publishModelFile puts a file. */
export type ModelPublishTarget =
  /** A folder a web server serves at `baseUrl`: the file is `<dir>/<weightsHash without 0x>.json`. */
  | { kind: "directory"; dir: string; baseUrl: string }
  /** A Kubo (go-ipfs) node's RPC API, e.g. http://127.0.0.1:5001: the file is added and pinned. */
  | { kind: "ipfs"; api: string; timeoutMs?: number };

export interface PublishedModel {
  /** The URI to register with the version (and that fetchModelBytes reads). */
  uri: string;
  /** keccak256 of the file: the version's on-chain weightsHash. */
  weightsHash: `0x${string}`;
  bytes: number;
}

/** The file could not be published; nothing was registered and, for a directory, nothing written. */
export class ModelPublishError extends UserError {
  override name = "ModelPublishError";
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** A server's answer cut to one short line, for an error message. */
const shortText = (text: string): string => text.replace(/\s+/g, " ").trim().slice(0, 200);

/** The name a file is published under in a directory: its weightsHash without 0x, then ".json". */
export const publishedFileName = (weightsHash: string): string => `${weightsHash.replace(/^0x/, "").toLowerCase()}.json`;

/** Reads a model file and refuses, in one line, a missing file or one that is not a canonical guardians-model/1 file. */
export function readModelFile(file: string): { bytes: Uint8Array; weightsHash: `0x${string}` } {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new ArgumentError(`no model file at ${file}`);
  const bytes = new Uint8Array(fs.readFileSync(file));
  try {
    parseArtifact(bytes);
  } catch (error) {
    throw new ArgumentError(`${file} is not a guardians-model/1 file (${messageOf(error)})`);
  }
  return { bytes, weightsHash: artifactHash(bytes) };
}

/**
 * Publishes a model file (a path) after checking it is a canonical guardians-model/1 file, and
 * returns its URI and weightsHash. To a directory: an atomic write (a temporary file renamed into
 * place) of `<hash>.json`, refusing to replace a different file of that name (the same file is
 * left as it is), URI `<baseUrl>/<hash>.json`. To IPFS: added and pinned as a CIDv1 with raw
 * leaves, URI `ipfs://<cid>`; a raw-leaf CID the node answers must name the file's sha2-256.
 */
export async function publishModelFile(file: string, target: ModelPublishTarget): Promise<PublishedModel> {
  if (target.kind === "directory") checkBaseUrl(target.baseUrl);
  else checkHttpUrl(target.api, "IPFS API");
  const { bytes, weightsHash } = readModelFile(file);
  const uri =
    target.kind === "directory" ? publishToDirectory(bytes, weightsHash, target) : await publishToIpfs(file, bytes, target);
  return { uri, weightsHash, bytes: bytes.length };
}

function checkHttpUrl(url: string, what: string): void {
  if (!/^https?:\/\/[^/]/i.test(url)) throw new ArgumentError(`the ${what} must be an http:// or https:// URL, got "${url}"`);
}

function checkBaseUrl(baseUrl: string): void {
  if (!/^(https?:\/\/[^/]|file:\/\/)/i.test(baseUrl))
    throw new ArgumentError(`the base URL must be an http://, https:// or file:// URL, got "${baseUrl}"`);
}

function publishToDirectory(bytes: Uint8Array, weightsHash: string, target: { dir: string; baseUrl: string }): string {
  const name = publishedFileName(weightsHash);
  const destination = path.join(target.dir, name);
  const uri = `${target.baseUrl.replace(/\/+$/, "")}/${name}`;
  if (fs.existsSync(target.dir) && !fs.statSync(target.dir).isDirectory())
    throw new ArgumentError(`${target.dir} is not a directory`);
  if (fs.existsSync(destination)) {
    const existing = fs.readFileSync(destination);
    if (Buffer.compare(existing, bytes) === 0) return uri;
    throw new ModelPublishError(
      `${destination} exists and is a different file (keccak256 ${artifactHash(new Uint8Array(existing))}); not replaced`,
    );
  }
  fs.mkdirSync(target.dir, { recursive: true });
  const temporary = path.join(target.dir, `.${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    fs.writeFileSync(temporary, bytes, { flag: "wx" });
    fs.renameSync(temporary, destination);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new ModelPublishError(`cannot write ${destination}: ${messageOf(error)}`);
  }
  return uri;
}

async function publishToIpfs(file: string, bytes: Uint8Array, target: { api: string; timeoutMs?: number }): Promise<string> {
  const url = `${target.api.replace(/\/+$/, "")}/api/v0/add?cid-version=1&raw-leaves=true&pin=true`;
  const refuse = (reason: string): never => {
    throw new ModelPublishError(`cannot add ${file} to IPFS through ${target.api}: ${reason}`);
  };
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "application/octet-stream" }), path.basename(file));
  const timeoutMs = target.timeoutMs ?? 60_000;
  const signal = AbortSignal.timeout(timeoutMs);
  let text = "";
  try {
    const response = await fetch(url, { method: "POST", body: form, signal });
    text = await response.text();
    if (response.status !== 200) refuse(`HTTP ${response.status} ${shortText(text)}`);
  } catch (error) {
    if (error instanceof ModelPublishError) throw error;
    if (signal.aborted) refuse(`no answer within ${timeoutMs} ms`);
    const cause = (error as { cause?: unknown }).cause;
    refuse(`unreachable (${messageOf(cause ?? error)})`);
  }
  // Kubo answers one JSON object per added entry, one a line; a lone file is one line.
  let hash: unknown;
  try {
    const lines = text.trim().split("\n");
    hash = (JSON.parse(lines[lines.length - 1]) as { Hash?: unknown }).Hash;
  } catch {
    refuse(`the answer is not Kubo's JSON ({"Name","Hash","Size"}): ${shortText(text)}`);
  }
  if (typeof hash !== "string" || !/^[A-Za-z0-9]+$/.test(hash)) return refuse(`the answer has no CID: ${shortText(text)}`);
  // A single-block file with raw leaves is one raw block: its CID is then known in advance.
  if (rawLeafCidDigest(hash) !== undefined && hash !== rawLeafCid(bytes))
    refuse(`the node named the file ${hash}, its raw-leaf CID is ${rawLeafCid(bytes)}`);
  return `ipfs://${hash}`;
}

// ─── A static server for a published directory ───────────────────────────────────────────────────

export interface ModelDirectoryServer {
  /** http://<host>:<port>, the base URL of the directory's files. */
  url: string;
  close(): Promise<void>;
}

/** A file name the server serves: one path segment, no dot segments, no separators. */
const SERVED_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Serves the regular files directly in `dir` over HTTP GET (no listing, no subfolders, no symbolic
 * links, no dot files, nothing outside `dir`): what `model serve` runs for a publish --dir folder.
 * Port 0 picks a free port; `url` says which.
 */
export async function serveModelDirectory(dir: string, port = 0, host = "127.0.0.1"): Promise<ModelDirectoryServer> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ArgumentError(`no directory at ${dir}`);
  const root = fs.realpathSync(dir);
  const server = http.createServer((request, response) => {
    const answer = (status: number, text: string, headers: http.OutgoingHttpHeaders = {}) => {
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
      response.end(`${text}\n`);
    };
    if (request.method !== "GET") return answer(405, "only GET", { allow: "GET" });
    const rawPath = (request.url ?? "/").split(/[?#]/)[0];
    let name: string;
    try {
      name = decodeURIComponent(rawPath.replace(/^\//, ""));
    } catch {
      return answer(400, "bad path");
    }
    if (!SERVED_NAME.test(name)) return answer(404, "not found");
    const file = path.join(root, name);
    // The name has no separator, so file is directly in root; lstat refuses symbolic links out.
    if (path.dirname(file) !== root) return answer(404, "not found");
    fs.lstat(file, (error, stat) => {
      if (error || !stat.isFile()) return answer(404, "not found");
      response.writeHead(200, {
        "content-type": name.endsWith(".json") ? "application/json" : "application/octet-stream",
        "content-length": stat.size,
      });
      fs.createReadStream(file)
        .on("error", () => response.destroy())
        .pipe(response);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new UserError(`cannot serve ${dir} on ${host}:${port}: ${messageOf(error)}`)));
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
