/**
 * Proves a prepared contribution off the main thread (the page stays responsive). The page
 * cancels by terminating the worker; nothing is sent from here.
 */
import { proveGroth16 } from "../../src/zk/groth16";
import type { Groth16Proof } from "./sdk";

export interface ProveRequest {
  input: Parameters<typeof proveGroth16>[0];
  wasm: Uint8Array;
  zkey: Uint8Array;
}

export type ProverMessage =
  | { type: "progress"; stage: string; done?: number; total?: number }
  | { type: "done"; proof: Groth16Proof; publicSignals: string[]; ms: number }
  | { type: "error"; message: string };

/** The worker's global, typed without the webworker lib (it conflicts with the DOM lib in one program). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ProveRequest>) => void) | null;
  postMessage(message: ProverMessage): void;
};

scope.onmessage = async (event: MessageEvent<ProveRequest>) => {
  const { input, wasm, zkey } = event.data;
  const post = (m: ProverMessage) => scope.postMessage(m);
  const started = performance.now();
  try {
    const result = await proveGroth16(input, { wasm, zkey }, (stage, done, total) =>
      post({ type: "progress", stage, done, total }),
    );
    post({ type: "done", proof: result.proof, publicSignals: result.publicSignals, ms: performance.now() - started });
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};
