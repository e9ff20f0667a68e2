/**
 * Typed access to the parts of snarkjs the pipeline, the SDK and the tests use. snarkjs ships no
 * type declarations, so this module is the one place where its shapes are declared.
 */
import fs from "node:fs";
import path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- snarkjs ships no types; SnarkJs below declares them
const snarkjs = require("snarkjs");

export interface SnarkLogger {
  /** snarkjs calls `log` on large instances (2^16 and above), e.g. while writing a new accumulator. */
  log(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Groth16Proof {
  pi_a: [string, string, string];
  pi_b: [[string, string], [string, string], [string, string]];
  pi_c: [string, string, string];
  protocol: "groth16";
  curve: "bn128";
}

export interface VerificationKey {
  protocol: string;
  curve: string;
  nPublic: number;
  [key: string]: unknown;
}

export interface R1csInfo {
  nConstraints: number;
  nPubInputs: number;
  nPrvInputs: number;
  nOutputs: number;
  nVars: number;
}

/** A circuit input: a signal, or a (possibly nested) array of signals. */
type SignalValue = bigint | string | number | SignalValue[];
type SignalInput = Record<string, SignalValue>;

export interface SnarkJs {
  powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: string, logger?: SnarkLogger): Promise<unknown>;
    beacon(
      oldFile: string,
      newFile: string,
      name: string,
      beaconHash: string,
      iterationsExp: number,
      logger?: SnarkLogger,
    ): Promise<unknown>;
    contribute(oldFile: string, newFile: string, name: string, entropy: string, logger?: SnarkLogger): Promise<unknown>;
    preparePhase2(oldFile: string, newFile: string, logger?: SnarkLogger): Promise<unknown>;
    verify(file: string, logger?: SnarkLogger): Promise<boolean>;
  };
  zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: SnarkLogger): Promise<unknown>;
    beacon(
      oldZkey: string,
      newZkey: string,
      name: string,
      beaconHash: string,
      iterationsExp: number,
      logger?: SnarkLogger,
    ): Promise<unknown>;
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: SnarkLogger): Promise<unknown>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: SnarkLogger): Promise<boolean>;
    exportVerificationKey(zkey: string, logger?: SnarkLogger): Promise<VerificationKey>;
    exportSolidityVerifier(zkey: string, templates: Record<string, string>, logger?: SnarkLogger): Promise<string>;
  };
  groth16: {
    fullProve(
      input: SignalInput,
      wasm: string,
      zkey: string,
      logger?: SnarkLogger,
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vkey: VerificationKey, publicSignals: string[], proof: Groth16Proof, logger?: SnarkLogger): Promise<boolean>;
    exportSolidityCallData(proof: Groth16Proof, publicSignals: string[]): Promise<string>;
  };
  r1cs: { info(file: string, logger?: SnarkLogger): Promise<R1csInfo> };
  wtns: {
    calculate(input: SignalInput, wasm: string, wtnsFile: string | { type: "mem"; data?: Uint8Array }): Promise<void>;
  };
}

export const snark: SnarkJs = snarkjs;

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
