/**
 * The Contribution circuits' proving keys and wasm, served as static assets next to the app and
 * listed in zk/keys.json with their sha256. Each file is checked against its hash before use and
 * kept in Cache Storage under that hash; a mismatch is an error and nothing is cached.
 */
import { UserError } from "./sdk-core";

interface KeyFile {
  file: string;
  sha256: string;
  bytes: number;
}

export interface KeyEntry {
  params: number[];
  wasm: KeyFile;
  zkey: KeyFile;
}

const CACHE = "guardians-zk-v1";

let manifest: Promise<Record<string, KeyEntry>> | undefined;

export function keyManifest(): Promise<Record<string, KeyEntry>> {
  manifest ??= fetch("zk/keys.json", { cache: "no-store" }).then(async (r) => {
    if (!r.ok) throw new UserError(`the proving keys' manifest (zk/keys.json) is not served (HTTP ${r.status})`);
    return (await r.json()) as Record<string, KeyEntry>;
  });
  return manifest.catch((error: unknown) => {
    manifest = undefined;
    throw error;
  });
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function cacheKey(sha256: string): string {
  return new URL(`zk-cache/${sha256}`, location.href).href;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === "undefined" ? undefined : await caches.open(CACHE);
  } catch {
    return undefined; // Cache Storage needs a secure context (https or localhost)
  }
}

/** Downloads with progress (bytes so far, total). */
async function download(url: string, total: number, onBytes: (done: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new UserError(`${url} is not served (HTTP ${response.status})`);
  const reader = response.body.getReader();
  const out = new Uint8Array(total);
  let done = 0;
  const extra: Uint8Array[] = [];
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    if (done + chunk.value.length <= total) out.set(chunk.value, done);
    else extra.push(chunk.value);
    done += chunk.value.length;
    onBytes(Math.min(done, total), total);
  }
  if (done === total) return out;
  // The size differs from the manifest: the hash check below fails and says so.
  const all = new Uint8Array(done);
  all.set(out.subarray(0, Math.min(done, total)));
  let at = Math.min(done, total);
  for (const e of extra) {
    all.set(e, at);
    at += e.length;
  }
  return all;
}

/** One file, from the cache or the server, checked against its sha256. */
export async function loadKeyFile(entry: KeyFile, onBytes: (done: number, total: number) => void): Promise<Uint8Array> {
  const cache = await openCache();
  const key = cacheKey(entry.sha256);
  const hit = await cache?.match(key);
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if ((await sha256Hex(bytes)) === entry.sha256) {
      onBytes(bytes.length, bytes.length);
      return bytes;
    }
    await cache?.delete(key); // a damaged entry is fetched again
  }
  const bytes = await download(entry.file, entry.bytes, onBytes);
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256)
    throw new UserError(
      `the proving file ${entry.file} does not match its hash in zk/keys.json (expected sha256 ${entry.sha256}, got ${actual}); nothing was cached or proved`,
    );
  await cache?.put(
    key,
    new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": "application/octet-stream" } }),
  );
  return bytes;
}

/** The wasm and zkey of a circuit, checked; `onBytes` reports the download of both together. */
export async function loadCircuitKeys(
  name: string,
  onBytes: (done: number, total: number) => void,
): Promise<{ wasm: Uint8Array; zkey: Uint8Array }> {
  const entry = (await keyManifest())[name];
  if (!entry)
    throw new UserError(
      `the app serves no proving key for circuit ${name}: build it (npx hardhat zk:build --circuit ${name}) and restart the app`,
    );
  const total = entry.wasm.bytes + entry.zkey.bytes;
  const wasm = await loadKeyFile(entry.wasm, (d) => onBytes(d, total));
  const zkey = await loadKeyFile(entry.zkey, (d) => onBytes(entry.wasm.bytes + d, total));
  return { wasm, zkey };
}
