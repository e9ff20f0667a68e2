/**
 * Fetching model files (docs/MODELS.md, "Publishing and fetching a model"): the bytes behind a
 * version's on-chain `uri`, from a local path, `file://`, `http(s)://` or `ipfs://` through an HTTP
 * gateway. A fetched file is trusted only because its keccak256 is the version's on-chain
 * `weightsHash` and its provenance verifies (fetchModelVersion); where the source is not a single
 * file, nothing else is assumed of it.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { UserError } from "../../core/errors";
import type { Protocol } from "../deployments";
import { artifactHash } from "./artifact";
import { formatVerificationReport, type ModelVerificationReport } from "./verify";
import { modelVersionInfo, verifyModel } from "./chain";

/** The IPFS gateway `ipfs://` URIs are fetched through when none is given (a local Kubo node's). */
export const DEFAULT_IPFS_GATEWAY = "http://127.0.0.1:8080";
/** The largest model file fetched unless maxBytes says otherwise: 64 MiB. */
export const DEFAULT_MAX_MODEL_BYTES = 64 * 1024 * 1024;
/** How long one fetch may take, connection and body, unless timeoutMs says otherwise. */
export const DEFAULT_FETCH_TIMEOUT_MS = 60_000;

export interface FetchModelOptions {
  /** The HTTP gateway for ipfs:// URIs, as `<gateway>/ipfs/<cid>/<path>` (default DEFAULT_IPFS_GATEWAY). */
  gateway?: string;
  /** Milliseconds one HTTP fetch may take in all (default DEFAULT_FETCH_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The largest file accepted, in bytes (default DEFAULT_MAX_MODEL_BYTES). */
  maxBytes?: number;
}

/** A model file could not be fetched, or is not the one the chain or its CID names. */
export class ModelSourceError extends UserError {
  override name = "ModelSourceError";
}

const refuse = (uri: string, reason: string): never => {
  throw new ModelSourceError(`cannot fetch model ${uri}: ${reason}`);
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// ─── CIDs ────────────────────────────────────────────────────────────────────────────────────────

const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** RFC 4648 base32, lowercase, no padding; undefined for any other character or a non-zero tail. */
export function base32Decode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  // At most 7 leftover bits, all zero: anything else is not the encoding of whole bytes.
  if (bits >= 5 || buffer !== 0) return undefined;
  return new Uint8Array(out);
}

/** RFC 4648 base32, lowercase, no padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** CIDv1, codec raw (0x55), multihash sha2-256 (0x12) of 32 bytes: the prefix of a raw-leaf CID. */
const RAW_LEAF_PREFIX = [0x01, 0x55, 0x12, 0x20];

/**
 * The sha2-256 digest a CID names when it is a CIDv1 raw-leaf single-block CID in base32 ("bafkrei…"):
 * then the block IS the file, and sha256(file) must be the digest. undefined for any other CID (a
 * CIDv0 "Qm…", a dag-pb file of several blocks, another codec or hash): those name a DAG, which
 * this client does not rebuild, so for them the keccak256 check against the chain is the only one.
 */
export function rawLeafCidDigest(cid: string): Uint8Array | undefined {
  if (!cid.startsWith("b")) return undefined;
  const bytes = base32Decode(cid.slice(1));
  if (bytes === undefined || bytes.length !== RAW_LEAF_PREFIX.length + 32) return undefined;
  if (RAW_LEAF_PREFIX.some((byte, i) => bytes[i] !== byte)) return undefined;
  return bytes.slice(RAW_LEAF_PREFIX.length);
}

/** The CIDv1 raw-leaf sha2-256 CID of a single-block file, as `ipfs add --cid-version=1 --raw-leaves` names it. */
export function rawLeafCid(bytes: Uint8Array): string {
  const digest = createHash("sha256").update(bytes).digest();
  return `b${base32Encode(new Uint8Array([...RAW_LEAF_PREFIX, ...digest]))}`;
}

const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

// ─── Sources ─────────────────────────────────────────────────────────────────────────────────────

/** A URI's scheme, lowercase, or undefined for a plain path (one-letter "schemes" are drive letters). */
function schemeOf(uri: string): string | undefined {
  return /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(uri)?.[1].toLowerCase();
}

function readLocal(uri: string, file: string, maxBytes: number): Uint8Array {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return refuse(uri, `no file at ${file}`);
  }
  if (!stat.isFile()) refuse(uri, `${file} is not a file`);
  if (stat.size > maxBytes) refuse(uri, `the file has ${stat.size} bytes, more than the limit of ${maxBytes}`);
  return new Uint8Array(fs.readFileSync(file));
}

async function readHttp(uri: string, url: string, timeoutMs: number, maxBytes: number): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = (): never => refuse(uri, `no answer within ${timeoutMs} ms from ${url}`);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) return timedOut();
    const cause = (error as { cause?: unknown }).cause;
    return refuse(uri, `${url} is unreachable (${cause === undefined ? messageOf(error) : messageOf(cause)})`);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    refuse(uri, `${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  }
  const tooBig = (size: number | string): never => refuse(uri, `${url} has ${size} bytes, more than the limit of ${maxBytes}`);
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    tooBig(declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    if (response.body !== null)
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > maxBytes) {
          await response.body.cancel().catch(() => undefined);
          return tooBig(`more than ${maxBytes}`);
        }
        chunks.push(chunk);
      }
  } catch (error) {
    if (error instanceof ModelSourceError) throw error;
    if (signal.aborted) return timedOut();
    return refuse(uri, `reading ${url} failed (${messageOf(error)})`);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The bytes a model URI names: a local path (relative to the working directory), `file://`,
 * `http://` / `https://`, or `ipfs://<cid>[/path]` through `options.gateway`. Any other scheme, an
 * HTTP status but 200, a timeout or a file larger than maxBytes is refused in one line naming the URI.
 * A bare `ipfs://<cid>` whose CID is a CIDv1 raw-leaf sha2-256 CID is also checked against the
 * bytes (the gateway cannot substitute them); other CIDs are not (see rawLeafCidDigest).
 */
export async function fetchModelBytes(uri: string, options: FetchModelOptions = {}): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MODEL_BYTES;
  if (uri.trim() === "") refuse(JSON.stringify(uri), "the URI is empty");
  const scheme = schemeOf(uri);
  switch (scheme) {
    case undefined:
      return readLocal(uri, path.resolve(uri), maxBytes);
    case "file": {
      let file: string;
      try {
        file = fileURLToPath(uri);
      } catch (error) {
        return refuse(uri, `not a local file URL (${messageOf(error)})`);
      }
      return readLocal(uri, file, maxBytes);
    }
    case "http":
    case "https":
      return readHttp(uri, uri, timeoutMs, maxBytes);
    case "ipfs": {
      const match = /^ipfs:\/\/([A-Za-z0-9]+)(\/[^?#]*)?$/.exec(uri);
      if (match === null) return refuse(uri, "an IPFS URI is ipfs://<cid> or ipfs://<cid>/<path>");
      const [, cid, subpath = ""] = match;
      const gateway = (options.gateway ?? DEFAULT_IPFS_GATEWAY).replace(/\/+$/, "");
      if (!/^https?:\/\//i.test(gateway)) refuse(uri, `the IPFS gateway must be an http(s):// URL, got "${gateway}"`);
      const bytes = await readHttp(uri, `${gateway}/ipfs/${cid}${subpath}`, timeoutMs, maxBytes);
      // A path inside the CID names a file of a directory DAG: only the keccak256 check applies.
      const digest = subpath.replace(/\/+$/, "") === "" ? rawLeafCidDigest(cid) : undefined;
      if (digest !== undefined && sha256Hex(bytes) !== hex(digest))
        refuse(uri, `the gateway ${gateway} served bytes whose sha2-256 is ${sha256Hex(bytes)}, the CID names ${hex(digest)}`);
      return bytes;
    }
    default:
      return refuse(uri, `the scheme "${scheme}:" is not supported (a path, file://, http://, https:// or ipfs://)`);
  }
}

// ─── A version and its ancestors, checked against the chain ───────────────────────────────────────

/** One fetched model file: the version, where it came from and its bytes (keccak256 = weightsHash). */
export interface FetchedModelFile {
  versionId: bigint;
  uri: string;
  weightsHash: `0x${string}`;
  bytes: Uint8Array;
}

export interface FetchedModelVersion extends FetchedModelFile {
  /** The parent, grandparent, … back to the genesis, in that order. */
  ancestors: FetchedModelFile[];
  /** verifyModel's report over the version and its ancestors; `verified` is true. */
  report: ModelVerificationReport;
}

/** The fetched files did not verify against the chain; `report` says which check failed. */
export class ModelNotVerifiedError extends UserError {
  override name = "ModelNotVerifiedError";
  constructor(
    message: string,
    readonly report: ModelVerificationReport,
  ) {
    super(message);
  }
}

/** The most ancestors followed: the verifier's own guard (a corrupt chain would otherwise loop). */
const MAX_ANCESTRY = 10_000;

/** Fetches a version's file from its on-chain URI and refuses it unless keccak256(bytes) = weightsHash. */
async function fetchRegistered(protocol: Protocol, versionId: bigint, options: FetchModelOptions) {
  const info = await modelVersionInfo(protocol, versionId);
  const bytes = await fetchModelBytes(info.uri, options);
  const hash = artifactHash(bytes);
  if (hash !== info.weightsHash.toLowerCase())
    throw new ModelSourceError(
      `model version ${versionId}: the file at ${info.uri} hashes to ${hash}, the chain records ${info.weightsHash}`,
    );
  const file: FetchedModelFile = { versionId, uri: info.uri, weightsHash: hash, bytes };
  return { info, file };
}

/**
 * Fetches a version's file from the URI the chain records for it, refuses it unless its keccak256
 * is the on-chain weightsHash, then does the same for each ancestor (parent links back to a
 * version no round produced, as `model verify` walks) and verifies the whole chain with verifyModel.
 * Refuses, in one line, an unknown version, a file that cannot be fetched, a hash mismatch (both
 * hashes) or a chain that does not verify (ModelNotVerifiedError, which carries the report).
 * Writes nothing.
 */
export async function fetchModelVersion(
  protocol: Protocol,
  versionId: bigint,
  options: FetchModelOptions = {},
): Promise<FetchedModelVersion> {
  const { info, file } = await fetchRegistered(protocol, versionId, options);
  const files = new Map<bigint, Uint8Array>([[versionId, file.bytes]]);
  const ancestors: FetchedModelFile[] = [];
  let current = info;
  while (current.roundId !== 0n && current.parentId !== 0n && !files.has(current.parentId) && files.size < MAX_ANCESTRY) {
    const parent = await fetchRegistered(protocol, current.parentId, options);
    files.set(parent.file.versionId, parent.file.bytes);
    ancestors.push(parent.file);
    current = parent.info;
  }
  const report = await verifyModel(protocol, versionId, async (id) => files.get(id));
  if (!report.verified) {
    const failed = report.links.flatMap((link) => link.checks.filter((c) => !c.ok).map((c) => ({ link, c })))[0];
    const why =
      failed === undefined
        ? "its ancestry does not reach a genesis"
        : `version ${failed.link.versionId}: ✗ ${failed.c.name}: ${failed.c.detail}`;
    throw new ModelNotVerifiedError(`model version ${versionId} does not verify (${why})`, report);
  }
  return { ...file, ancestors, report };
}

/** The current champion's id (the registry's Active version, as `gov status` and `model list` show it). */
export async function championVersion(protocol: Protocol): Promise<bigint> {
  const champion = await protocol.modelRegistry.champion();
  if (champion === 0n) throw new UserError("the model registry has no champion (no version is Active)");
  return champion;
}

/** fetchModelVersion for the current champion. */
export async function fetchChampion(protocol: Protocol, options: FetchModelOptions = {}): Promise<FetchedModelVersion> {
  return fetchModelVersion(protocol, await championVersion(protocol), options);
}

/** `model fetch`'s lines: version, hash, URI, the verdict and the per-link report. */
export function formatFetchedModel(fetched: FetchedModelVersion): string[] {
  return [
    `version: ${fetched.versionId}`,
    `weightsHash: ${fetched.weightsHash}`,
    `uri: ${fetched.uri}`,
    `bytes: ${fetched.bytes.length}`,
    `ancestors: ${fetched.ancestors.map((a) => a.versionId).join(", ") || "none"}`,
    "✓ verifies",
    ...formatVerificationReport(fetched.report),
  ];
}
