/**
 * `npm run bench:app [-- --runs 5] [-- --dist <a build of the app>]`: what the wallet app (#17) costs its user, measured in the headless
 * Chromium the app's tests drive (Debian's, /usr/bin/chromium or $GUARDIANS_CHROMIUM). Writes
 * bench/results/app.json and prints a table. Not a test: numbers depend on the machine and its load.
 *
 *   (a) proving: a Contribution proof made in the browser, in a Web Worker running snarkjs's browser
 *       build on the cached wasm and proving key, beside Node's proving of the same witness input on the
 *       same files; the first run (which fetches, compiles and builds the curve) and the median of the
 *       warm ones. Contribution(32, 16, 16) always; Contribution(256, 16, 20) when `npm run bench:zk --
 *       --group bench_small` has built it, else a note.
 *   (b) bundle: gzip sizes of app/dist (`npm run app:build`): the JS and CSS index.html loads first, the
 *       chunks loaded later, the workers, and the zero-knowledge assets (wasm, zkey) on their own.
 *   (c) time to interactive: navigation start to the app's ready marker (`document.body.dataset.ready =
 *       "true"`), with first contentful paint and the load event, app/dist served from 127.0.0.1.
 *
 * (b) and (c) are skipped, with a note, while app/dist does not exist.
 *
 * The browser launch and the static server are bench's own small copies of test/support/browser.ts's
 * (the layering keeps bench/ from importing test/).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Browser } from "playwright-core";

import { PROJECT_ROOT } from "../src/core/paths";
import { UserError, runCli } from "../src/cli/errors";
import { circuitPaths, loadManifest } from "../src/zk/pipeline/manifest";
import { releaseSnarkjsWorkers, snark, snarkjsDir, type Groth16Proof, type VerificationKey } from "../src/zk/pipeline/snarkjs";
import {
  Identity,
  MemberTree,
  buildContributionInput,
  maxUpdateValue,
  minUpdateValue,
  randomFieldElement,
  roundScope,
  sumOfSquares,
  type ContributionWitnessInput,
} from "../src/zk";
import { machineInfo } from "./figures";

const RESULTS = path.join(PROJECT_ROOT, "bench", "results", "app.json");
const APP_DIST = path.join(PROJECT_ROOT, "app", "dist");
/** The circuit the contracts verify, and the N = 256 instance when its keys are built. */
const CIRCUITS = ["contribution_n32_b16_d16", "contribution_n256_b16_d20"];
/** Members in the tree: proving cost does not depend on it (every level is hashed). */
const TREE_MEMBERS = 8;

// --- The browser: bench's copy of test/support/browser.ts's launch ---------------------------------

async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.GUARDIANS_CHROMIUM || "/usr/bin/chromium";
  if (!fs.existsSync(executablePath)) {
    throw new UserError(`no Chromium at ${executablePath}: install it: apt-get install -y chromium (or set GUARDIANS_CHROMIUM)`);
  }
  // --no-sandbox: Chromium refuses its sandbox as root (CI, containers). The rest keep it off the
  // network and the GPU, so that nothing but the page competes for the 2 cores being measured.
  const args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"];
  return chromium.launch({ executablePath, headless: true, args: [...args, "--disable-component-update", "--disable-sync"] });
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Serves `routes` (URL path → file, or a page's own text) and else the files of `dir`, SPA-style. */
async function serve(routes: Record<string, string | { text: string }>, dir?: string) {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const route = routes[pathname];
    let file = typeof route === "string" ? route : dir && path.join(dir, pathname === "/" ? "index.html" : pathname);
    if (dir && file && (!fs.existsSync(file) || !file.startsWith(dir))) file = path.join(dir, "index.html");
    const body = typeof route === "object" ? Buffer.from(route.text) : file && fs.existsSync(file) ? fs.readFileSync(file) : null;
    if (!body) return void response.writeHead(404).end();
    const type = MIME[path.extname(typeof route === "object" ? pathname : (file as string))] ?? "application/octet-stream";
    response.writeHead(200, { "content-type": type, "content-length": body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// --- (a) proving, browser beside Node ------------------------------------------------------------

export interface ProvingResult {
  circuit: string;
  where: "browser" | "node";
  N: number;
  /** The first proof: fetching and compiling the wasm, reading the key, building the curve. */
  firstMs: number;
  /** The median of the runs after the first. */
  warmMedianMs: number;
  runs: number;
}

/** A fresh member, a tree holding it and a random update at the bound: a valid witness input. */
function contributionInput(name: string): ContributionWitnessInput {
  const [n, bits, depth] = loadManifest().find((c) => c.name === name)?.params ?? [];
  const identities = Array.from({ length: TREE_MEMBERS }, () => Identity.generate());
  const span = maxUpdateValue(bits) - minUpdateValue(bits) + 1n;
  const update = Array.from({ length: n }, () => (randomFieldElement() % span) + minUpdateValue(bits));
  return buildContributionInput(
    {
      identity: identities[0],
      tree: new MemberTree(identities.map((m) => m.commitment)),
      update,
      salt: randomFieldElement(),
      roundScope: roundScope(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1n),
      l2BoundSq: sumOfSquares(update),
      recipient: "0x00000000000000000000000000000000000000Aa",
    },
    { name, n, bits, depth },
  ).input;
}

/** The worker: snarkjs's browser build (it defines the global `snarkjs`), one fullProve per message. */
const WORKER = `importScripts("/snarkjs.min.js");
onmessage = async ({ data }) => {
  try {
    const started = performance.now();
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(data.input, data.wasm, data.zkey);
    postMessage({ ms: performance.now() - started, proof, publicSignals });
  } catch (error) {
    postMessage({ error: String((error && error.stack) || error) });
  }
};`;

/** The page keeps one worker, so that the runs after the first are warm, as in an app's session. */
const PAGE = `<!doctype html><title>prove</title><script>
  const worker = new Worker("/prove-worker.js");
  window.prove = (input, wasm, zkey) => new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.postMessage({ input, wasm, zkey });
  });
</script>`;

type BrowserProof = { ms: number; proof: Groth16Proof; publicSignals: string[] } | { error: string };

async function proveInBrowser(browser: Browser, circuit: string, input: ContributionWitnessInput, runs: number) {
  const paths = circuitPaths(circuit);
  const server = await serve({
    "/index.html": { text: PAGE },
    "/prove-worker.js": { text: WORKER },
    "/snarkjs.min.js": path.join(snarkjsDir(), "build", "snarkjs.min.js"),
    "/circuit.wasm": paths.wasm,
    "/circuit.zkey": paths.zkey,
  });
  const page = await (await browser.newContext()).newPage();
  const vkey = JSON.parse(fs.readFileSync(paths.vkey, "utf8")) as VerificationKey;
  try {
    await page.goto(`${server.url}/index.html`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await page.evaluate(
        ([input, base]) =>
          (globalThis as unknown as { prove(i: unknown, w: string, z: string): Promise<BrowserProof> }).prove(
            input,
            `${base}/circuit.wasm`,
            `${base}/circuit.zkey`,
          ),
        [input, server.url] as const,
      );
      if ("error" in result) throw new Error(`the browser's proof of ${circuit} failed:\n${result.error}`);
      // A proof that does not verify would make the timing meaningless.
      if (!(await snark.groth16.verify(vkey, result.publicSignals, result.proof)))
        throw new Error(`the browser's proof of ${circuit} does not verify`);
      times.push(result.ms);
    }
    return times;
  } finally {
    await page.context().close();
    await server.close();
  }
}

async function proveInNode(circuit: string, input: ContributionWitnessInput, runs: number) {
  const paths = circuitPaths(circuit);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await snark.groth16.fullProve(input, paths.wasm, paths.zkey);
    times.push(performance.now() - started);
  }
  return times;
}

function provingRow(circuit: string, where: ProvingResult["where"], times: number[]): ProvingResult {
  const n = loadManifest().find((c) => c.name === circuit)?.params[0] ?? 0;
  return {
    circuit,
    where,
    N: n,
    firstMs: Math.round(times[0]),
    warmMedianMs: Math.round(times.length > 1 ? median(times.slice(1)) : times[0]),
    runs: times.length,
  };
}

// --- (b) bundle sizes ------------------------------------------------------------------------------

export interface BundleSizes {
  /** JS and CSS index.html references (scripts, stylesheets, modulepreloads): what the first visit loads. */
  initial: { files: number; bytes: number; gzipBytes: number };
  /** Every other JS and CSS chunk but the workers: loaded on demand. */
  lazy: { files: number; bytes: number; gzipBytes: number };
  workers: { files: number; bytes: number; gzipBytes: number };
  /** The circuit wasm and proving keys, fetched when a member proves. */
  zk: { files: number; bytes: number; gzipBytes: number };
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function bundleSizes(dist: string): BundleSizes {
  const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");
  const referenced = new Set(
    [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => path.join(dist, m[1].replace(/^\.?\//, ""))),
  );
  const empty = () => ({ files: 0, bytes: 0, gzipBytes: 0 });
  const sizes: BundleSizes = { initial: empty(), lazy: empty(), workers: empty(), zk: empty() };
  for (const file of walk(dist)) {
    const ext = path.extname(file);
    const kind = [".wasm", ".zkey"].includes(ext)
      ? "zk"
      : ![".js", ".css"].includes(ext)
        ? undefined
        : referenced.has(file)
          ? "initial"
          : /worker/i.test(path.basename(file))
            ? "workers"
            : "lazy";
    if (!kind) continue;
    const body = fs.readFileSync(file);
    sizes[kind].files += 1;
    sizes[kind].bytes += body.length;
    // Level 9, as a static host precompresses; level 6 (on-the-fly) differs by a few percent.
    sizes[kind].gzipBytes += zlib.gzipSync(body, { level: 9 }).length;
  }
  return sizes;
}

// --- (c) time to interactive ---------------------------------------------------------------------

export interface Interactive {
  runs: number;
  /** Median, navigation start to body[data-ready="true"]; null when the app never set it. */
  readyMs: number | null;
  firstContentfulPaintMs: number | null;
  loadEventMs: number;
  requests: number;
}

/** Records when the app sets its ready marker, in the page's own clock (0 = navigation start). */
const READY_OBSERVER = `new MutationObserver((_, observer) => {
  if (document.body && document.body.dataset.ready === "true") {
    window.__readyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });`;

async function timeToInteractive(browser: Browser, dist: string, runs: number): Promise<Interactive> {
  const server = await serve({}, dist);
  const samples: Array<{ ready: number | null; fcp: number | null; load: number; requests: number }> = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh context each time: a first visit, nothing cached.
      const context = await browser.newContext();
      await context.addInitScript({ content: READY_OBSERVER });
      const page = await context.newPage();
      let requests = 0;
      page.on("request", () => (requests += 1));
      await page.goto(server.url, { waitUntil: "load" });
      const ready = await page
        .waitForFunction(() => (globalThis as unknown as { __readyAt?: number }).__readyAt, undefined, { timeout: 20_000 })
        .then((handle) => handle.jsonValue() as Promise<number>)
        .catch(() => null);
      // Two frames, so that the first paint after the ready marker has its timing entry.
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const frame = (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame;
            frame(() => frame(() => resolve()));
          }),
      );
      const timing = await page.evaluate(() => {
        // The page's Performance API (this file is compiled without the DOM's types).
        type Entry = { name: string; startTime: number; loadEventEnd?: number };
        const perf = (globalThis as unknown as { performance: { getEntriesByType(type: string): Entry[] } }).performance;
        const fcp = perf.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
        return { fcp: fcp ? fcp.startTime : null, load: perf.getEntriesByType("navigation")[0]?.loadEventEnd ?? 0 };
      });
      samples.push({ ready, fcp: timing.fcp, load: timing.load, requests });
      await context.close();
    }
  } finally {
    await server.close();
  }
  const readies = samples.map((s) => s.ready).filter((x): x is number => x !== null);
  const fcps = samples.map((s) => s.fcp).filter((x): x is number => x !== null);
  return {
    runs,
    readyMs: readies.length === runs ? Math.round(median(readies)) : null,
    firstContentfulPaintMs: fcps.length ? Math.round(median(fcps)) : null,
    loadEventMs: Math.round(median(samples.map((s) => s.load))),
    requests: samples[0].requests,
  };
}

// --- The run -------------------------------------------------------------------------------------

function argument(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  for (const [i, row] of all.entries()) {
    console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

async function main() {
  const args = process.argv.slice(2);
  const runs = Number(argument(args, "--runs") ?? "5");
  if (!Number.isInteger(runs) || runs < 2) throw new UserError("--runs must be an integer of at least 2 (the first run is cold)");
  const dist = path.resolve(argument(args, "--dist") ?? APP_DIST);
  const notes: string[] = [];
  const proving: ProvingResult[] = [];
  let bundle: BundleSizes | null = null;
  let interactive: Interactive | null = null;

  const browser = await launchBrowser();
  try {
    for (const circuit of CIRCUITS) {
      const paths = circuitPaths(circuit);
      if (!fs.existsSync(paths.wasm) || !fs.existsSync(paths.zkey)) {
        notes.push(`${circuit}: not built, skipped (npm run bench:zk -- --group bench_small builds it)`);
        continue;
      }
      const input = contributionInput(circuit);
      console.log(`proving ${circuit}: ${runs} runs in Node, then ${runs} in Chromium`);
      proving.push(provingRow(circuit, "node", await proveInNode(circuit, input, runs)));
      // Node's proving threads would otherwise compete with the browser's for the same cores.
      await releaseSnarkjsWorkers();
      proving.push(provingRow(circuit, "browser", await proveInBrowser(browser, circuit, input, runs)));
    }

    if (fs.existsSync(path.join(dist, "index.html"))) {
      bundle = bundleSizes(dist);
      interactive = await timeToInteractive(browser, dist, runs);
      if (interactive.readyMs === null) notes.push('the app never set document.body.dataset.ready = "true": no ready time');
    } else {
      notes.push(
        `${path.relative(PROJECT_ROOT, dist)} does not exist (npm run app:build): bundle sizes and time to interactive skipped`,
      );
    }
  } finally {
    await browser.close();
    // Verifying the browser's proofs built Node's curve again; its worker threads would hold the process open.
    await releaseSnarkjsWorkers();
  }

  console.log();
  printTable(
    ["proving", "where", "first ms", "warm median ms", "runs"],
    proving.map((r) => [r.circuit, r.where, String(r.firstMs), String(r.warmMedianMs), String(r.runs)]),
  );
  for (const browser of proving.filter((r) => r.where === "browser")) {
    const node = proving.find((r) => r.where === "node" && r.circuit === browser.circuit);
    if (node)
      console.log(
        `${browser.circuit}: the browser takes ${(browser.warmMedianMs / node.warmMedianMs).toFixed(2)}× Node's time, warm`,
      );
  }
  if (bundle) {
    console.log();
    printTable(
      ["bundle", "files", "size", "gzip"],
      Object.entries(bundle).map(([kind, s]) => [kind, String(s.files), kb(s.bytes), kb(s.gzipBytes)]),
    );
  }
  if (interactive) {
    console.log();
    console.log(
      `time to interactive (median of ${interactive.runs}): ready ${interactive.readyMs ?? "-"} ms, ` +
        `first contentful paint ${interactive.firstContentfulPaintMs ?? "-"} ms, load ${interactive.loadEventMs} ms, ` +
        `${interactive.requests} requests`,
    );
  }
  for (const note of notes) console.log(`note: ${note}`);

  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(
    RESULTS,
    JSON.stringify(
      {
        machine: { ...machineInfo(), date: new Date().toISOString(), chromium: browser.version() },
        runs,
        proving,
        bundle,
        interactive,
        notes,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`wrote ${path.relative(PROJECT_ROOT, RESULTS)}`);
}

if (require.main === module) void runCli(main);
