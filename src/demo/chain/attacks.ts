/**
 * The two forced attacks. They prove and submit around the SDK on purpose: the SDK refuses them
 * locally, and the point is to show that the contract refuses them too.
 */
import { UserError } from "../../core/errors";
import type { Progress } from "../../core/progress";
import { SAMPLE_OPENING, TxRevertedError, contribute, ensureBondBalance, memberTree, withdrawBonds } from "../../sdk";
import { CONTRIBUTION_SIGNAL, ContributionCalldata, updateCommitment } from "../../zk";
import { proveContribution } from "../../zk/prover";
import type { GasReport, Rejection } from "../driver";
import { DemoChain, Member, gasOf, mergeGas } from "./context";

/** Proves outside the SDK, for the forced attacks only (the SDK would refuse to send them). */
async function proveDirectly(chain: DemoChain, member: Member, round: number, update: readonly bigint[], salt: bigint) {
  const rm = member.session.protocol.roundManager;
  const roundId = chain.roundIdOf(round);
  const { tree } = await memberTree(member.session);
  return proveContribution(
    {
      identity: member.identity,
      tree,
      update,
      salt,
      roundScope: await rm.roundScope(roundId),
      l2BoundSq: chain.codec.l2BoundSq,
      recipient: member.address,
    },
    { circuit: chain.circuit },
  );
}

/**
 * Submits a proof the SDK would not send; resolves with the contract's custom error. The contract
 * checks the bond balance before the proof, so the member first covers the round's bond (as the
 * SDK's contribute does); the rejected submission takes none of it, and the member withdraws the
 * deposit again.
 */
async function forceSubmit(
  chain: DemoChain,
  member: Member,
  round: number,
  calldata: ContributionCalldata,
  what: string,
): Promise<Rejection> {
  const { roundManager: rm } = member.session.protocol;
  const roundId = chain.roundIdOf(round);
  const { bond } = await rm.getRound(roundId);
  const deposit = await ensureBondBalance(member.session, bond, `round ${roundId}'s bond`);
  const bondBalance = await rm.bondBalanceOf(member.address);
  let refusal: unknown;
  try {
    await member.session.send("submit", () =>
      rm.submit(roundId, { pA: calldata.pA, pB: calldata.pB, pC: calldata.pC }, calldata.pubSignals, SAMPLE_OPENING),
    );
  } catch (error) {
    refusal = error;
  }
  if (refusal === undefined) throw new Error(`${what} was accepted by the contract`);
  // The SDK decodes the revert (from the gas estimate: nothing was mined) into the custom error.
  if (!(refusal instanceof TxRevertedError)) throw refusal;
  if ((await rm.bondBalanceOf(member.address)) !== bondBalance)
    throw new Error(`the rejected ${what} changed ${member.name}'s bond balance`);
  const gas: GasReport[] = [];
  if (deposit.outcomes.length) gas.push(gasOf("deposit bonds", ...deposit.outcomes));
  if (deposit.amount > 0n) gas.push(gasOf("withdraw bonds", (await withdrawBonds(member.session, deposit.amount)).outcome));
  return { error: refusal.errorName ?? refusal.message, ...mergeGas(...gas) };
}

/**
 * The best forgery available: a valid proof of the update scaled into the bound, with the public
 * commitment swapped for the over-bound update's. The pairing check must fail.
 */
export async function forceContribution(
  chain: DemoChain,
  name: string,
  round: number,
  update: readonly bigint[],
  p: Progress,
): Promise<Rejection> {
  const member = chain.memberOf(name);
  const step = p.step(`${name} forges a proof for its over-bound update and submits it anyway`);
  const salt = chain.saltFor(name, round, "forged");
  const proof = await proveDirectly(chain, member, round, clipIntoBound(update, chain.codec.l2BoundSq), salt);
  const forged = [...proof.calldata.pubSignals] as ContributionCalldata["pubSignals"];
  forged[CONTRIBUTION_SIGNAL.UPDATE_COMMITMENT] = updateCommitment(update, salt, chain.circuit);
  const rejection = await forceSubmit(
    chain,
    member,
    round,
    { ...proof.calldata, pubSignals: forged },
    "a forged over-bound contribution",
  );
  step.done(`reverted: ${rejection.error}`);
  return rejection;
}

/** A second contribution in one round: refused by the SDK, then by the contract's nullifier check. */
export async function contributeAgain(
  chain: DemoChain,
  name: string,
  round: number,
  update: readonly bigint[],
  p: Progress,
): Promise<Rejection> {
  const member = chain.memberOf(name);
  const step = p.step(`${name} tries a second contribution in round ${round}`);
  let sdkRefusal = "";
  try {
    await contribute(member.session, {
      identity: member.identity,
      update: chain.codec.dequantize(update),
      roundId: chain.roundIdOf(round),
    });
    throw new Error(`the SDK sent ${name}'s second contribution`);
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof TxRevertedError) throw error;
    sdkRefusal = error.message;
  }
  // Past the SDK's check, straight to the contract: the nullifier is what stops it there.
  const proof = await proveDirectly(chain, member, round, update, chain.saltFor(name, round, "second"));
  const rejection = await forceSubmit(chain, member, round, proof.calldata, "a second contribution in one round");
  step.done(`SDK: "${sdkRefusal}"; contract: ${rejection.error}`);
  return rejection;
}

/** Scales an integer vector down until Σq² fits `boundSq` (the forger's provable stand-in). */
function clipIntoBound(update: readonly bigint[], boundSq: bigint): bigint[] {
  const normSq = update.reduce((s, q) => s + q * q, 0n);
  if (normSq <= boundSq) return [...update];
  const ratio = Math.sqrt(Number(boundSq) / Number(normSq)) * 0.999;
  return update.map((q) => BigInt(Math.trunc(Number(q) * ratio)));
}
