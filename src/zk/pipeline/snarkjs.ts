/**
 * snarkjs's Node-only side for the pipeline: its package folder and version (the typed API itself is
 * src/zk/snarkjs.ts, shared with the browser).
 */
import fs from "node:fs";
import path from "node:path";

export { snark, type Groth16Proof, type R1csInfo, type SnarkJs, type SnarkLogger, type VerificationKey } from "../snarkjs";

/**
 * snarkjs keeps one multi-threaded bn128 curve alive in a global; its worker threads hold the
 * process open. Call this when a command is done with proving or setup.
 */
export async function releaseSnarkjsWorkers(): Promise<void> {
  const holder = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  if (holder.curve_bn128) {
    await holder.curve_bn128.terminate();
    holder.curve_bn128 = null;
  }
}

/** snarkjs's package folder (its "exports" map hides package.json and the templates). */
export function snarkjsDir(): string {
  // require.resolve("snarkjs") points at build/main.cjs.
  return path.resolve(path.dirname(require.resolve("snarkjs")), "..");
}

export function snarkjsVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(snarkjsDir(), "package.json"), "utf8")) as { version: string }).version;
}
