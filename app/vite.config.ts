/**
 * The wallet app's build (issue #17). `npm run app` serves app/ against the network of the
 * deployments file; `npm run app:build` writes static files (app/dist, or $GUARDIANS_APP_OUT).
 *
 * The `guardians` plugin adds what the app reads at run time, next to its bundle:
 * - deployment.json: deployments/<network>.json ($GUARDIANS_NETWORK, default localhost; directory
 *   $GUARDIANS_DEPLOYMENTS_DIR) with `rpcUrl` ($GUARDIANS_RPC_URL, default http://127.0.0.1:8545) for
 *   read-only calls;
 * - zk/<name>.wasm, zk/<name>.zkey and zk/keys.json (params, size and sha256 of each) for every
 *   Contribution circuit of circuits/circuits.json built in .cache/zk ($GUARDIANS_ZK_CACHE).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig, type Plugin } from "vite";

const APP_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(APP_DIR, "..");

interface Settings {
  network: string;
  deploymentFile: string;
  rpcUrl: string;
  zkCache: string;
}

function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  const network = env.GUARDIANS_NETWORK || "localhost";
  const dir = env.GUARDIANS_DEPLOYMENTS_DIR ? path.resolve(env.GUARDIANS_DEPLOYMENTS_DIR) : path.join(REPO, "deployments");
  return {
    network,
    deploymentFile: path.join(dir, `${network}.json`),
    rpcUrl: env.GUARDIANS_RPC_URL || "http://127.0.0.1:8545",
    zkCache: env.GUARDIANS_ZK_CACHE ? path.resolve(env.GUARDIANS_ZK_CACHE) : path.join(REPO, ".cache", "zk"),
  };
}

/** The deployments file with the read-only RPC URL; a missing file is one line telling to deploy. */
function deploymentJson(s: Settings): { ok: true; text: string } | { ok: false; error: string } {
  if (!fs.existsSync(s.deploymentFile))
    return {
      ok: false,
      error: `no deployment for network ${s.network} at ${s.deploymentFile}: deploy first (npx hardhat deploy --network ${s.network})`,
    };
  let journal: Record<string, unknown>;
  try {
    journal = JSON.parse(fs.readFileSync(s.deploymentFile, "utf8")) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `${s.deploymentFile} is not valid JSON` };
  }
  return { ok: true, text: `${JSON.stringify({ ...journal, rpcUrl: s.rpcUrl }, null, 2)}\n` };
}

interface KeyFile {
  file: string;
  sha256: string;
  bytes: number;
}

export interface KeyManifestEntry {
  params: number[];
  wasm: KeyFile;
  zkey: KeyFile;
}

interface BuiltCircuit {
  name: string;
  params: number[];
  wasmPath: string;
  zkeyPath: string;
}

/** Contribution circuits of circuits/circuits.json whose wasm and zkey are in the cache. */
function builtContributionCircuits(s: Settings): BuiltCircuit[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "circuits", "circuits.json"), "utf8")) as {
    circuits: Record<string, { template: string; params: number[] }>;
  };
  const built: BuiltCircuit[] = [];
  for (const [name, spec] of Object.entries(manifest.circuits)) {
    if (spec.template !== "Contribution") continue;
    const dir = path.join(s.zkCache, "circuits", name);
    const wasmPath = path.join(dir, `${name}_js`, `${name}.wasm`);
    const zkeyPath = path.join(dir, `${name}.zkey`);
    if (fs.existsSync(wasmPath) && fs.existsSync(zkeyPath)) built.push({ name, params: spec.params, wasmPath, zkeyPath });
  }
  return built;
}

const hashCache = new Map<string, { mtimeMs: number; size: number; sha256: string }>();

function describeFile(file: string, servedAs: string): KeyFile {
  const stat = fs.statSync(file);
  const cached = hashCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size)
    return { file: servedAs, sha256: cached.sha256, bytes: stat.size };
  const sha256 = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  hashCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, sha256 });
  return { file: servedAs, sha256, bytes: stat.size };
}

/** keys.json and the files it names (served path → file on disk). */
function provingKeys(s: Settings): { manifest: Record<string, KeyManifestEntry>; files: Map<string, string> } {
  const manifest: Record<string, KeyManifestEntry> = {};
  const files = new Map<string, string>();
  for (const c of builtContributionCircuits(s)) {
    const wasm = `zk/${c.name}.wasm`;
    const zkey = `zk/${c.name}.zkey`;
    manifest[c.name] = { params: c.params, wasm: describeFile(c.wasmPath, wasm), zkey: describeFile(c.zkeyPath, zkey) };
    files.set(wasm, c.wasmPath);
    files.set(zkey, c.zkeyPath);
  }
  return { manifest, files };
}

function guardiansPlugin(): Plugin {
  const s = settings();
  return {
    name: "guardians",
    configResolved(config) {
      // A build without a deployment cannot work: one line, no stack trace.
      if (config.command !== "build") return;
      const d = deploymentJson(s);
      if (!d.ok) {
        config.logger.error(`error: ${d.error}`);
        process.exit(1);
      }
    },
    configureServer(server) {
      const initial = deploymentJson(s);
      if (!initial.ok) server.config.logger.warn(initial.error);
      if (builtContributionCircuits(s).length === 0)
        server.config.logger.warn(`no Contribution circuit is built in ${s.zkCache}: run npm run zk:build`);
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? "").split("?")[0].replace(/^\/+/, "");
        if (url === "deployment.json") {
          const d = deploymentJson(s); // read per request: a redeploy shows without a restart
          res.setHeader("Cache-Control", "no-store");
          if (!d.ok) {
            res.statusCode = 503;
            res.setHeader("Content-Type", "text/plain; charset=utf-8");
            res.end(d.error);
            return;
          }
          res.setHeader("Content-Type", "application/json");
          res.end(d.text);
          return;
        }
        if (url === "zk/keys.json") {
          res.setHeader("Content-Type", "application/json");
          res.setHeader("Cache-Control", "no-store");
          res.end(JSON.stringify(provingKeys(s).manifest, null, 2));
          return;
        }
        if (url.startsWith("zk/")) {
          const file = provingKeys(s).files.get(url);
          if (!file) {
            res.statusCode = 404;
            res.end(`${url} is not a built proving key`);
            return;
          }
          res.setHeader("Content-Type", url.endsWith(".wasm") ? "application/wasm" : "application/octet-stream");
          res.setHeader("Content-Length", String(fs.statSync(file).size));
          fs.createReadStream(file).pipe(res);
          return;
        }
        next();
      });
    },
    generateBundle() {
      const d = deploymentJson(s);
      if (!d.ok) this.error(d.error);
      this.emitFile({ type: "asset", fileName: "deployment.json", source: d.text });
      const { manifest, files } = provingKeys(s);
      if (files.size === 0) this.warn(`no Contribution circuit is built in ${s.zkCache}: run npm run zk:build`);
      for (const [servedAs, file] of files)
        this.emitFile({ type: "asset", fileName: servedAs, source: new Uint8Array(fs.readFileSync(file)) });
      this.emitFile({ type: "asset", fileName: "zk/keys.json", source: `${JSON.stringify(manifest, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  root: APP_DIR,
  base: "./",
  publicDir: false,
  plugins: [guardiansPlugin()],
  worker: { format: "es" },
  build: {
    outDir: process.env.GUARDIANS_APP_OUT ? path.resolve(process.env.GUARDIANS_APP_OUT) : path.join(APP_DIR, "dist"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      // The repository's own modules and poseidon-lite only declare things: a page that imports the SDK
      // barrel but uses none of a module's exports does not load it (poseidon-lite's 16 arities are
      // most of the SDK's size, and only Contribute hashes updates).
      treeshake: {
        moduleSideEffects: (id) => !(id.startsWith(`${REPO}/src/`) || id.includes("/node_modules/poseidon-lite/")),
      },
    },
  },
  optimizeDeps: { esbuildOptions: { target: "es2022" } },
  server: { fs: { allow: [REPO] } },
});
