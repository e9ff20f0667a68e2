/**
 * `npm run bench:zk [-- --group bench_small] [-- --runs 3]`: builds the benchmark circuits of
 * circuits/circuits.json (cached), then measures each in its own child process (so peak RSS is the
 * circuit's own): witness generation, Groth16 proving and verification, median of --runs. Prints a
 * table and writes bench/results/zk.json. Not a test: numbers depend on the machine and its load.
 *
 * Groups: bench_small (N = 256, NormBound(1024), Membership(20), Aggregation at (K, N) = (16, 256),
 * UpdateCommitment(1024, 16, H) at H = 5 and H = 0; a 2^15 setup; with it, the test group's
 * Aggregation instances at (8, 32) and (16, 32), already built by `npm run zk:build`) and bench
 * (Contribution at N = 1024, N = 2048, Aggregation(16, 1024); a 2^16 setup, about 20 minutes the
 * first time). Default: both. For Aggregation, N in the results is K·N, the values one proof adds.
 *
 * The headroom's client-side cost: UpdateCommitment(N, BITS, H) is the only part of NormBound and
 * Contribution that depends on H, so the difference between its instances at H = 5 and at the
 * unpacked baseline H = 0 (slots of BITS bits, 15 values per element at BITS = 16) is exactly what
 * the headroom adds to NormBound(N, BITS) and Contribution(N, BITS, DEPTH); the table after the
 * measurements prints it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { buildCircuits } from "../src/zk/pipeline/build";
import { PROJECT_ROOT } from "../src/core/paths";
import { CircuitSpec, circuitPaths, loadManifest } from "../src/zk/pipeline/manifest";
import { Groth16Proof, SnarkJs, VerificationKey, releaseSnarkjsWorkers, snark } from "../src/zk/pipeline/snarkjs";
import { UserError, runCli } from "../src/cli/errors";
import { createProgress } from "../src/cli/progress";
import {
  Identity,
  MemberTree,
  buildAggregationInput,
  buildContributionInput,
  updateCommitment,
  maxUpdateValue,
  minUpdateValue,
  randomFieldElement,
  roundScope,
  sumOfSquares,
  toField,
} from "../src/zk";

const DEFAULT_GROUPS = ["bench_small", "bench"];
const RESULTS = path.join(PROJECT_ROOT, "bench", "results", "zk.json");
/** Members in the benchmark tree: proving cost does not depend on it (every level is hashed). */
const TREE_MEMBERS = 8;

export interface CircuitResult {
  circuit: string;
  name: string;
  N: number | null;
  BITS: number | null;
  DEPTH: number | null;
  constraints: number;
  constraintsPerParam: number | null;
  witnessMs: number;
  proveMs: number;
  verifyMs: number;
  peakRssMb: number;
  /** N / (witnessMs + proveMs), the proving throughput. */
  paramsPerSecond: number | null;
}

/** groth16.prove on a witness in memory: only the benchmark separates witness and proof time. */
type ProvingSnark = SnarkJs & {
  groth16: {
    prove(zkey: string, witness: { type: "mem"; data?: Uint8Array }): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
  };
};

function randomUpdate(n: number, bits: number): bigint[] {
  const span = maxUpdateValue(bits) - minUpdateValue(bits) + 1n;
  return Array.from({ length: n }, () => (randomFieldElement() % span) + minUpdateValue(bits));
}

/** A valid witness input for one benchmark instance, with fresh random values. */
function benchInput(spec: CircuitSpec): Record<string, string | string[] | string[][]> {
  const identities = Array.from({ length: TREE_MEMBERS }, () => Identity.generate());
  const tree = new MemberTree(identities.map((m) => m.commitment));
  switch (spec.template) {
    case "NormBound": {
      const [n, bits] = spec.params;
      const update = randomUpdate(n, bits);
      return {
        update: update.map((u) => toField(u).toString()),
        salt: randomFieldElement().toString(),
        l2BoundSq: sumOfSquares(update).toString(),
      };
    }
    case "Membership": {
      const [depth] = spec.params;
      const p = tree.path(identities[0].commitment, depth);
      return {
        secret: identities[0].secret.toString(),
        depth: p.depth.toString(),
        index: p.index.toString(),
        siblings: p.siblings.map(String),
        scope: "1",
      };
    }
    case "Contribution": {
      const [n, bits, depth] = spec.params;
      const update = randomUpdate(n, bits);
      return buildContributionInput(
        {
          identity: identities[0],
          tree,
          update,
          salt: randomFieldElement(),
          roundScope: roundScope(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1n),
          l2BoundSq: sumOfSquares(update),
          recipient: "0x00000000000000000000000000000000000000Aa",
        },
        { name: spec.name, n, bits, depth },
      ).input;
    }
    case "Aggregation": {
      // A full round: every slot selected with unit weight (K ≤ 2^H − 1 = 31 at H = 5).
      const [k, n, bits, headroom] = spec.params;
      const shape = { k, n, bits, headroom };
      const openings = Array.from({ length: k }, () => ({ update: randomUpdate(n, bits), salt: randomFieldElement() }));
      const commitments = openings.map((o) => updateCommitment(o.update, o.salt, shape));
      return buildAggregationInput({ commitments, openings, weights: Array<bigint>(k).fill(1n) }, shape).input;
    }
    case "UpdateCommitment": {
      const [n, bits] = spec.params;
      return {
        offsetValues: randomUpdate(n, bits).map((u) => (u - minUpdateValue(bits)).toString()),
        salt: randomFieldElement().toString(),
      };
    }
    default:
      throw new UserError(`bench/zk.ts does not know how to feed template ${spec.template}`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Child-process mode: measures one circuit and prints its result as JSON. */
async function measureOne(name: string, runs: number): Promise<CircuitResult> {
  const spec = loadManifest().find((c) => c.name === name);
  if (!spec) throw new UserError(`unknown circuit ${name}`);
  const paths = circuitPaths(name);
  const vkey = JSON.parse(fs.readFileSync(paths.vkey, "utf8")) as VerificationKey;
  const stamp = JSON.parse(fs.readFileSync(paths.stamp, "utf8")) as { info: { nConstraints: number } };
  const prover = snark as ProvingSnark;
  const times = { witness: [] as number[], prove: [] as number[], verify: [] as number[] };
  // One warm-up run loads the curve, the wasm and the key; it is not counted.
  for (let run = 0; run <= runs; run++) {
    const input = benchInput(spec);
    const wtns: { type: "mem"; data?: Uint8Array } = { type: "mem" };
    let t = performance.now();
    await snark.wtns.calculate(input, paths.wasm, wtns);
    const witnessMs = performance.now() - t;
    t = performance.now();
    const { proof, publicSignals } = await prover.groth16.prove(paths.zkey, wtns);
    const proveMs = performance.now() - t;
    t = performance.now();
    const ok = await snark.groth16.verify(vkey, publicSignals, proof);
    const verifyMs = performance.now() - t;
    if (!ok) throw new Error(`${name}: the proof does not verify`);
    if (run > 0) {
      times.witness.push(witnessMs);
      times.prove.push(proveMs);
      times.verify.push(verifyMs);
    }
  }
  await releaseSnarkjsWorkers();
  const isMembership = spec.template === "Membership";
  const isAggregation = spec.template === "Aggregation";
  // For Aggregation, "parameters" are K·N: the values the proof adds.
  const n = isMembership ? null : isAggregation ? spec.params[0] * spec.params[1] : spec.params[0];
  const hasDepth = spec.template === "Membership" || spec.template === "Contribution";
  const witnessMs = median(times.witness);
  const proveMs = median(times.prove);
  return {
    circuit: spec.template.toLowerCase(),
    name,
    N: n,
    BITS: isMembership ? null : spec.params[isAggregation ? 2 : 1],
    DEPTH: hasDepth ? spec.params[spec.params.length - 1] : null,
    constraints: stamp.info.nConstraints,
    constraintsPerParam: n ? Number((stamp.info.nConstraints / n).toFixed(2)) : null,
    witnessMs: Math.round(witnessMs),
    proveMs: Math.round(proveMs),
    verifyMs: Math.round(median(times.verify)),
    // maxRSS is in kilobytes on Linux.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    paramsPerSecond: n ? Math.round(n / ((witnessMs + proveMs) / 1000)) : null,
  };
}

function printTable(results: CircuitResult[]) {
  const columns: [string, (r: CircuitResult) => string][] = [
    ["instance", (r) => r.name],
    ["constraints", (r) => String(r.constraints)],
    ["per param", (r) => (r.constraintsPerParam === null ? "-" : r.constraintsPerParam.toFixed(2))],
    ["witness ms", (r) => String(r.witnessMs)],
    ["prove ms", (r) => String(r.proveMs)],
    ["verify ms", (r) => String(r.verifyMs)],
    ["peak RSS MB", (r) => String(r.peakRssMb)],
    ["params/s", (r) => (r.paramsPerSecond === null ? "-" : String(r.paramsPerSecond))],
  ];
  const rows = [columns.map(([h]) => h), ...results.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

/** What the headroom adds: UpdateCommitment(N, BITS, H) at H > 0 against the same N, BITS at H = 0. */
export interface HeadroomCost {
  N: number;
  BITS: number;
  H: number;
  constraints: number;
  baseline: number;
  added: number;
  addedPerParam: number;
}

function headroomCosts(results: readonly CircuitResult[]): HeadroomCost[] {
  const specs = new Map(loadManifest().map((s) => [s.name, s]));
  const commitments = results.filter((r) => specs.get(r.name)?.template === "UpdateCommitment");
  return commitments.flatMap((r) => {
    const [n, bits, h] = specs.get(r.name)!.params;
    const base = commitments.find((b) => {
      const [bn, bb, bh] = specs.get(b.name)!.params;
      return bn === n && bb === bits && bh === 0;
    });
    if (h === 0 || !base) return [];
    const added = r.constraints - base.constraints;
    return [
      {
        N: n,
        BITS: bits,
        H: h,
        constraints: r.constraints,
        baseline: base.constraints,
        added,
        addedPerParam: Number((added / n).toFixed(2)),
      },
    ];
  });
}

function argument(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main() {
  const args = process.argv.slice(2);
  const runs = Number(argument(args, "--runs") ?? "3");
  if (!Number.isInteger(runs) || runs < 1) throw new UserError("--runs must be a positive integer");
  const one = argument(args, "--one");
  if (one) {
    process.stdout.write(JSON.stringify(await measureOne(one, runs)) + "\n");
    return;
  }
  const groups = (argument(args, "--group") ?? DEFAULT_GROUPS.join(",")).split(",");
  const progress = createProgress();
  const built = await buildCircuits({ groups, progress });
  // bench_small also measures the test group's Aggregation instances (cached by `npm run zk:build`).
  if (groups.includes("bench_small")) {
    const circuits = loadManifest()
      .filter((c) => c.group === "test" && c.template === "Aggregation" && c.verifier)
      .map((c) => c.name);
    built.unshift(...(await buildCircuits({ groups: ["test"], circuits, progress })));
  }
  const results: CircuitResult[] = [];
  for (const b of built) {
    const step = progress.step(`measure ${b.spec.name} (${runs} runs)`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", __filename, "--one", b.spec.name, "--runs", String(runs)],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    results.push(JSON.parse(stdout.trim().split("\n").pop()!) as CircuitResult);
    step.done();
  }
  printTable(results);
  const headroom = headroomCosts(results);
  for (const h of headroom) {
    console.log(
      `headroom H = ${h.H} at N = ${h.N}, BITS = ${h.BITS}: UpdateCommitment ${h.baseline} → ${h.constraints} constraints, ` +
        `+${h.added} (+${h.addedPerParam} per parameter) in NormBound and Contribution`,
    );
  }
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(
    RESULTS,
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, date: new Date().toISOString() },
        groups,
        runs,
        circuits: results,
        headroom,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`wrote ${path.relative(PROJECT_ROOT, RESULTS)}`);
}

if (require.main === module) void runCli(main);
