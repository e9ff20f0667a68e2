/**
 * Typed access to the parts of snarkjs the pipeline, the SDK, the app and the tests use. snarkjs ships
 * no type declarations, so this module is the one place where its shapes are declared. It imports
 * snarkjs as a module, so that a bundler picks snarkjs's browser build and Node its CommonJS build.
 */
import * as snarkjsModule from "snarkjs";

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
    /** wasm and zkey: a path (Node), a URL (browser), or the file's bytes. */
    fullProve(
      input: SignalInput,
      wasm: string | Uint8Array,
      zkey: string | Uint8Array,
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

/** snarkjs, typed. */
export const snark = snarkjsModule as unknown as SnarkJs;
