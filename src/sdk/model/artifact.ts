import { keccak256 } from "ethers";

import { UserError } from "../../core/errors";
import { SNARK_SCALAR_FIELD, aggregateCommitment, packedElements, slotBits, valuesPerElement, type UpdateShape } from "../../zk";

/**
 * The model artifact (issue #15; docs/MODELS.md): one canonical file per model version, so that
 * every machine derives the same bytes and the on-chain `weightsHash` is keccak256 of the file.
 * A round version carries the proven aggregate it was computed from, so anyone can recompute its
 * weights from the parent's file and check the aggregate against the round's proof.
 */

export const MODEL_ARTIFACT_FORMAT = "guardians-model/1";
/** The rule of a round version: parent + the weighted mean of the round's updates, rounded half up. */
export const WEIGHTED_MEAN_RULE = "weighted-mean-round-half-up/1";
/** The rule of a version that no round produced (registered by governance). */
export const GENESIS_RULE = "genesis";

/** The version a round version was trained from, as the chain records it. */
export interface ModelParent {
  version: bigint;
  /** The parent's on-chain weightsHash (keccak256 of its artifact), lowercase 0x-hex. */
  weightsHash: `0x${string}`;
}

/** The public aggregate a round's aggregation proof commits to, and the weights that produced it. */
export interface ModelAggregate {
  /** N: the round circuit's update length (the model may be shorter: the updates are zero-padded). */
  updateLength: number;
  /** BITS: the bits of each quantized update value. */
  bits: number;
  /** H: the headroom bits above each packed slot, and the width of each contribution weight. */
  headroom: number;
  /** w_i per contribution of the round, in submission order; 0 leaves contribution i out. */
  contributionWeights: bigint[];
  /** W = Σ w_i, at least 1. */
  totalWeight: bigint;
  /** Per update coordinate j < N, the signed weighted sum Σ w_i·u_ij of the quantized updates. */
  sums: bigint[];
  /** The proven aggregateCommitment of the packed aggregate (a field element). */
  commitment: bigint;
}

/** A version no round produced: governance registers its weights as they are. */
export interface GenesisArtifact {
  format: typeof MODEL_ARTIFACT_FORMAT;
  parent: null;
  round: null;
  fracBits: number;
  /** Fixed-point weights: weight j is weights[j] / 2^fracBits. */
  weights: bigint[];
  aggregate: null;
  rule: typeof GENESIS_RULE;
}

/** A version a round produced: weights = applyAggregate(parent's weights, aggregate). */
export interface RoundArtifact {
  format: typeof MODEL_ARTIFACT_FORMAT;
  parent: ModelParent;
  round: bigint;
  fracBits: number;
  weights: bigint[];
  aggregate: ModelAggregate;
  rule: typeof WEIGHTED_MEAN_RULE;
}

export type ModelArtifact = GenesisArtifact | RoundArtifact;

/** A model artifact that is malformed, not canonical, or inconsistent with the rule. */
export class ModelArtifactError extends UserError {
  override name = "ModelArtifactError";
}

function fail(message: string): never {
  throw new ModelArtifactError(`model artifact: ${message}`);
}

/** The largest fixed-point scale we accept: far above any real model, and it keeps 2^fracBits cheap. */
const MAX_FRAC_BITS = 255;
/** The slots of one packed element hold at most 253 bits (src/zk encoding): BITS + H ≤ 253. */
const MAX_SLOT_BITS = 253;

// ─── Canonical encoding ──────────────────────────────────────────────────────────────────────────

/**
 * The artifact as the JSON value its file holds. Keys are inserted in the documented order, and
 * JSON.stringify keeps insertion order for non-numeric keys, so the text is canonical by construction.
 */
function toJson(a: ModelArtifact): unknown {
  return {
    format: a.format,
    parent: a.parent === null ? null : { version: String(a.parent.version), weightsHash: a.parent.weightsHash },
    round: a.round === null ? null : String(a.round),
    fracBits: a.fracBits,
    weights: a.weights.map(String),
    aggregate:
      a.aggregate === null
        ? null
        : {
            updateLength: a.aggregate.updateLength,
            bits: a.aggregate.bits,
            headroom: a.aggregate.headroom,
            contributionWeights: a.aggregate.contributionWeights.map(String),
            totalWeight: String(a.aggregate.totalWeight),
            sums: a.aggregate.sums.map(String),
            commitment: String(a.aggregate.commitment),
          },
    rule: a.rule,
  };
}

const encodeText = (a: ModelArtifact): string => JSON.stringify(toJson(a)) + "\n";

/**
 * The canonical bytes of an artifact: UTF-8 JSON with the documented key order, no whitespace,
 * integers as decimal strings, small integers as JSON numbers, and a trailing newline. Refuses an
 * artifact parseArtifact would refuse, so a written file always reads back.
 */
export function serializeArtifact(artifact: ModelArtifact): Uint8Array {
  const text = encodeText(artifact);
  decodeArtifact(JSON.parse(text));
  return new TextEncoder().encode(text);
}

/** keccak256 of an artifact's bytes: the weightsHash the ModelRegistry records for its version. */
export function artifactHash(bytes: Uint8Array): `0x${string}` {
  return keccak256(bytes) as `0x${string}`;
}

/**
 * Reads an artifact and refuses anything but the canonical bytes of a valid one: each problem is
 * one line naming the field. Canonical means serializeArtifact(parseArtifact(bytes)) equals bytes,
 * so two files of the same version cannot differ (and hash differently) by formatting.
 */
export function parseArtifact(bytes: Uint8Array): ModelArtifact {
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    fail("the file is not UTF-8 text");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fail("the file is not JSON");
  }
  const artifact = decodeArtifact(json);
  const canonical = new TextEncoder().encode(encodeText(artifact));
  const firstDifference = canonical.findIndex((byte, i) => byte !== bytes[i]);
  if (firstDifference >= 0 || canonical.length !== bytes.length) {
    const at = firstDifference >= 0 ? firstDifference : Math.min(canonical.length, bytes.length);
    fail(
      `not canonical: byte ${at} differs from serializeArtifact's encoding (no whitespace, fixed key order, "\\n" at the end)`,
    );
  }
  return artifact;
}

// ─── Strict decoding ─────────────────────────────────────────────────────────────────────────────

/** A value as JSON, cut short: an error message stays one readable line whatever the file holds. */
const shown = (value: unknown): string => {
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
};

/**
 * The object at `field` (null: the whole file) with exactly the given keys; their order is
 * checked by the canonical comparison.
 */
function object(value: unknown, field: string | null, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${field ?? "the file"} must be a JSON object`);
  const record = value as Record<string, unknown>;
  const prefix = field === null ? "" : `${field}.`;
  const unknownKey = Object.keys(record).find((k) => !keys.includes(k));
  if (unknownKey !== undefined) fail(`${prefix}${unknownKey} is not a field of ${MODEL_ARTIFACT_FORMAT}`);
  const missing = keys.find((k) => !Object.hasOwn(record, k));
  if (missing !== undefined) fail(`${prefix}${missing} is missing`);
  return record;
}

const SIGNED_DECIMAL = /^(0|-?[1-9][0-9]*)$/;
const UNSIGNED_DECIMAL = /^(0|[1-9][0-9]*)$/;
const LOWERCASE_HASH = /^0x[0-9a-f]{64}$/;

/** A bigint written as a JSON decimal string ("-12"; no "+", no leading zeros, no "-0"). */
function integer(value: unknown, field: string, signed: boolean, min?: bigint): bigint {
  if (typeof value !== "string" || !(signed ? SIGNED_DECIMAL : UNSIGNED_DECIMAL).test(value))
    fail(`${field} must be a${signed ? "n" : " non-negative"} integer written as a decimal string, got ${shown(value)}`);
  const parsed = BigInt(value);
  if (min !== undefined && parsed < min) fail(`${field} must be at least ${min}, got ${parsed}`);
  return parsed;
}

/** A small integer written as a JSON number. */
function smallInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    fail(`${field} must be an integer from ${min} to ${max} written as a JSON number, got ${shown(value)}`);
  return value;
}

function integers(value: unknown, field: string, signed: boolean): bigint[] {
  if (!Array.isArray(value)) fail(`${field} must be a JSON array of decimal strings`);
  if (value.length === 0) fail(`${field} must not be empty`);
  return value.map((x: unknown, i) => integer(x, `${field}[${i}]`, signed));
}

function mustBeNull(value: unknown, field: string): null {
  if (value !== null) fail(`${field} must be null in a genesis artifact, got ${shown(value)}`);
  return null;
}

const ARTIFACT_KEYS = ["format", "parent", "round", "fracBits", "weights", "aggregate", "rule"] as const;
const PARENT_KEYS = ["version", "weightsHash"] as const;
const AGGREGATE_KEYS = ["updateLength", "bits", "headroom", "contributionWeights", "totalWeight", "sums", "commitment"] as const;

/** The artifact a parsed JSON value describes, checking every field's type and range. */
function decodeArtifact(json: unknown): ModelArtifact {
  const file = object(json, null, ARTIFACT_KEYS);
  if (file.format !== MODEL_ARTIFACT_FORMAT) fail(`format must be "${MODEL_ARTIFACT_FORMAT}", got ${shown(file.format)}`);
  const fracBits = smallInt(file.fracBits, "fracBits", 0, MAX_FRAC_BITS);
  const weights = integers(file.weights, "weights", true);
  if (file.rule === GENESIS_RULE) {
    return {
      format: MODEL_ARTIFACT_FORMAT,
      parent: mustBeNull(file.parent, "parent"),
      round: mustBeNull(file.round, "round"),
      fracBits,
      weights,
      aggregate: mustBeNull(file.aggregate, "aggregate"),
      rule: GENESIS_RULE,
    };
  }
  if (file.rule !== WEIGHTED_MEAN_RULE)
    fail(`rule must be "${WEIGHTED_MEAN_RULE}" or "${GENESIS_RULE}", got ${shown(file.rule)}`);
  const parent = object(file.parent, "parent", PARENT_KEYS);
  if (typeof parent.weightsHash !== "string" || !LOWERCASE_HASH.test(parent.weightsHash))
    fail(`parent.weightsHash must be 32 bytes of lowercase 0x-hex, got ${shown(parent.weightsHash)}`);
  const aggregate = decodeAggregate(file.aggregate);
  if (weights.length > aggregate.updateLength)
    fail(`weights has ${weights.length} values, more than aggregate.updateLength ${aggregate.updateLength}`);
  return {
    format: MODEL_ARTIFACT_FORMAT,
    // Version and round ids start at 1: 0 is the chain's "none".
    parent: { version: integer(parent.version, "parent.version", false, 1n), weightsHash: parent.weightsHash as `0x${string}` },
    round: integer(file.round, "round", false, 1n),
    fracBits,
    weights,
    aggregate,
    rule: WEIGHTED_MEAN_RULE,
  };
}

function decodeAggregate(value: unknown): ModelAggregate {
  const a = object(value, "aggregate", AGGREGATE_KEYS);
  const updateLength = smallInt(a.updateLength, "aggregate.updateLength", 1, 2 ** 32 - 1);
  const bits = smallInt(a.bits, "aggregate.bits", 1, MAX_SLOT_BITS - 1);
  const headroom = smallInt(a.headroom, "aggregate.headroom", 1, MAX_SLOT_BITS - bits);
  const sums = integers(a.sums, "aggregate.sums", true);
  if (sums.length !== updateLength) fail(`aggregate.sums has ${sums.length} values, aggregate.updateLength is ${updateLength}`);
  const commitment = integer(a.commitment, "aggregate.commitment", false);
  if (commitment >= SNARK_SCALAR_FIELD)
    fail(`aggregate.commitment must be a field element (below the BN254 scalar field modulus)`);
  return {
    updateLength,
    bits,
    headroom,
    contributionWeights: integers(a.contributionWeights, "aggregate.contributionWeights", false),
    totalWeight: integer(a.totalWeight, "aggregate.totalWeight", false, 1n),
    sums,
    commitment,
  };
}

// ─── The rule ────────────────────────────────────────────────────────────────────────────────────

/** floor(numerator / denominator) for denominator > 0: bigint `/` truncates toward zero instead. */
function floorDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator < 0n ? quotient - 1n : quotient;
}

/**
 * numerator / denominator rounded to the nearest integer, ties toward +∞ (−2.5 → −2, 2.5 → 3):
 * floor((2·numerator + denominator) / (2·denominator)). The denominator must be positive.
 */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) fail(`cannot divide by ${denominator}: the total weight must be positive`);
  return floorDivide(2n * numerator + denominator, 2n * denominator);
}

/**
 * THE rule of a round version ("weighted-mean-round-half-up/1"), in exact integer arithmetic:
 * new_j = parent_j + divideRoundHalfUp(sums_j, W) for each of the parent's P weights. Parent
 * weights and quantized updates share one fixed-point scale (the round's fracBits, which the
 * verifier checks equals both artifacts'), so the rule never rescales. The round's circuit takes N ≥ P
 * values: the updates were zero-padded to N, so the aggregate's coordinates j ≥ P carry nothing and
 * are ignored.
 */
export function applyAggregate(parentWeights: readonly bigint[], aggregate: ModelAggregate): bigint[] {
  if (parentWeights.length > aggregate.updateLength)
    fail(`the parent has ${parentWeights.length} weights, more than the aggregate's ${aggregate.updateLength} values`);
  if (aggregate.sums.length !== aggregate.updateLength)
    fail(`aggregate.sums has ${aggregate.sums.length} values, aggregate.updateLength is ${aggregate.updateLength}`);
  return parentWeights.map((weight, j) => weight + divideRoundHalfUp(aggregate.sums[j], aggregate.totalWeight));
}

// ─── The aggregate as the circuit packs it ───────────────────────────────────────────────────────

/** The update shape of the round circuit an aggregate came from. */
export const aggregateUpdateShape = (aggregate: ModelAggregate): UpdateShape => ({
  n: aggregate.updateLength,
  bits: aggregate.bits,
  headroom: aggregate.headroom,
});

/**
 * The M packed aggregate elements the aggregation circuit hashes, rebuilt from the signed sums and
 * W: slot j holds sums_j + W·2^(BITS−1) (the weighted sum of the offset values the updates were
 * packed as), little-endian in slots of BITS + H bits. A slot outside [0, 2^(BITS+H)) cannot come
 * from any proof (it would carry into its neighbour), so it is refused.
 */
export function aggregateElements(aggregate: ModelAggregate): bigint[] {
  const shape = aggregateUpdateShape(aggregate);
  if (aggregate.sums.length !== shape.n)
    fail(`aggregate.sums has ${aggregate.sums.length} values, aggregate.updateLength is ${shape.n}`);
  const perElement = valuesPerElement(shape);
  const slot = BigInt(slotBits(shape));
  const slotLimit = 1n << slot;
  const offset = aggregate.totalWeight << BigInt(shape.bits - 1);
  const elements = Array<bigint>(packedElements(shape)).fill(0n);
  aggregate.sums.forEach((sum, j) => {
    const slotValue = sum + offset;
    if (slotValue < 0n || slotValue >= slotLimit)
      fail(`aggregate.sums[${j}] = ${sum} does not fit a ${slot}-bit slot at total weight ${aggregate.totalWeight}`);
    elements[Math.floor(j / perElement)] += slotValue << (slot * BigInt(j % perElement));
  });
  return elements;
}

/** The aggregateCommitment the round's proof must carry for this aggregate (src/zk aggregateCommitment). */
export function aggregateCommitmentOf(aggregate: ModelAggregate): bigint {
  return aggregateCommitment(aggregateElements(aggregate), aggregateUpdateShape(aggregate));
}

// ─── Builders ────────────────────────────────────────────────────────────────────────────────────

/** Refuses an artifact that serializeArtifact could not write. */
function checked<A extends ModelArtifact>(artifact: A): A {
  decodeArtifact(JSON.parse(encodeText(artifact)));
  return artifact;
}

/** A genesis artifact: fixed-point weights (value = weight / 2^fracBits) with no provenance. */
export function genesisArtifact(weights: readonly bigint[], fracBits: number): GenesisArtifact {
  return checked({
    format: MODEL_ARTIFACT_FORMAT,
    parent: null,
    round: null,
    fracBits,
    weights: [...weights],
    aggregate: null,
    rule: GENESIS_RULE,
  });
}

/**
 * The aggregate of a round from its public parts: W = Σ w_i and the commitment are computed, so
 * they agree with the contribution weights and sums by construction.
 */
export function modelAggregate(parts: {
  updateLength: number;
  bits: number;
  headroom: number;
  contributionWeights: readonly bigint[];
  sums: readonly bigint[];
}): ModelAggregate {
  const contributionWeights = [...parts.contributionWeights];
  const aggregate: ModelAggregate = {
    updateLength: parts.updateLength,
    bits: parts.bits,
    headroom: parts.headroom,
    contributionWeights,
    totalWeight: contributionWeights.reduce((total, w) => total + w, 0n),
    sums: [...parts.sums],
    commitment: 0n,
  };
  if (aggregate.totalWeight < 1n) fail(`the contribution weights must sum to at least 1`);
  return { ...aggregate, commitment: aggregateCommitmentOf(aggregate) };
}

/**
 * A round artifact: its weights are applyAggregate(parent.weights, aggregate). Refuses an aggregate
 * whose W is not Σ w_i or whose commitment is not the commitment of its sums, since no verifier
 * would accept the result.
 */
export function roundArtifact(options: {
  parent: { version: bigint; weightsHash: string; weights: readonly bigint[] };
  round: bigint;
  fracBits: number;
  aggregate: ModelAggregate;
}): RoundArtifact {
  const { parent, aggregate } = options;
  const sum = aggregate.contributionWeights.reduce((total, w) => total + w, 0n);
  if (aggregate.totalWeight !== sum)
    fail(`aggregate.totalWeight is ${aggregate.totalWeight}, the contribution weights sum to ${sum}`);
  if (aggregateCommitmentOf(aggregate) !== aggregate.commitment)
    fail(`aggregate.commitment is not the aggregateCommitment of aggregate.sums and totalWeight`);
  return checked({
    format: MODEL_ARTIFACT_FORMAT,
    // On-chain hashes may come checksummed or uppercase; the file holds them lowercase.
    parent: { version: parent.version, weightsHash: parent.weightsHash.toLowerCase() as `0x${string}` },
    round: options.round,
    fracBits: options.fracBits,
    weights: applyAggregate(parent.weights, aggregate),
    aggregate: { ...aggregate, contributionWeights: [...aggregate.contributionWeights], sums: [...aggregate.sums] },
    rule: WEIGHTED_MEAN_RULE,
  });
}
