import fs from "node:fs";
import path from "node:path";

import { PROJECT_ROOT } from "../../core/paths";
import { parseManifest, type CircuitSpec } from "../circuits";

export { ManifestError, parseManifest, type CircuitSpec } from "../circuits";

export const CIRCUITS_DIR = path.join(PROJECT_ROOT, "circuits");
export const MANIFEST_PATH = path.join(CIRCUITS_DIR, "circuits.json");
export const GENERATED_CONTRACTS_DIR = path.join(PROJECT_ROOT, "contracts", "generated");
export const ZK_CACHE_DIR = process.env.GUARDIANS_ZK_CACHE
  ? path.resolve(process.env.GUARDIANS_ZK_CACHE)
  : path.join(PROJECT_ROOT, ".cache", "zk");

/** Reads and validates the manifest file; every problem is reported with the field that causes it. */
export function loadManifest(manifestPath: string = MANIFEST_PATH): CircuitSpec[] {
  const raw: unknown = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  return parseManifest(raw, manifestPath, (file) => fs.existsSync(path.join(CIRCUITS_DIR, `${file}.circom`)));
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
