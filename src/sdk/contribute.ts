/** Contributing from Node: submission.ts's steps, proved with the cached keys (`npx hardhat zk:build`). */
import { cachedCircuitKeys } from "../zk/cached-keys";
import { proveGroth16 } from "../zk/groth16";
import type { Guardians } from "./client";
import { prepareContribution, submitPreparedContribution, type ContributeRequest, type Contribution } from "./submission";

/**
 * Checks an update against the round before anything else (an over-bound update gets a clear message
 * and no transaction), proves it with the cached keys, then submits it with its sealed opening and
 * exactly the bond balance's shortfall (submission.ts). Returns the attestation uid, the deposit, the
 * transaction and the proving time.
 */
export async function contribute(g: Guardians, request: ContributeRequest): Promise<Contribution & { proveMs: number }> {
  const prepared = await prepareContribution(g, request);
  const keys = cachedCircuitKeys(prepared.circuit.name);
  const step = g.progress.step(`proving (${prepared.circuit.name})`);
  const started = performance.now();
  const proved = await proveGroth16(prepared.input, keys, (_stage, done, total) => {
    if (done !== undefined && total) step.update(done, total, "proving");
  });
  const proveMs = performance.now() - started;
  step.done();
  return { ...(await submitPreparedContribution(g, prepared, proved)), proveMs };
}
