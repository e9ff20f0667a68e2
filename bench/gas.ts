/**
 * Gas benchmark of the protocol's representative flows (`npm run bench:gas`). Writes
 * bench/results/gas.json, one key per action with its average and maximum gas, keeping the keys
 * other benchmarks wrote. A benchmark, not a test: it asserts nothing, it measures.
 *
 * - stake is measured with a member tree that already holds 1,000 members;
 * - submitContribution uses real proofs of contribution_n32_b16_d16 and the generated verifier, from
 *   wallets whose bond balance covers several bonds (so the bond's debit leaves it non-zero, the usual
 *   case, and earns no storage refund); `depositBonds` is that balance's own, one-off deposit;
 * - claim pays fresh recipient addresses (a recipient unlinkable to the member is a fresh address);
 * - floors, for the targets that are missed: `memberTreeInsertAlone` is a LeanIMT insert plus a root
 *   timestamp and nothing else (MemberTreeFloor) at the same tree size as stake; `verifyProofAlone` is
 *   the generated verifier called in its own transaction;
 * - anchors: Semaphore v4's `addMember` (measured like stake: a group of 1,000 members, then ten single inserts) and
 *   `validateProof` (on real proofs), deployed from its npm package on the same node (bench/semaphore.ts), beside
 *   stake, the member-tree floor and submitContribution, with the ratio Guardians ÷ Semaphore (bench/anchors.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { ethers, network } from "hardhat";

import { releaseSnarkjsWorkers } from "../src/zk/pipeline/snarkjs";
import { Identity, roundScope, updateCommitment } from "../src/zk";
import { aggregationCircuit, proveAggregation, type AggregationProof } from "../src/zk/aggregation-prover";
import { proveContribution } from "../src/zk/prover";
import {
  CIRCUIT,
  DEFAULT_PARAMS,
  GRD,
  deployPoseidonLibraries,
  deployProtocolWithMocks,
  deployProtocolWithRealVerifier,
  identityCommitment,
  roundConfig,
  DEV_AGGREGATOR_KEY,
  SAMPLE_OPENING,
} from "../src/deployment/local/protocol";
import { encryptOpening } from "../src/sdk/delivery";
import { UNCHECKED_PROOF } from "../src/deployment/local/population";
import type { IRoundManager, RoundManager } from "../typechain-types";
import { buildAnchors } from "./anchors";
import { GasLog } from "./gas-log";
import { measureSemaphore } from "./semaphore";

const RESULTS = path.join(__dirname, "results", "gas.json");
/** The update every benchmark contribution proves and the aggregation proofs open. */
const BENCH_UPDATE = Array.from({ length: 32 }, (_, i) => BigInt((i % 7) - 3));
const CANDIDATE = {
  weightsHash: ethers.id("weights"),
  uri: "ipfs://weights",
  accuracyBps: 9_000,
  metricsHash: ethers.id("metrics"),
};
/** The aggregation instances measured, K contributions each, with their generated verifiers. */
const FINALIZATION_K = [4, 8, 16] as const;

/** An aggregation proof as RoundManager.finalizeRound takes it. */
function aggregationCalldata(proof: AggregationProof): IRoundManager.AggregationProofStruct {
  const { pA, pB, pC, aggregateCommitment, commitments, weights } = proof.calldata;
  return { proof: { pA, pB, pC }, aggregateCommitment, selection: weights, commitments };
}

/**
 * The gas of an opening's bytes: deliverOpening (what submit adds for its ciphertext: calldata, the
 * copy, the event) with 1 byte and with the round's longest opening, from the recipient of the round's
 * first contribution; `openingGasPerByte` is the slope between the two.
 */
async function measureDelivery(gas: GasLog, rounds: RoundManager, roundId: bigint): Promise<number> {
  const [first] = await rounds.queryFilter(rounds.filters.ContributionSubmitted(undefined, roundId));
  const longest = Number(await rounds.maxOpeningLength(roundId));
  const bytes = (length: number) => ethers.hexlify(ethers.randomBytes(length));
  for (let i = 0; i < SAMPLES; i++) {
    await gas.record("deliverOpening1Byte", rounds.deliverOpening(first.args.uid, bytes(1)));
    await gas.record(`deliverOpening${longest}Bytes`, rounds.deliverOpening(first.args.uid, bytes(longest)));
  }
  const stats = gas.stats();
  const perByte = (stats[`deliverOpening${longest}Bytes`].avg - stats.deliverOpening1Byte.avg) / (longest - 1);
  return Math.round(perByte * 10) / 10;
}

/**
 * finalizeRound at K = 4, 8 and 16 with real aggregation proofs, each round full (K contributions, all
 * selected with weight 1) on the mock-verifier fixture, so that only the finalization's own cost varies;
 * and the accumulator a submit extends, the keccak chain the RoundManager keeps beside the Poseidon chain
 * the alternative design would keep (CommitmentAccumulators).
 */
async function measureFinalization(gas: GasLog): Promise<number> {
  let openingGasPerByte = 0;
  const p = await deployProtocolWithMocks();
  await p.registry.connect(p.users[0]).stake(GRD(100), identityCommitment(5n));
  for (const k of FINALIZATION_K) {
    await p.rounds.removeAggregationVerifier(CIRCUIT.n, CIRCUIT.bits);
    const verifier = await ethers.deployContract(`AggregationK${k}N32B16H5Verifier`);
    await p.rounds.addAggregationVerifier(verifier);
    await p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { maxContributions: k, bond: 0 }));
    const roundId = await p.rounds.roundCount();
    const scope = await p.rounds.roundScope(roundId);
    const openings = Array.from({ length: k }, (_, i) => ({ update: BENCH_UPDATE, salt: BigInt(1_000 + i) }));
    const commitments = openings.map((o) => updateCommitment(o.update, o.salt, CIRCUIT));
    for (const [i, commitment] of commitments.entries()) {
      const signals = [await p.registry.currentRoot(), BigInt(i + 1), commitment, scope, 1_000_000n, BigInt(p.users[1].address)];
      await p.rounds
        .connect(p.users[1])
        .submit(roundId, UNCHECKED_PROOF, signals as [bigint, bigint, bigint, bigint, bigint, bigint], SAMPLE_OPENING);
    }
    if (k === FINALIZATION_K[0]) openingGasPerByte = await measureDelivery(gas, p.rounds.connect(p.users[1]), roundId);
    await network.provider.send("evm_increaseTime", [2 * 86_400]);
    process.stdout.write(`proving the aggregation of ${k} contributions…\n`);
    const proof = await proveAggregation(
      { commitments, openings, weights: openings.map(() => 1n) },
      { circuit: aggregationCircuit(`aggregation_k${k}_n32_b16_h5`) },
    );
    // The verifier alone, in its own transaction (base cost and calldata included): the floor of finalizeRound.
    const { pA, pB, pC, aggregateCommitment, weights } = proof.calldata;
    const verifyCall = verifier.interface.encodeFunctionData("verifyAggregation", [
      pA,
      pB,
      pC,
      aggregateCommitment,
      commitments,
      weights,
    ]);
    await gas.record(
      `verifyAggregationAloneK${k}`,
      p.coordinator.sendTransaction({ to: await verifier.getAddress(), data: verifyCall }),
    );
    await gas.record(
      `finalizeRoundK${k}`,
      p.rounds.connect(p.coordinator).finalizeRound(roundId, aggregationCalldata(proof), CANDIDATE),
    );
  }
  const accumulatorsFactory = await ethers.getContractFactory("CommitmentAccumulators", {
    libraries: { PoseidonT3: p.libraries.PoseidonT3 },
  });
  const accumulators = await accumulatorsFactory.deploy();
  for (let i = 0; i < SAMPLES; i++) {
    const commitment = updateCommitment(BENCH_UPDATE, BigInt(2_000 + i), CIRCUIT);
    await gas.record("accumulatorKeccakStep", accumulators.extendKeccak(commitment));
    await gas.record("accumulatorPoseidonStep", accumulators.extendPoseidon(commitment));
  }
  return openingGasPerByte;
}

const PREFILLED_MEMBERS = 1_000;
const SAMPLES = 10;
const PROOFS = 3;

/** A deterministic, key-less account the node lets us send from (no signing: fast to fill the tree). */
async function impersonated(index: number) {
  const address = ethers.getAddress(`0x${(0x100000 + index).toString(16).padStart(40, "0")}`);
  await network.provider.send("hardhat_setBalance", [address, "0x56BC75E2D63100000"]);
  return ethers.getImpersonatedSigner(address);
}

async function main(): Promise<void> {
  const p = await deployProtocolWithRealVerifier();
  const gas = new GasLog();
  const stakeAmount = BigInt(DEFAULT_PARAMS.minStake) * 2n;

  // Members that exist only to fill the tree.
  process.stdout.write(`filling the member tree with ${PREFILLED_MEMBERS} members…\n`);
  for (let i = 0; i < PREFILLED_MEMBERS; i++) {
    const member = await impersonated(i);
    await p.token.connect(p.treasury).transfer(member, stakeAmount);
    await p.token.connect(member).approve(p.registry, stakeAmount);
    const commitment = identityCommitment(BigInt(1_000_000 + i));
    await p.registry.connect(member).stake(stakeAmount, commitment);
    p.tree.insert(commitment);
    if ((i + 1) % 100 === 0) process.stdout.write(`  ${i + 1} members (${new Date().toISOString()})\n`);
  }

  // stake, measured at 1,000+ members; these members then unstake, are slashed and withdraw.
  const measured = [];
  for (let i = 0; i < SAMPLES; i++) {
    const member = await impersonated(PREFILLED_MEMBERS + i);
    await p.token.connect(p.treasury).transfer(member, stakeAmount + GRD(10));
    await p.token.connect(member).approve(p.registry, ethers.MaxUint256);
    const commitment = identityCommitment(BigInt(2_000_000 + i));
    await gas.record("stake", p.registry.connect(member).stake(stakeAmount, commitment));
    p.tree.insert(commitment);
    measured.push({ member, commitment });
  }
  for (const { member } of measured) await gas.record("topUp", p.registry.connect(member).topUp(GRD(10)));

  // The tree's own floor at the same size: the insert and root record a stake cannot avoid.
  const { PoseidonT3 } = await deployPoseidonLibraries();
  const floorFactory = await ethers.getContractFactory("MemberTreeFloor", { libraries: { PoseidonT3 } });
  const floor = await floorFactory.deploy();
  const prefill = Array.from({ length: PREFILLED_MEMBERS }, (_, i) => identityCommitment(BigInt(1_000_000 + i)));
  for (let i = 0; i < prefill.length; i += 250) await (await floor.insertMany(prefill.slice(i, i + 250))).wait();
  for (let i = 0; i < SAMPLES; i++) {
    await gas.record("memberTreeInsertAlone", floor.insert(identityCommitment(BigInt(2_000_000 + i))));
  }

  // submitContribution with real proofs, from members proving against the current root.
  const provers = [];
  for (let i = 0; i < PROOFS; i++) {
    const member = await impersonated(PREFILLED_MEMBERS + SAMPLES + i);
    await p.token.connect(p.treasury).transfer(member, stakeAmount + GRD(100));
    await p.token.connect(member).approve(p.registry, ethers.MaxUint256);
    await p.token.connect(member).approve(p.rounds, ethers.MaxUint256);
    await gas.record("depositBonds", p.rounds.connect(member).depositBonds(GRD(50)));
    const identity = new Identity(BigInt(3_000_000 + i));
    await p.registry.connect(member).stake(stakeAmount, identity.commitment);
    p.tree.insert(identity.commitment);
    provers.push({ member, identity });
  }
  await gas.record("openRound", p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion)));
  const roundId = await p.rounds.roundCount();
  const scope = roundScope((await ethers.provider.getNetwork()).chainId, await p.rounds.getAddress(), roundId);
  const uids = [];
  process.stdout.write(`proving ${PROOFS} contributions…\n`);
  for (const { member, identity } of provers) {
    const recipient = ethers.Wallet.createRandom().address;
    const { calldata } = await proveContribution({
      identity,
      tree: p.tree,
      update: BENCH_UPDATE,
      salt: 42n,
      roundScope: scope,
      l2BoundSq: 1_000_000n,
      recipient,
    });
    const { pA, pB, pC, pubSignals } = calldata;
    // The verifier alone, called in its own transaction (base cost and calldata included), for comparison.
    const verifyCall = p.verifier.interface.encodeFunctionData("verifyProof", [pA, pB, pC, pubSignals]);
    await gas.record("verifyProofAlone", member.sendTransaction({ to: await p.verifier.getAddress(), data: verifyCall }));
    // A real opening, encrypted to the round's key, as participant contribute delivers it.
    const opening = encryptOpening(
      DEV_AGGREGATOR_KEY.publicKey,
      {
        chainId: (await ethers.provider.getNetwork()).chainId,
        roundManager: await p.rounds.getAddress(),
        roundId,
        nullifier: pubSignals[1],
        updateCommitment: pubSignals[2],
      },
      { values: BENCH_UPDATE, salt: 42n },
      CIRCUIT,
    );
    await gas.record("submitContribution", p.rounds.connect(member).submit(roundId, { pA, pB, pC }, pubSignals, opening));
    uids.push(await p.rounds.attestationUid(roundId, pubSignals[1]));
  }

  await releaseSnarkjsWorkers();

  // finalize with a real aggregation proof of the three contributions, then claim after the challenge period.
  await network.provider.send("evm_increaseTime", [2 * 86_400]);
  const openings = provers.map(() => ({ update: BENCH_UPDATE, salt: 42n }));
  const aggregation = await proveAggregation(
    { commitments: openings.map((o) => updateCommitment(o.update, o.salt, CIRCUIT)), openings, weights: openings.map(() => 1n) },
    { circuit: aggregationCircuit("aggregation_k8_n32_b16_h5") },
  );
  await gas.record(
    "finalizeRound",
    p.rounds.connect(p.coordinator).finalizeRound(roundId, aggregationCalldata(aggregation), CANDIDATE),
  );
  await network.provider.send("evm_increaseTime", [4 * 86_400]);
  for (const uid of uids) await gas.record("claim", p.rounds.claim(uid));

  // Finalization with its proof at K = 4, 8 and 16, every slot a contribution; and the two accumulators.
  const openingGasPerByte = await measureFinalization(gas);
  await releaseSnarkjsWorkers();

  // requestUnstake, slash during unbonding, withdraw.
  for (const { member, commitment } of measured) {
    const siblings = p.tree.siblings(commitment);
    p.tree.remove(commitment);
    await gas.record("requestUnstake", p.registry.connect(member).requestUnstake(siblings));
  }
  for (const { member } of measured) await gas.record("slash", p.registry.slash(member, GRD(50), "benchmark", "ipfs://evidence"));
  await network.provider.send("evm_increaseTime", [8 * 86_400]);
  for (const { member } of measured) await gas.record("withdraw", p.registry.connect(member).withdraw());

  // anchors: Semaphore v4 on the same node, measured the same way, beside the Guardians figures above.
  const semaphore = await measureSemaphore({ prefilled: PREFILLED_MEMBERS, samples: SAMPLES, proofs: PROOFS });
  await releaseSnarkjsWorkers();
  const anchors = buildAnchors(gas.stats(), semaphore.gas.stats(), semaphore.description);

  const previous: Record<string, unknown> = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, "utf8")) : {};
  const results = { ...previous, ...gas.stats(), openingGasPerByte, anchors };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `${JSON.stringify({ ...gas.stats(), anchors }, null, 2)}\nwrote ${path.relative(process.cwd(), RESULTS)}\n`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // A benchmark that has written its results is done: leftover prover worker threads must not keep
  // `npm run bench` waiting forever.
  .finally(() => process.exit());
