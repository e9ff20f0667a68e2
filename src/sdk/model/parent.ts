/** A round's base model: the model file a participant trains on and the aggregator's update applies to. */
import type { Guardians } from "../client";
import { ROUND_STATUSES } from "../enums";
import { ArgumentError, UserError } from "../errors";
import { artifactHash, parseArtifact, type ModelArtifact } from "./artifact";

/** A round's base model version, checked against the chain. */
export interface ParentModel {
  version: bigint;
  weightsHash: string;
  artifact: ModelArtifact;
}

/**
 * Checks that `bytes` is the model file of round `roundId`'s base version (its hash is the version's
 * on-chain weightsHash) at the round's fixed-point scale; each mistake is one line.
 */
export async function parentModelOf(g: Guardians, roundId: bigint, bytes: Uint8Array): Promise<ParentModel> {
  const round = await g.protocol.roundManager.getRound(roundId);
  if (ROUND_STATUSES[Number(round.status)] === "None") throw new ArgumentError(`round ${roundId} does not exist`);
  const parentVersion = await g.protocol.modelRegistry.versionOf(round.baseModelVersion);
  const hash = artifactHash(bytes);
  if (hash !== parentVersion.weightsHash.toLowerCase())
    throw new UserError(
      `the parent model file hashes to ${hash}, but base version ${round.baseModelVersion}'s weightsHash is ${parentVersion.weightsHash}`,
    );
  const artifact = parseArtifact(bytes);
  if (artifact.fracBits !== Number(round.fracBits))
    throw new UserError(`the parent model has ${artifact.fracBits} fractional bits, round ${roundId} ${round.fracBits}`);
  return { version: round.baseModelVersion, weightsHash: parentVersion.weightsHash, artifact };
}
