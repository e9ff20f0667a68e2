/**
 * The chain as `model verify` reads it: ModelChainView over the deployed ModelRegistry and
 * RoundManager. Every value comes from contract storage; nothing is taken from the aggregator.
 */
import { VERSION_STATUSES, ROUND_STATUSES } from "../enums";
import { CONTRACT_STEPS, addressOf, type Protocol } from "../deployments";
import type { ModelChainView, ModelVersionRecord, RoundAggregationRecord } from "./verify";

/** ModelChainView over `protocol`'s contracts. */
export function chainModelView(protocol: Protocol): ModelChainView {
  const { modelRegistry, roundManager, deployment } = protocol;
  return {
    async version(id: bigint): Promise<ModelVersionRecord> {
      const status = VERSION_STATUSES[Number(await modelRegistry.statusOf(id))];
      if (status === "None") return { versionId: id, parentId: 0n, roundId: 0n, weightsHash: "", status, registrar: "" };
      const v = await modelRegistry.versionOf(id);
      return { versionId: id, parentId: v.parentId, roundId: v.roundId, weightsHash: v.weightsHash, status, registrar: v.registrar };
    },

    async roundAggregation(roundId: bigint): Promise<RoundAggregationRecord | null> {
      const round = await roundManager.getRound(roundId);
      if (ROUND_STATUSES[Number(round.status)] !== "Finalized") return null;
      // A finalized round was finalized by its aggregation proof (RoundManager.finalizeRound), which
      // registered its candidate with the proven aggregate commitment.
      const candidate = await modelRegistry.versionOf(round.candidateVersion);
      return {
        roundId,
        baseModelVersion: round.baseModelVersion,
        candidateVersion: round.candidateVersion,
        n: Number(round.n),
        bits: Number(round.bits),
        fracBits: Number(round.fracBits),
        headroom: Number(round.headroom),
        aggregateCommitment: BigInt(candidate.aggregateCommitment),
        weights: round.selection,
        contributions: Number(round.contributions),
      };
    },

    async genesisRegistrars(): Promise<readonly string[]> {
      // Governance registers genesis and out-of-round models; the deployment registered the first
      // genesis itself, as governance's first act, before handing every role to the Timelock.
      const timelock = addressOf(deployment, CONTRACT_STEPS.timelock);
      return deployment.deployer ? [timelock, deployment.deployer] : [timelock];
    },
  };
}
