import { AbiCoder, keccak256 } from "ethers";

import type { Progress } from "../../core/progress";
import {
  ATTESTATION_STATUSES,
  aggregateRound,
  castVote,
  executeProposal,
  finalizeRound,
  formatVerificationReport,
  modelActivationActions,
  propose,
  queueProposal,
  verifyModel,
} from "../../sdk";
import type { Governed, RoundOutcome } from "../driver";
import { DemoChain, gasOf, mergeGas } from "./context";

/**
 * Closes the round and finalizes it with the aggregation proof of the aggregator's selection: the
 * candidate's model file is the rule applied to the parent's file and the proven aggregate. Then
 * governance (propose, vote, queue, execute) activates it and revokes the flagged contributions, and
 * the activated version is checked with model verify, back to the genesis.
 */
export async function govern(chain: DemoChain, round: number, outcome: RoundOutcome, p: Progress): Promise<Governed> {
  const d = chain.deployer();
  const g = chain.config().governance;
  const { roundManager: rm, modelRegistry } = d.protocol;
  const roundId = chain.roundIdOf(round);
  const closing = p.step(`round ${round}: window closes; the aggregator proves its selection and finalizes`);
  const info = await rm.getRound(roundId);
  await chain.advanceTo(info.closesAt + 1n);
  const parentFile = chain.modelFiles.get(info.baseModelVersion);
  if (!parentFile) throw new Error(`no model file for the round's base version ${info.baseModelVersion}`);
  // The aggregator's path of a real round (src/sdk/aggregator.ts): every opening is read from the
  // chain and decrypted with the aggregator's key, never handed over in memory. The learning side's
  // audit verdicts and weights are the aggregator's choices; the openings they were computed on must
  // be exactly what the chain delivered.
  const chosen = new Map(outcome.selection.map((s) => [s.contribution.uid.toLowerCase(), s]));
  const flaggedUids = new Set(outcome.flagged.map((c) => c.uid.toLowerCase()));
  const scale = 2 ** Number(info.fracBits);
  const { prepared, candidate, selection } = await aggregateRound(d, roundId, chain.aggregatorKey, {
    parentBytes: parentFile,
    audit: (updates) =>
      updates.map((u) => {
        const learned = chosen.get(u.uid);
        if (!learned || learned.update.some((q, j) => Number(q) / scale !== u.update[j]))
          throw new Error(`round ${round}: the opening delivered on chain for ${u.uid} is not the update the aggregator audited`);
        const flagged = flaggedUids.has(u.uid);
        return { flagged, reason: flagged ? "flagged by the leave-one-out audit" : "kept by the leave-one-out audit" };
      }),
    weigh: (kept) => new Map(kept.map((u) => [u.uid, chosen.get(u.uid)?.weight ?? 0n])),
  });
  for (const s of selection) {
    const expected = chosen.get(s.review.contribution.uid.toLowerCase())?.weight ?? 0n;
    if (s.weight !== expected)
      throw new Error(
        `round ${round}: ${s.review.contribution.uid} got weight ${s.weight} on the chain path, ${expected} on the learning side`,
      );
  }
  if (
    candidate.artifact.weights.some((w, j) => w !== outcome.weights[j]) ||
    candidate.artifact.weights.length !== outcome.weights.length
  )
    throw new Error(`round ${round}: the candidate's model file differs from the model the aggregator computed`);
  const metrics = AbiCoder.defaultAbiCoder().encode(
    ["uint256", "uint256"],
    [Math.round(outcome.accuracy * 1e6), Math.round(outcome.loss * 1e6)],
  );
  const finalized = await finalizeRound(d, prepared, {
    weightsHash: candidate.weightsHash,
    uri: `guardians-demo://seed-${chain.seed}/round-${round}`,
    accuracyBps: Math.round(outcome.accuracy * 10_000),
    metricsHash: keccak256(metrics),
  });
  const version = finalized.candidateVersion;
  const modelFile = chain.keepModelFile(version, candidate.bytes);
  const selected = prepared.weights.filter((w) => w > 0n).length;
  closing.done(
    `candidate model version ${version}: ${selected} of ${prepared.weights.length} contributions selected (weights ${prepared.weights.join(", ")}), accuracy ${(outcome.accuracy * 100).toFixed(1)}%`,
  );

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
  const checking = p.step(`model verify: version ${version} against the chain, back to the genesis`);
  const report = await verifyModel(d.protocol, version, async (id) => chain.modelFiles.get(id));
  if (!report.verified)
    throw new Error(`model version ${version} does not verify:\n${formatVerificationReport(report).join("\n")}`);
  checking.done(`✓ ${report.links.length} versions, every link checked`);
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
    weightsHash: candidate.weightsHash,
    modelFile,
    verified: report.verified,
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
