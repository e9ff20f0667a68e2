import { AbiCoder, keccak256 } from "ethers";

import type { Progress } from "../../core/progress";
import {
  ATTESTATION_STATUSES,
  castVote,
  contributionsRoot,
  executeProposal,
  finalizeRound,
  modelActivationActions,
  propose,
  queueProposal,
} from "../../sdk";
import type { Governed, RoundOutcome } from "../driver";
import { DemoChain, gasOf, mergeGas } from "./context";

/**
 * Closes the round, registers the aggregated model as a candidate with its metrics, and runs
 * governance (propose, vote, queue, execute) to activate it and revoke the flagged contributions.
 */
export async function govern(chain: DemoChain, round: number, outcome: RoundOutcome, p: Progress): Promise<Governed> {
  const d = chain.deployer();
  const g = chain.config().governance;
  const { roundManager: rm, modelRegistry } = d.protocol;
  const roundId = chain.roundIdOf(round);
  const closing = p.step(`round ${round}: window closes; the coordinator finalizes and registers the candidate`);
  const info = await rm.getRound(roundId);
  await chain.advanceTo(info.closesAt + 1n);
  const flaggedUids = new Set(outcome.flagged.map((c) => c.uid));
  const aggregated = outcome.accepted.filter((c) => !flaggedUids.has(c.uid)).map((c) => c.uid);
  const weights = JSON.stringify(outcome.parameters);
  const metrics = AbiCoder.defaultAbiCoder().encode(
    ["uint256", "uint256"],
    [Math.round(outcome.accuracy * 1e6), Math.round(outcome.loss * 1e6)],
  );
  const finalized = await finalizeRound(
    d,
    roundId,
    {
      weightsHash: keccak256(Buffer.from(weights)),
      uri: `guardians-demo://seed-${chain.seed}/round-${round}`,
      accuracyBps: Math.round(outcome.accuracy * 10_000),
      metricsHash: keccak256(metrics),
    },
    contributionsRoot(aggregated),
  );
  const version = finalized.candidateVersion;
  closing.done(`candidate model version ${version}, accuracy ${(outcome.accuracy * 100).toFixed(1)}%`);

  const governing = p.step(
    `governance: activate version ${version}${outcome.flagged.length ? `, revoke ${outcome.flagged.map((c) => c.member).join(", ")}` : ""}`,
    4,
  );
  const actions = await modelActivationActions(d, version, `Round ${round}: activate model version ${version}`);
  const rmAddress = await rm.getAddress();
  for (const c of outcome.flagged) {
    actions.targets.push(rmAddress);
    actions.values.push(0n);
    actions.calldatas.push(
      rm.interface.encodeFunctionData("revokeContribution", [c.uid, "flagged by the aggregation evaluation (leave-one-out)"]),
    );
  }
  if (outcome.flagged.length) actions.description += `; revoke ${outcome.flagged.length} flagged contribution(s)`;
  const proposed = await propose(d, actions);
  governing.update(1, 4, "proposed");
  await chain.advance(g.votingDelay + 1);
  const vote = await castVote(d, proposed.proposalId, "for", "held-out metrics and the aggregation evaluation support it");
  governing.update(2, 4, "voted");
  await chain.advanceTo((await d.protocol.governor.proposalDeadline(proposed.proposalId)) + 1n);
  const queued = await queueProposal(d, proposed.proposalId);
  governing.update(3, 4, "queued");
  await chain.advanceTo(await d.protocol.governor.proposalEta(proposed.proposalId));
  const executed = await executeProposal(d, proposed.proposalId);
  governing.done("executed");
  if ((await modelRegistry.champion()) !== version)
    throw new Error(`model version ${version} is not the champion after execution`);
  const forfeited: Record<string, bigint> = {};
  for (const c of outcome.flagged) {
    if ((await rm.getAttestation(c.uid)).status !== BigInt(ATTESTATION_STATUSES.indexOf("Revoked"))) {
      throw new Error(`${c.member}'s contribution is not revoked after execution`);
    }
    forfeited[c.uid] = info.bond;
    chain.revokedUids.add(c.uid);
  }
  return {
    modelVersion: version.toString(),
    forfeited,
    ...mergeGas(
      gasOf("finalizeRound", finalized.outcome),
      gasOf("propose", proposed.outcome),
      gasOf("vote", vote),
      gasOf("queue", queued),
      gasOf("execute", executed),
    ),
  };
}
