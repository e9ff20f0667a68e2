import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import type { Progress } from "../../core/progress";
import { BuiltCircuit, ZkBuildError, compileIfNeeded, renderVerifier, requiredPower, vkeyHash, writeKeysManifest } from "./build";
import { CircuitSpec, circuitPaths, loadManifest, verifierPath } from "./manifest";
import { SnarkLogger, releaseSnarkjsWorkers, snark } from "./snarkjs";

/**
 * The production path: an external powers-of-tau (for example from the Hermez ceremony) and a
 * multi-party phase-2 ceremony whose transcript anyone can re-verify. The development build in
 * build.ts uses public beacons instead, and its keys must never secure real stake.
 */

export interface CeremonyContribution {
  index: number;
  name: string;
  zkey: string;
  sha256: string;
  time: string;
  kind: "initial" | "contribution" | "beacon";
  beacon?: { hash: string; iterationsExp: number };
}

export interface CeremonyTranscript {
  circuit: string;
  r1csSha256: string;
  ptau: { file: string; sha256: string; power: number };
  contributions: CeremonyContribution[];
  finalized: boolean;
}

function fileSha256(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function collectingLogger(lines: string[]): SnarkLogger {
  return {
    log() {},
    debug() {},
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

function findSpec(name: string): CircuitSpec {
  const spec = loadManifest().find((c) => c.name === name);
  if (!spec) throw new ZkBuildError(`unknown circuit "${name}" (see circuits/circuits.json)`);
  return spec;
}

/** Verifies an external powers-of-tau file and returns its power; throws if it does not verify. */
export async function verifyPtau(file: string, progress: Progress): Promise<{ power: number; log: string[] }> {
  if (!fs.existsSync(file)) throw new ZkBuildError(`ptau file not found: ${file}`);
  const log: string[] = [];
  const step = progress.step(`powersoftau verify ${path.basename(file)}`);
  try {
    const ok = await snark.powersOfTau.verify(file, collectingLogger(log));
    if (!ok) throw new ZkBuildError(`powers of tau ${file} does not verify:\n${log.join("\n")}`);
    if (!log.some((l) => /phase2/i.test(l) || /Lagrange/i.test(l)))
      progress.info("  note: check the log above says the file is prepared for phase 2");
  } finally {
    await releaseSnarkjsWorkers();
  }
  step.done();
  const powerLine = log.map((l) => /power[^\d]*(\d+)/i.exec(l)).find(Boolean);
  return { power: powerLine ? Number(powerLine[1]) : NaN, log };
}

function transcriptPath(dir: string) {
  return path.join(dir, "transcript.json");
}

export function readTranscript(dir: string): CeremonyTranscript {
  const file = transcriptPath(dir);
  if (!fs.existsSync(file)) throw new ZkBuildError(`no ceremony in ${dir}: run zk:ceremony:init first`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as CeremonyTranscript;
}

function writeTranscript(dir: string, t: CeremonyTranscript) {
  fs.writeFileSync(transcriptPath(dir), JSON.stringify(t, null, 2) + "\n");
}

/** Starts a phase-2 ceremony for one circuit from a verified, prepared ptau. */
export async function ceremonyInit(
  circuit: string,
  ptauFile: string,
  dir: string,
  progress: Progress,
): Promise<CeremonyTranscript> {
  const spec = findSpec(circuit);
  if (fs.existsSync(transcriptPath(dir))) throw new ZkBuildError(`${dir} already holds a ceremony`);
  const compiled = await compileIfNeeded(spec, progress);
  const { power } = await verifyPtau(ptauFile, progress);
  if (Number.isFinite(power) && power < requiredPower(compiled.info))
    throw new ZkBuildError(`ptau of power ${power} is too small for ${circuit} (needs 2^${requiredPower(compiled.info)})`);
  fs.mkdirSync(dir, { recursive: true });
  const zkey = path.join(dir, `${circuit}_0000.zkey`);
  const step = progress.step(`groth16 setup ${circuit}`);
  try {
    const r = await snark.zKey.newZKey(circuitPaths(circuit).r1cs, ptauFile, zkey);
    if (r === -1) throw new ZkBuildError(`groth16 setup failed for ${circuit}`);
  } finally {
    await releaseSnarkjsWorkers();
  }
  step.done();
  const transcript: CeremonyTranscript = {
    circuit,
    r1csSha256: fileSha256(circuitPaths(circuit).r1cs),
    ptau: { file: path.resolve(ptauFile), sha256: fileSha256(ptauFile), power },
    contributions: [
      {
        index: 0,
        name: "initial",
        zkey: path.basename(zkey),
        sha256: fileSha256(zkey),
        time: new Date().toISOString(),
        kind: "initial",
      },
    ],
    finalized: false,
  };
  writeTranscript(dir, transcript);
  return transcript;
}

function nextZkey(dir: string, t: CeremonyTranscript) {
  const last = t.contributions[t.contributions.length - 1];
  const index = last.index + 1;
  return { last: path.join(dir, last.zkey), index, next: path.join(dir, `${t.circuit}_${String(index).padStart(4, "0")}.zkey`) };
}

/** Adds one contribution with fresh entropy (from the OS unless given). */
export async function ceremonyContribute(
  dir: string,
  name: string,
  progress: Progress,
  entropy?: string,
): Promise<CeremonyContribution> {
  const t = readTranscript(dir);
  if (t.finalized) throw new ZkBuildError("the ceremony is finalized: no more contributions");
  const { last, index, next } = nextZkey(dir, t);
  const step = progress.step(`phase-2 contribution #${index} by ${name}`);
  try {
    await snark.zKey.contribute(last, next, name, entropy ?? crypto.randomBytes(64).toString("hex"));
  } finally {
    await releaseSnarkjsWorkers();
  }
  step.done();
  const entry: CeremonyContribution = {
    index,
    name,
    zkey: path.basename(next),
    sha256: fileSha256(next),
    time: new Date().toISOString(),
    kind: "contribution",
  };
  t.contributions.push(entry);
  writeTranscript(dir, t);
  return entry;
}

/** Re-verifies the whole chain of the latest key against the r1cs and ptau; returns snarkjs's log. */
export async function ceremonyVerify(dir: string, progress: Progress): Promise<{ ok: boolean; log: string[] }> {
  const t = readTranscript(dir);
  const latest = path.join(dir, t.contributions[t.contributions.length - 1].zkey);
  for (const c of t.contributions) {
    const file = path.join(dir, c.zkey);
    if (fs.existsSync(file) && fileSha256(file) !== c.sha256)
      return { ok: false, log: [`${c.zkey}: hash differs from the transcript`] };
  }
  const log: string[] = [];
  const step = progress.step(`verify ${path.basename(latest)} against r1cs and ptau`);
  let ok: boolean;
  try {
    ok = await snark.zKey.verifyFromR1cs(circuitPaths(t.circuit).r1cs, t.ptau.file, latest, collectingLogger(log));
  } finally {
    await releaseSnarkjsWorkers();
  }
  step.done(ok ? "valid" : "INVALID");
  return { ok, log };
}

/** Applies a public beacon, verifies, and exports the key and verifier in place of the dev ones. */
export async function ceremonyFinalize(
  dir: string,
  beaconHash: string,
  iterationsExp: number,
  progress: Progress,
): Promise<BuiltCircuit> {
  if (!/^[0-9a-fA-F]{64}$/.test(beaconHash)) throw new ZkBuildError("beacon must be 32 bytes of hex (64 characters)");
  const t = readTranscript(dir);
  if (t.finalized) throw new ZkBuildError("the ceremony is already finalized");
  if (t.contributions.filter((c) => c.kind === "contribution").length === 0)
    throw new ZkBuildError("a ceremony needs at least one contribution before the beacon");
  const { last, index, next } = nextZkey(dir, t);
  const step = progress.step("phase-2 beacon");
  try {
    await snark.zKey.beacon(last, next, "final beacon", beaconHash, iterationsExp);
  } finally {
    await releaseSnarkjsWorkers();
  }
  step.done();
  t.contributions.push({
    index,
    name: "final beacon",
    zkey: path.basename(next),
    sha256: fileSha256(next),
    time: new Date().toISOString(),
    kind: "beacon",
    beacon: { hash: beaconHash, iterationsExp },
  });
  t.finalized = true;
  writeTranscript(dir, t);
  const { ok, log } = await ceremonyVerify(dir, progress);
  if (!ok) throw new ZkBuildError(`final key does not verify:\n${log.join("\n")}`);

  const spec = findSpec(t.circuit);
  const paths = circuitPaths(spec.name);
  fs.copyFileSync(next, paths.zkey);
  const vkey = await snark.zKey.exportVerificationKey(paths.zkey);
  fs.writeFileSync(paths.vkey, JSON.stringify(vkey, null, 1) + "\n");
  const compiled = await compileIfNeeded(spec, progress);
  if (spec.verifier) fs.writeFileSync(verifierPath(spec.name), await renderVerifier(spec, paths.zkey));
  await releaseSnarkjsWorkers();
  const built: BuiltCircuit = {
    spec,
    info: compiled.info,
    ptauPower: t.ptau.power,
    vkeyHash: vkeyHash(vkey),
    publicSignals: compiled.publicSignals,
    rebuilt: { compile: false, setup: true },
  };
  writeKeysManifest([built]);
  return built;
}
