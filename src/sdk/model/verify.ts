import {
  GENESIS_RULE,
  WEIGHTED_MEAN_RULE,
  aggregateCommitmentOf,
  applyAggregate,
  artifactHash,
  parseArtifact,
  type ModelArtifact,
  type RoundArtifact,
} from "./artifact";
import { ProofInputError, packWeights } from "../../zk";

/**
 * `model verify`: walks a model version's provenance back to a genesis and checks, link by link,
 * that each artifact file is the one the chain registered and that each round version's weights
 * are the rule applied to its parent's weights and the aggregate the round proved. Pure: the chain
 * is read through ModelChainView, files through a callback (docs/MODELS.md).
 */

/** A ModelRegistry version as the verifier reads it. */
export interface ModelVersionRecord {
  versionId: bigint;
  /** 0 for a version with no parent. */
  parentId: bigint;
  /** 0 for a version no round produced. */
  roundId: bigint;
  weightsHash: string;
  /** IModelRegistry.VersionStatus by name; "None" for an id that was never registered. */
  status: string;
  registrar: string;
}

/** What a round's aggregation proof established on chain. */
export interface RoundAggregationRecord {
  roundId: bigint;
  baseModelVersion: bigint;
  candidateVersion: bigint;
  n: number;
  bits: number;
  fracBits: number;
  headroom: number;
  aggregateCommitment: bigint;
  /** The packed public weights: contribution i's weight at bits [H·i, H·i + H). */
  weights: bigint;
  /** The number of contributions the round had. */
  contributions: number;
}

/** The chain as verifyModelVersion reads it; the SDK implements it over the contracts. */
export interface ModelChainView {
  version(id: bigint): Promise<ModelVersionRecord>;
  /** null when the round was not finalized by an aggregation proof. */
  roundAggregation(roundId: bigint): Promise<RoundAggregationRecord | null>;
  /** Who may register a genesis or out-of-round version (governance, e.g. the Timelock). */
  genesisRegistrars(): Promise<readonly string[]>;
}

/** The artifact file of a version, or undefined when it is not available. */
export type ModelFileSource = (versionId: bigint) => Promise<Uint8Array | undefined>;

export interface VerifyModelOptions {
  /** The most links walked before giving up (default 10,000): a guard against a corrupt chain view. */
  maxDepth?: number;
}

/** The checks, in the order a link reports them. */
export const MODEL_CHECKS = {
  registered: "version registered",
  filePresent: "file present",
  fileHash: "file hash = on-chain weightsHash",
  fileFormat: "file is a canonical guardians-model/1 artifact",
  kind: "artifact kind matches the chain record",
  genesisRecord: "genesis record: no parent, no round",
  governance: "registered by governance",
  parentLink: "parent link",
  roundId: "round id",
  finalized: "round finalized by proof for this version",
  shape: "aggregate shape = round's (N, BITS, H, fracBits)",
  contributionWeights: "contribution weights = on-chain packed weights",
  commitment: "aggregate commitment = on-chain aggregateCommitment",
  rule: "weights = rule(parent weights, aggregate)",
  ancestry: "ancestry reaches a genesis",
} as const;

export type ModelCheckName = (typeof MODEL_CHECKS)[keyof typeof MODEL_CHECKS];

export interface ModelCheck {
  name: ModelCheckName;
  ok: boolean;
  detail: string;
}

/**
 * One version of the walk. A check that needs an input an earlier check refused (the file, a file
 * that matches the chain, the round's proof, the parent's verified weights) is left out: the
 * failing check already explains why the link is not verified.
 */
export interface ModelLinkReport {
  versionId: bigint;
  /** "round" when the chain records a round id, else "genesis". */
  kind: "round" | "genesis";
  status: string;
  checks: ModelCheck[];
}

export interface ModelVerificationReport {
  versionId: bigint;
  /** Every check of every link passed and the walk reached a genesis. */
  verified: boolean;
  /** From the version asked about back to its genesis. */
  links: ModelLinkReport[];
}

const DEFAULT_MAX_DEPTH = 10_000;

const sameHex = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The aggregate's weights packed as the aggregation verifier takes them (src/zk packWeights), or why
 * no proof could carry them (a weight or the total outside the headroom).
 */
function packContributionWeights(aggregate: RoundArtifact["aggregate"]): { packed: bigint } | { problem: string } {
  const shape = {
    k: aggregate.contributionWeights.length,
    n: aggregate.updateLength,
    bits: aggregate.bits,
    headroom: aggregate.headroom,
  };
  try {
    return { packed: packWeights(aggregate.contributionWeights, shape) };
  } catch (error) {
    if (error instanceof ProofInputError) return { problem: error.message };
    throw error;
  }
}

/** A version's record, its report so far and, when its file matches the chain, its parsed artifact. */
interface LoadedVersion {
  record: ModelVersionRecord;
  artifact: ModelArtifact | undefined;
  report: ModelLinkReport;
}

type Check = (name: ModelCheckName, ok: boolean, detail: string) => boolean;

/** Appends checks to a link's report; returns each check's verdict so callers can stop early. */
const recorder =
  (report: ModelLinkReport): Check =>
  (name, ok, detail) => {
    report.checks.push({ name, ok, detail });
    return ok;
  };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Verifies a version's provenance back to a genesis; every check is reported, none throws (errors
 * of the view or the file source propagate: they are not verdicts). Parent files come from `files`
 * as well.
 */
export async function verifyModelVersion(
  view: ModelChainView,
  versionId: bigint,
  files: ModelFileSource,
  options: VerifyModelOptions = {},
): Promise<ModelVerificationReport> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const loaded = new Map<bigint, LoadedVersion>();
  let id = versionId;
  for (;;) {
    const version = await loadVersion(view, id, files);
    loaded.set(id, version);
    const { record, report } = version;
    if (record.status === "None" || report.kind === "genesis") break;
    const parentId = record.parentId;
    const cutShort =
      parentId === 0n
        ? `round version ${id} records no parent`
        : loaded.has(parentId)
          ? `parent ${parentId} is already in this chain (a cycle)`
          : loaded.size >= maxDepth
            ? `stopped after ${maxDepth} versions`
            : undefined;
    if (cutShort !== undefined) {
      recorder(report)(MODEL_CHECKS.ancestry, false, cutShort);
      break;
    }
    id = parentId;
  }

  const genesisRegistrars = await view.genesisRegistrars();
  for (const version of loaded.values()) {
    // An unregistered id has an all-zero record: its failed "registered" check is the whole story.
    if (version.record.status === "None") continue;
    if (version.report.kind === "genesis") checkGenesis(version, genesisRegistrars);
    else await checkRound(view, version, loaded.get(version.record.parentId));
  }
  const links = [...loaded.values()].map((version) => version.report);
  const reachedGenesis = links[links.length - 1].kind === "genesis";
  return {
    versionId,
    verified: reachedGenesis && links.every((link) => link.checks.every((c) => c.ok)),
    links,
  };
}

/** The record, and the checks that need only the record and the file. */
async function loadVersion(view: ModelChainView, versionId: bigint, files: ModelFileSource): Promise<LoadedVersion> {
  const record = await view.version(versionId);
  const kind = record.roundId === 0n ? "genesis" : "round";
  const report: ModelLinkReport = { versionId, kind, status: record.status, checks: [] };
  const check = recorder(report);
  const unverified = { record, artifact: undefined, report };
  if (!check(MODEL_CHECKS.registered, record.status !== "None", `status ${record.status}`)) return unverified;
  const bytes = await files(versionId);
  if (bytes === undefined) {
    check(MODEL_CHECKS.filePresent, false, "no file for this version");
    return unverified;
  }
  check(MODEL_CHECKS.filePresent, true, `${bytes.length} bytes`);
  const hash = artifactHash(bytes);
  // A file that is not the registered one says nothing about the version: its content is not checked.
  const hashMatches = sameHex(hash, record.weightsHash);
  const hashDetail = hashMatches ? hash : `the file hashes to ${hash}, the chain records ${record.weightsHash}`;
  if (!check(MODEL_CHECKS.fileHash, hashMatches, hashDetail)) return unverified;
  let artifact: ModelArtifact;
  try {
    artifact = parseArtifact(bytes);
  } catch (error) {
    check(MODEL_CHECKS.fileFormat, false, messageOf(error));
    return unverified;
  }
  check(MODEL_CHECKS.fileFormat, true, `rule ${artifact.rule}`);
  const expectedRule = kind === "genesis" ? GENESIS_RULE : WEIGHTED_MEAN_RULE;
  const kindMatches = artifact.rule === expectedRule;
  const kindDetail = kindMatches ? kind : `the chain records a ${kind} version, the file's rule is ${artifact.rule}`;
  if (!check(MODEL_CHECKS.kind, kindMatches, kindDetail)) return unverified;
  return { record, artifact, report };
}

function checkGenesis({ record, report }: LoadedVersion, genesisRegistrars: readonly string[]): void {
  const check = recorder(report);
  check(
    MODEL_CHECKS.genesisRecord,
    record.parentId === 0n && record.roundId === 0n,
    `parentId ${record.parentId}, roundId ${record.roundId}`,
  );
  const byGovernance = genesisRegistrars.some((registrar) => sameHex(registrar, record.registrar));
  check(
    MODEL_CHECKS.governance,
    byGovernance,
    byGovernance
      ? `registrar ${record.registrar}`
      : `registrar ${record.registrar} is not one of governance's (${genesisRegistrars.join(", ") || "none"})`,
  );
}

/**
 * The checks of a round version. `parent` is undefined when the walk did not load it (no parent,
 * or the depth guard): the ancestry check already failed, so the parent's checks are left out.
 */
async function checkRound(view: ModelChainView, version: LoadedVersion, parent: LoadedVersion | undefined): Promise<void> {
  const { record, artifact, report } = version;
  const check = recorder(report);
  const round = await view.roundAggregation(record.roundId);
  const finalized =
    round !== null &&
    round.roundId === record.roundId &&
    round.candidateVersion === record.versionId &&
    round.baseModelVersion === record.parentId;
  check(
    MODEL_CHECKS.finalized,
    finalized,
    round === null
      ? `round ${record.roundId} was not finalized by an aggregation proof`
      : finalized
        ? `round ${round.roundId} proved version ${round.candidateVersion} from version ${round.baseModelVersion}`
        : `round ${round.roundId} proved version ${round.candidateVersion} from version ${round.baseModelVersion}, ` +
          `the chain records version ${record.versionId} from version ${record.parentId} in round ${record.roundId}`,
  );
  if (artifact?.rule !== WEIGHTED_MEAN_RULE) return;

  if (parent !== undefined) {
    const claimed = artifact.parent;
    const linked = claimed.version === record.parentId && sameHex(claimed.weightsHash, parent.record.weightsHash);
    check(
      MODEL_CHECKS.parentLink,
      linked,
      linked
        ? `version ${claimed.version}, ${claimed.weightsHash}`
        : `the file names version ${claimed.version} (${claimed.weightsHash}), ` +
            `the chain version ${record.parentId} (${parent.record.weightsHash})`,
    );
  }
  const sameRound = artifact.round === record.roundId;
  check(
    MODEL_CHECKS.roundId,
    sameRound,
    sameRound ? `round ${record.roundId}` : `the file names round ${artifact.round}, the chain round ${record.roundId}`,
  );
  if (round !== null && finalized) checkAggregate(check, artifact, round);
  // Without the parent's verified weights there is nothing to recompute; its link says why.
  if (parent?.artifact !== undefined) checkRule(check, artifact, parent.artifact);
}

function checkAggregate(check: Check, artifact: RoundArtifact, round: RoundAggregationRecord): void {
  const a = artifact.aggregate;
  const fileShape = `(${a.updateLength}, ${a.bits}, ${a.headroom}, ${artifact.fracBits})`;
  const roundShape = `(${round.n}, ${round.bits}, ${round.headroom}, ${round.fracBits})`;
  const sameShape = fileShape === roundShape;
  check(MODEL_CHECKS.shape, sameShape, sameShape ? fileShape : `the file has ${fileShape}, the round ${roundShape}`);
  if (!sameShape) return;

  const packing = packContributionWeights(a);
  const sum = a.contributionWeights.reduce((total, w) => total + w, 0n);
  const problems = [
    "problem" in packing ? packing.problem : "",
    "packed" in packing && packing.packed !== round.weights
      ? `they pack to ${packing.packed}, the round proved ${round.weights}`
      : "",
    a.contributionWeights.length !== round.contributions
      ? `${a.contributionWeights.length} weights for ${round.contributions} contributions`
      : "",
    sum !== a.totalWeight ? `totalWeight ${a.totalWeight}, Σ w_i = ${sum}` : "",
  ].filter(Boolean);
  check(
    MODEL_CHECKS.contributionWeights,
    problems.length === 0,
    problems.join("; ") || `[${a.contributionWeights.join(", ")}], W = ${a.totalWeight}`,
  );

  let commitment: bigint | string;
  try {
    commitment = aggregateCommitmentOf(a);
  } catch (error) {
    commitment = messageOf(error);
  }
  check(
    MODEL_CHECKS.commitment,
    commitment === round.aggregateCommitment,
    commitment === round.aggregateCommitment
      ? String(commitment)
      : typeof commitment === "bigint"
        ? `the aggregate commits to ${commitment}, the round proved ${round.aggregateCommitment}`
        : commitment,
  );
}

function checkRule(check: Check, artifact: RoundArtifact, parentArtifact: ModelArtifact): void {
  if (parentArtifact.fracBits !== artifact.fracBits) {
    check(MODEL_CHECKS.rule, false, `the parent has fracBits ${parentArtifact.fracBits}, this version ${artifact.fracBits}`);
    return;
  }
  let expected: bigint[];
  try {
    expected = applyAggregate(parentArtifact.weights, artifact.aggregate);
  } catch (error) {
    check(MODEL_CHECKS.rule, false, messageOf(error));
    return;
  }
  const firstDifference = expected.findIndex((w, j) => artifact.weights[j] !== w);
  const ok = firstDifference < 0 && expected.length === artifact.weights.length;
  check(
    MODEL_CHECKS.rule,
    ok,
    ok
      ? `${expected.length} weights recomputed`
      : firstDifference >= 0
        ? `weights[${firstDifference}] is ${artifact.weights[firstDifference]}, the rule gives ${expected[firstDifference]}`
        : `${artifact.weights.length} weights, the parent has ${expected.length}`,
  );
}

/** The report as CLI lines: a verdict, then per version one line per check (✓ or ✗). */
export function formatVerificationReport(report: ModelVerificationReport): string[] {
  const lines = [`model version ${report.versionId}: ${report.verified ? "✓ verified" : "✗ NOT verified"}`];
  for (const link of report.links) {
    lines.push(`version ${link.versionId} (${link.kind}, ${link.status})`);
    for (const check of link.checks) lines.push(`  ${check.ok ? "✓" : "✗"} ${check.name}: ${check.detail}`);
  }
  return lines;
}
