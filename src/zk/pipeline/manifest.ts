import fs from "node:fs";
import path from "node:path";

import { UserError } from "../../core/errors";
import { PROJECT_ROOT } from "../../core/paths";

/** One circuit instance of circuits/circuits.json, in the spirit of circomkit's circuits.json. */
export interface CircuitSpec {
  /** Unique instance name, snake_case; also names the cache folder and the verifier contract. */
  name: string;
  /** Source file in circuits/, without the .circom extension. */
  file: string;
  /** Template instantiated as `main`. */
  template: string;
  /** Template parameters, in order. */
  params: number[];
  /** Public inputs of `main` (outputs are always public). */
  publicInputs: string[];
  /** Build group: each group shares one powers-of-tau and is built as a unit. */
  group: string;
  /** Whether a Solidity verifier is exported into contracts/generated/. */
  verifier: boolean;
}

export const CIRCUITS_DIR = path.join(PROJECT_ROOT, "circuits");
export const MANIFEST_PATH = path.join(CIRCUITS_DIR, "circuits.json");
export const GENERATED_CONTRACTS_DIR = path.join(PROJECT_ROOT, "contracts", "generated");
export const ZK_CACHE_DIR = process.env.GUARDIANS_ZK_CACHE
  ? path.resolve(process.env.GUARDIANS_ZK_CACHE)
  : path.join(PROJECT_ROOT, ".cache", "zk");

export class ManifestError extends UserError {
  override name = "ManifestError";
}

const NAME = /^[a-z][a-z0-9_]*$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads and validates the manifest; every problem is reported with the field that causes it. */
export function loadManifest(manifestPath: string = MANIFEST_PATH): CircuitSpec[] {
  const raw: unknown = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  const entries = (raw as { circuits?: Record<string, unknown> }).circuits;
  if (!entries || typeof entries !== "object") throw new ManifestError(`${manifestPath}: missing "circuits" object`);
  return Object.entries(entries).map(([name, value]) => {
    const v = value as Record<string, unknown>;
    const where = `${manifestPath}: circuit "${name}"`;
    if (!NAME.test(name)) throw new ManifestError(`${where}: name must match ${NAME}`);
    if (typeof v.file !== "string" || !fs.existsSync(path.join(CIRCUITS_DIR, `${v.file}.circom`)))
      throw new ManifestError(`${where}: "file" must name a file in circuits/ (without .circom)`);
    if (typeof v.template !== "string" || !IDENT.test(v.template))
      throw new ManifestError(`${where}: "template" must be a circom identifier`);
    if (!Array.isArray(v.params) || !v.params.every((p) => Number.isSafeInteger(p) && p >= 0))
      throw new ManifestError(`${where}: "params" must be an array of non-negative integers`);
    if (!Array.isArray(v.publicInputs) || !v.publicInputs.every((p) => typeof p === "string" && IDENT.test(p)))
      throw new ManifestError(`${where}: "publicInputs" must be an array of signal names`);
    if (typeof v.group !== "string" || !NAME.test(v.group)) throw new ManifestError(`${where}: "group" must be a name`);
    if (typeof v.verifier !== "boolean") throw new ManifestError(`${where}: "verifier" must be true or false`);
    return {
      name,
      file: v.file,
      template: v.template,
      params: v.params as number[],
      publicInputs: v.publicInputs as string[],
      group: v.group,
      verifier: v.verifier,
    };
  });
}

/** `contribution_n32` → `ContributionN32Verifier`: the generated Solidity contract name. */
export function verifierContractName(circuitName: string): string {
  const pascal = circuitName
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
  return `${pascal}Verifier`;
}

/** Where the build keeps one circuit's artifacts (all of them outside git). */
export function circuitPaths(name: string, cacheDir: string = ZK_CACHE_DIR) {
  const dir = path.join(cacheDir, "circuits", name);
  return {
    dir,
    main: path.join(dir, `${name}.circom`),
    r1cs: path.join(dir, `${name}.r1cs`),
    sym: path.join(dir, `${name}.sym`),
    wasm: path.join(dir, `${name}_js`, `${name}.wasm`),
    zkey: path.join(dir, `${name}.zkey`),
    vkey: path.join(dir, `${name}.vkey.json`),
    stamp: path.join(dir, "stamp.json"),
  };
}

export function verifierPath(name: string): string {
  return path.join(GENERATED_CONTRACTS_DIR, `${verifierContractName(name)}.sol`);
}
