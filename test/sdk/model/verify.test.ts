import { expect } from "chai";

import {
  artifactHash,
  genesisArtifact,
  modelAggregate,
  roundArtifact,
  serializeArtifact,
  type ModelArtifact,
  type RoundArtifact,
} from "../../../src/sdk/model/artifact";
import {
  MODEL_CHECKS,
  formatVerificationReport,
  verifyModelVersion,
  type ModelChainView,
  type ModelCheckName,
  type ModelVerificationReport,
  type ModelVersionRecord,
  type RoundAggregationRecord,
} from "../../../src/sdk/model/verify";

const TIMELOCK = "0x" + "71".repeat(20);
const ROUND_MANAGER = "0x" + "a6".repeat(20);
const STRANGER = "0x" + "5e".repeat(20);
/** The round circuit: N = 6 values of BITS = 8 bits, H = 5; the model has P = 4 weights. */
const SHAPE = { updateLength: 6, bits: 8, headroom: 5 };
const FRAC_BITS = 8;

/** Deterministic quantized updates within 8 bits. */
const update = (seed: number): bigint[] =>
  Array.from({ length: SHAPE.updateLength }, (_, j) => BigInt(((seed * 37 + j * 53) % 201) - 100));

/** The on-chain packed weights, written out independently of the code under test: w_i·2^(5·i). */
const packedOnChain = (weights: readonly bigint[]): bigint => weights.reduce((sum, w, i) => sum + w * 32n ** BigInt(i), 0n);

/**
 * An in-memory chain with a genesis (version 1, registered by the Timelock) and two rounds: round 1
 * turns version 1 into version 2 with contribution weights [2, 0, 3] (the second left out), round 2
 * turns version 2 into version 3 with [1, 4]. Each test tampers with one piece.
 */
function honestChain() {
  const versions = new Map<bigint, ModelVersionRecord>();
  const rounds = new Map<bigint, RoundAggregationRecord>();
  const files = new Map<bigint, Uint8Array>();
  const artifacts = new Map<bigint, ModelArtifact>();
  const registrars = [TIMELOCK];

  const register = (versionId: bigint, artifact: ModelArtifact, registrar: string) => {
    const bytes = serializeArtifact(artifact);
    files.set(versionId, bytes);
    artifacts.set(versionId, artifact);
    versions.set(versionId, {
      versionId,
      parentId: artifact.parent?.version ?? 0n,
      roundId: artifact.round ?? 0n,
      weightsHash: artifactHash(bytes),
      status: versionId === 3n ? "Active" : "Deprecated",
      registrar,
    });
  };
  const runRound = (roundId: bigint, parentId: bigint, weights: bigint[], updates: bigint[][]) => {
    const sums = Array.from({ length: SHAPE.updateLength }, (_, j) => updates.reduce((s, u, i) => s + weights[i] * u[j], 0n));
    const aggregate = modelAggregate({ ...SHAPE, contributionWeights: weights, sums });
    const parent = artifacts.get(parentId)!;
    const versionId = parentId + 1n;
    const { weightsHash } = versions.get(parentId)!;
    register(
      versionId,
      roundArtifact({
        parent: { version: parentId, weightsHash, weights: parent.weights },
        round: roundId,
        fracBits: FRAC_BITS,
        aggregate,
      }),
      ROUND_MANAGER,
    );
    rounds.set(roundId, {
      roundId,
      baseModelVersion: parentId,
      candidateVersion: versionId,
      n: SHAPE.updateLength,
      bits: SHAPE.bits,
      fracBits: FRAC_BITS,
      headroom: SHAPE.headroom,
      aggregateCommitment: aggregate.commitment,
      weights: packedOnChain(weights),
      contributions: weights.length,
    });
  };

  register(1n, genesisArtifact([1000n, -1000n, 0n, 37n], FRAC_BITS), TIMELOCK);
  runRound(1n, 1n, [2n, 0n, 3n], [update(1), update(2), update(3)]);
  runRound(2n, 2n, [1n, 4n], [update(4), update(5)]);

  const view: ModelChainView = {
    version: async (id) =>
      versions.get(id) ?? {
        versionId: id,
        parentId: 0n,
        roundId: 0n,
        weightsHash: "0x" + "00".repeat(32),
        status: "None",
        registrar: "0x" + "00".repeat(20),
      },
    roundAggregation: async (roundId) => rounds.get(roundId) ?? null,
    genesisRegistrars: async () => registrars,
  };
  const verify = (versionId = 3n, maxDepth?: number) =>
    verifyModelVersion(view, versionId, async (id) => files.get(id), { maxDepth });
  /** Re-registers version 3 with a modified artifact (its file and on-chain hash follow). */
  const replaceVersion3 = (change: (artifact: RoundArtifact) => RoundArtifact) =>
    register(3n, change(artifacts.get(3n) as RoundArtifact), ROUND_MANAGER);
  return { versions, rounds, files, registrars, verify, replaceVersion3 };
}

/** The failing checks of a report, as "version: check name". */
const failures = (report: ModelVerificationReport): string[] =>
  report.links.flatMap((link) => link.checks.filter((c) => !c.ok).map((c) => `${link.versionId}: ${c.name}`));

const failing = (versionId: bigint, check: ModelCheckName) => [`${versionId}: ${check}`];

describe("model verify: a version's provenance, link by link, back to its genesis", () => {
  it("verifies a genesis and two rounds, running every check of every link", async () => {
    const report = await honestChain().verify();
    expect(report.verified).to.be.true;
    expect(report.links.map((l) => [l.versionId, l.kind])).to.deep.equal([
      [3n, "round"],
      [2n, "round"],
      [1n, "genesis"],
    ]);
    const roundChecks = [
      MODEL_CHECKS.registered,
      MODEL_CHECKS.filePresent,
      MODEL_CHECKS.fileHash,
      MODEL_CHECKS.fileFormat,
      MODEL_CHECKS.kind,
      MODEL_CHECKS.finalized,
      MODEL_CHECKS.parentLink,
      MODEL_CHECKS.roundId,
      MODEL_CHECKS.shape,
      MODEL_CHECKS.contributionWeights,
      MODEL_CHECKS.commitment,
      MODEL_CHECKS.rule,
    ];
    expect(report.links[0].checks.map((c) => c.name)).to.deep.equal(roundChecks);
    expect(report.links[1].checks.map((c) => c.name)).to.deep.equal(roundChecks);
    expect(report.links[2].checks.map((c) => c.name)).to.deep.equal([
      MODEL_CHECKS.registered,
      MODEL_CHECKS.filePresent,
      MODEL_CHECKS.fileHash,
      MODEL_CHECKS.fileFormat,
      MODEL_CHECKS.kind,
      MODEL_CHECKS.genesisRecord,
      MODEL_CHECKS.governance,
    ]);
    expect(report.links.every((l) => l.checks.every((c) => c.ok))).to.be.true;
  });

  it("fails only the file hash when a byte of a file is flipped (and leaves the child's rule unchecked)", async () => {
    const chain = honestChain();
    const bytes = chain.files.get(2n)!.slice();
    bytes[bytes.length - 10] ^= 0x01;
    chain.files.set(2n, bytes);
    const report = await chain.verify();
    expect(failures(report)).to.deep.equal(failing(2n, MODEL_CHECKS.fileHash));
    expect(report.verified).to.be.false;
    expect(report.links[0].checks.map((c) => c.name)).to.not.include(MODEL_CHECKS.rule);
  });

  it("fails only the parent link when the file names another parent hash", async () => {
    const chain = honestChain();
    chain.replaceVersion3((a) => ({ ...a, parent: { ...a.parent, weightsHash: `0x${"ab".repeat(32)}` } }));
    expect(failures(await chain.verify())).to.deep.equal(failing(3n, MODEL_CHECKS.parentLink));
  });

  it("fails only the aggregate commitment when the round proved another aggregate", async () => {
    const chain = honestChain();
    chain.rounds.get(2n)!.aggregateCommitment += 1n;
    expect(failures(await chain.verify())).to.deep.equal(failing(3n, MODEL_CHECKS.commitment));
  });

  it("fails only the rule when the weights are not the rule's output", async () => {
    const chain = honestChain();
    chain.replaceVersion3((a) => ({ ...a, weights: a.weights.map((w, j) => (j === 2 ? w + 1n : w)) }));
    expect(failures(await chain.verify())).to.deep.equal(failing(3n, MODEL_CHECKS.rule));
  });

  it("fails only the contribution weights when they differ from the round's packed weights (same total)", async () => {
    const chain = honestChain();
    chain.replaceVersion3((a) => ({ ...a, aggregate: { ...a.aggregate, contributionWeights: [4n, 1n] } }));
    expect(failures(await chain.verify())).to.deep.equal(failing(3n, MODEL_CHECKS.contributionWeights));
  });

  it("fails only the governance check when a genesis was registered by someone else", async () => {
    const chain = honestChain();
    chain.versions.get(1n)!.registrar = STRANGER;
    expect(failures(await chain.verify())).to.deep.equal(failing(1n, MODEL_CHECKS.governance));
  });

  it("fails only the finalization when the round was not finalized by an aggregation proof", async () => {
    const chain = honestChain();
    chain.rounds.delete(2n);
    expect(failures(await chain.verify())).to.deep.equal(failing(3n, MODEL_CHECKS.finalized));
  });

  it("reports a missing file, and a round proof for another candidate", async () => {
    const chain = honestChain();
    chain.files.delete(1n);
    chain.rounds.get(1n)!.candidateVersion = 7n;
    expect(failures(await chain.verify())).to.deep.equal([`2: ${MODEL_CHECKS.finalized}`, `1: ${MODEL_CHECKS.filePresent}`]);
  });

  it("reports an id the registry never issued as not registered, and nothing else", async () => {
    const report = await honestChain().verify(9n);
    expect(report.verified).to.be.false;
    expect(failures(report)).to.deep.equal(failing(9n, MODEL_CHECKS.registered));
    expect(report.links[0].checks).to.have.length(1);
  });

  it("stops at a cycle and at the depth bound instead of walking forever", async () => {
    const chain = honestChain();
    expect(failures(await chain.verify(3n, 2))).to.deep.equal(failing(2n, MODEL_CHECKS.ancestry));
    chain.versions.get(2n)!.parentId = 3n;
    const report = await chain.verify();
    expect(report.verified).to.be.false;
    expect(report.links.map((l) => l.versionId)).to.deep.equal([3n, 2n]);
    expect(report.links[1].checks.find((c) => c.name === MODEL_CHECKS.ancestry)?.detail).to.match(
      /parent 3 is already in this chain/,
    );
  });

  it("prints a verdict, then one ✓ or ✗ line per check", async () => {
    const chain = honestChain();
    chain.rounds.get(2n)!.aggregateCommitment += 1n;
    const report = await chain.verify();
    const lines = formatVerificationReport(report);
    expect(lines[0]).to.equal("model version 3: ✗ NOT verified");
    expect(lines[1]).to.equal("version 3 (round, Active)");
    expect(lines.filter((l) => l.startsWith("  ✗"))).to.have.length(1);
    expect(lines.filter((l) => l.startsWith("  ✗"))[0]).to.match(
      /^ {2}✗ aggregate commitment = on-chain aggregateCommitment: the aggregate commits to \d+, the round proved \d+$/,
    );
    expect(lines).to.have.length(1 + report.links.length + report.links.reduce((n, l) => n + l.checks.length, 0));
  });
});
