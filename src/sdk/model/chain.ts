/**
 * The chain as `model verify` reads it: ModelChainView over the deployed ModelRegistry and
 * RoundManager. Every value comes from contract storage; nothing is taken from the aggregator.
 */
import { VERSION_STATUSES, ROUND_STATUSES } from "../enums";
import { CONTRACT_STEPS, addressOf, type Protocol } from "../deployments";
import { ArgumentError } from "../errors";
import { unpackWeights } from "../../zk";
import { artifactHash } from "./artifact";
import {
  verifyModelVersion,
  type ModelChainView,
  type ModelFileSource,
  type ModelVerificationReport,
  type ModelVersionRecord,
  type RoundAggregationRecord,
} from "./verify";

/** ModelChainView over `protocol`'s contracts. */
export function chainModelView(protocol: Protocol): ModelChainView {
  const { modelRegistry, roundManager, deployment } = protocol;
  return {
    async version(id: bigint): Promise<ModelVersionRecord> {
      const status = VERSION_STATUSES[Number(await modelRegistry.statusOf(id))];
      if (status === "None") return { versionId: id, parentId: 0n, roundId: 0n, weightsHash: "", status, registrar: "" };
      const v = await modelRegistry.versionOf(id);
      return {
        versionId: id,
        parentId: v.parentId,
        roundId: v.roundId,
        weightsHash: v.weightsHash,
        status,
        registrar: v.registrar,
      };
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

/** Verifies `versionId`'s provenance against the chain, back to its genesis (docs/MODELS.md). */
export async function verifyModel(
  protocol: Protocol,
  versionId: bigint,
  files: ModelFileSource,
): Promise<ModelVerificationReport> {
  if ((await protocol.modelRegistry.statusOf(versionId)) === 0n) throw new ArgumentError(`model version ${versionId} is unknown`);
  return verifyModelVersion(chainModelView(protocol), versionId, files);
}

/** What the chain alone says of a version's provenance: which round's proof, or governance. */
export interface ModelProvenance {
  versionId: bigint;
  /** "round": registered by the RoundManager when an aggregation proof finalized `roundId`. */
  kind: "round" | "governance";
  roundId: bigint;
  /** The contributions the proven selection included, of the round's `contributions`. */
  included: number;
  contributions: number;
  aggregateCommitment: bigint;
}

/** A version's provenance from the chain alone (no file needed). */
export async function modelProvenance(protocol: Protocol, versionId: bigint): Promise<ModelProvenance> {
  const version = await protocol.modelRegistry.versionOf(versionId);
  const fromRounds = version.registrar.toLowerCase() === (await protocol.roundManager.getAddress()).toLowerCase();
  if (!fromRounds || version.roundId === 0n)
    return { versionId, kind: "governance", roundId: 0n, included: 0, contributions: 0, aggregateCommitment: 0n };
  const round = await protocol.roundManager.getRound(version.roundId);
  const shape = {
    k: Number(round.contributions),
    n: Number(round.n),
    bits: Number(round.bits),
    headroom: Number(round.headroom),
  };
  const included = unpackWeights(round.selection, shape).filter((w) => w > 0n).length;
  return {
    versionId,
    kind: "round",
    roundId: version.roundId,
    included,
    contributions: Number(round.contributions),
    aggregateCommitment: BigInt(version.aggregateCommitment),
  };
}

/** One line for people: where a version comes from, as the chain proves it. */
export function describeProvenance(p: ModelProvenance): string {
  return p.kind === "round"
    ? `round ${p.roundId}'s aggregation proof, verified on chain: ${p.included} of ${p.contributions} contributions selected, aggregate commitment ${p.aggregateCommitment}`
    : "registered by governance (a genesis or out-of-round model)";
}

/** Model files given by their bytes, each standing for the version whose on-chain weightsHash it hashes to. */
export function modelFilesByHashOf(protocol: Protocol, files: readonly Uint8Array[]): ModelFileSource {
  const byHash = new Map<string, Uint8Array>(files.map((bytes) => [artifactHash(bytes), bytes]));
  return async (id: bigint) => byHash.get((await protocol.modelRegistry.versionOf(id)).weightsHash.toLowerCase());
}

/** One model version as the registry stores it, with its provenance: what `model list` and `model show` print. */
export interface ModelVersionInfo {
  versionId: bigint;
  weightsHash: string;
  uri: string;
  accuracyBps: number;
  parentId: bigint;
  roundId: bigint;
  status: (typeof VERSION_STATUSES)[number];
  registrar: string;
  registeredAt: bigint;
  champion: boolean;
  provenance: ModelProvenance;
}

/** One version's record and provenance; an unknown id is the user's mistake. */
export async function modelVersionInfo(protocol: Protocol, versionId: bigint): Promise<ModelVersionInfo> {
  const { modelRegistry } = protocol;
  const status = VERSION_STATUSES[Number(await modelRegistry.statusOf(versionId))];
  if (status === "None" || status === undefined) {
    const count = await modelRegistry.versionCount();
    throw new ArgumentError(
      `model version ${versionId} is unknown (${count === 0n ? "no version is registered" : `versions are 1 to ${count}`})`,
    );
  }
  const v = await modelRegistry.versionOf(versionId);
  return {
    versionId,
    weightsHash: v.weightsHash,
    uri: v.uri,
    accuracyBps: Number(v.accuracyBps),
    parentId: v.parentId,
    roundId: v.roundId,
    status,
    registrar: v.registrar,
    registeredAt: BigInt(v.registeredAt),
    champion: (await modelRegistry.champion()) === versionId,
    provenance: await modelProvenance(protocol, versionId),
  };
}

/** Every registered version, oldest first. */
export async function listModelVersions(protocol: Protocol): Promise<ModelVersionInfo[]> {
  const count = await protocol.modelRegistry.versionCount();
  const versions: ModelVersionInfo[] = [];
  for (let id = 1n; id <= count; id++) versions.push(await modelVersionInfo(protocol, id));
  return versions;
}

/** `model show`'s lines for one version (`model list` prints the first line of each). */
export function formatModelVersion(v: ModelVersionInfo): string[] {
  return [
    `model version ${v.versionId}: ${v.status}${v.champion ? " (champion)" : ""}`,
    `  hash: ${v.weightsHash}`,
    `  uri: ${v.uri}`,
    `  accuracy: ${(v.accuracyBps / 100).toFixed(2)}% (${v.accuracyBps} bps)`,
    `  parent: ${v.parentId === 0n ? "none (a genesis)" : `version ${v.parentId}`}`,
    `  round: ${v.roundId === 0n ? "none" : v.roundId}`,
    `  registrar: ${v.registrar}`,
    `  registered: ${new Date(Number(v.registeredAt) * 1000).toISOString()}`,
    `  provenance: ${describeProvenance(v.provenance)}`,
  ];
}
