import fs from "node:fs";
import path from "node:path";
import { AbiCoder, Wallet, formatEther, getAddress, id as keccakText, keccak256, parseEther } from "ethers";
import type { Provider, Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { UserError } from "../core/errors";
import { Progress, silentProgress } from "../core/progress";
import { deployProtocol } from "../deploy/deploy";
import { DeployConfig, deployConfigPath, loadDeployConfig } from "../deploy/config/deploy";
import {
  Deployment,
  Guardians,
  LOCAL_NETWORKS,
  TxRevertedError,
  memberTree,
  castVote,
  claim,
  contribute,
  contributionByUid,
  contributionsRoot,
  delegateVotes,
  discloseIdentity,
  ensureBondBalance,
  executeProposal,
  finalizeRound,
  modelActivationActions,
  openGuardians,
  openRound,
  propose,
  queueProposal,
  stake,
  withdrawBonds,
  type TxOutcome,
} from "../sdk";
import {
  ContributionCalldata,
  ContributionCircuit,
  Identity,
  SNARK_SCALAR_FIELD,
  contributionCircuit,
  proveContribution,
  updateCommitment,
} from "../zk";
import { UpdateCodec } from "../fl/codec";
import { ChainDriver, Contribution, Disclosure, GasReport, Governed, Rejection, RoundOutcome } from "./driver";

/** What each member holds, and what a round costs, in the demo's own deployment. */
export const DEMO_ECONOMICS = {
  /** ETH each member wallet gets for gas. */
  gasMoney: parseEther("1"),
  /** GRD each member wallet gets from the deployer's allocation. */
  allowance: parseEther("1000"),
  /** GRD each member stakes (the hardhat and localhost configs' minimum is 100 GRD). */
  stake: parseEther("200"),
  /** Bond per contribution and reward pool per round. */
  bond: parseEther("10"),
  rewardPool: parseEther("100"),
  /** Round window, in seconds: ample for proving on a slow machine; the demo then moves time past it. */
  window: 3600,
} as const;

export interface ChainOptions {
  readonly network: string;
  readonly seed: number;
  /** Where the deployment journal of this run goes (a fresh deployment every run). */
  readonly outDir: string;
  readonly codec: UpdateCodec;
  readonly hre: HardhatRuntimeEnvironment;
}

interface Member {
  readonly name: string;
  readonly wallet: Signer;
  readonly address: string;
  readonly identity: Identity;
  readonly session: Guardians;
}

function gasOf(action: string, ...outcomes: TxOutcome[]): GasReport {
  return { gas: { [action]: outcomes.reduce((s, o) => s + Number(o.gasUsed), 0) } };
}

function mergeGas(...reports: GasReport[]): GasReport {
  const gas: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.gas)) gas[k] = (gas[k] ?? 0) + v;
  return { gas };
}

/** A value derived from the run's seed and a label: wallets and identities are reproducible per seed. */
function derived(seed: number, label: string): bigint {
  return BigInt(keccakText(`guardians-demo:${seed}:${label}`));
}

/**
 * The ChainDriver over the deploy scripts, the SDK (every participant, coordinator, governance and
 * slashing action) and the prover (src/zk). Local networks only: it moves time forward to close
 * windows and pass votes. The two forced attacks prove and submit around the SDK on purpose: the
 * SDK refuses them locally, and the point is to show that the contract refuses them too.
 */
export async function createChainDriver(options: ChainOptions, progress: Progress): Promise<ChainDriver> {
  if (!LOCAL_NETWORKS.includes(options.network)) {
    throw new UserError(
      `the demo runs on ${LOCAL_NETWORKS.join(" or ")} (it moves time forward); got --network ${options.network}`,
    );
  }
  const { hre, codec, seed } = options;
  const provider: Provider = hre.ethers.provider;
  const [deployerSigner] = await hre.ethers.getSigners();
  const circuit: ContributionCircuit = contributionCircuit();
  if (circuit.n !== codec.length || circuit.bits !== codec.bits) {
    throw new Error(`the codec (N=${codec.length}, ${codec.bits} bits) does not match ${circuit.name}`);
  }

  let deployment: Deployment | undefined;
  let deployer: Guardians | undefined;
  let config: DeployConfig | undefined;
  const members = new Map<string, Member>();
  const roundIds = new Map<number, bigint>();
  const accepted: Contribution[] = [];
  const revokedUids = new Set<string>();
  let whistleblower: { name: string; address: string; session: Guardians } | undefined;

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} used before setup`);
    return value;
  };
  const memberOf = (name: string): Member => need(members.get(name), `member ${name}`);
  const roundIdOf = (round: number): bigint => need(roundIds.get(round), `round ${round}`);
  const latest = async () => BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
  const advanceTo = async (timestamp: bigint) => {
    const now = await latest();
    if (timestamp > now) await hre.network.provider.send("evm_increaseTime", [Number(timestamp - now)]);
    await hre.network.provider.send("evm_mine", []);
  };
  const advance = async (seconds: number) => advanceTo((await latest()) + BigInt(seconds));
  const session = (signer: Signer, shown: Progress = silentProgress) =>
    openGuardians({ signer, deployment: need(deployment, "deployment"), confirmations: 1, progress: shown, pollMs: 50 });
  /** A member's SDK session shows its proving bar, and none of its transaction confirmations. */
  const provingBarOnly = (name: string): Progress => ({
    info() {},
    step: (label, total) =>
      label.startsWith("proving") ? progress.step(`${name} ${label}`, total) : silentProgress.step(label, total),
  });
  const fundedWallet = async (label: string): Promise<Wallet> => {
    const key = (derived(seed, `wallet:${label}`) % (SECP256K1_ORDER - 1n)) + 1n;
    const wallet = new Wallet(`0x${key.toString(16).padStart(64, "0")}`, provider);
    const d = need(deployer, "deployer");
    await d.send(`fund ${label}`, () => deployerSigner.sendTransaction({ to: wallet.address, value: DEMO_ECONOMICS.gasMoney }));
    return wallet;
  };
  const saltFor = (member: string, round: number, attempt: string) =>
    derived(seed, `salt:${member}:${round}:${attempt}`) % SNARK_SCALAR_FIELD;

  /** Proves outside the SDK, for the forced attacks only (the SDK would refuse to send them). */
  const proveDirectly = async (member: Member, round: number, update: readonly bigint[], salt: bigint) => {
    const rm = member.session.protocol.roundManager;
    const roundId = roundIdOf(round);
    const { tree } = await memberTree(member.session);
    return proveContribution(
      {
        identity: member.identity,
        tree,
        update,
        salt,
        roundScope: await rm.roundScope(roundId),
        l2BoundSq: codec.l2BoundSq,
        recipient: member.address,
      },
      { circuit },
    );
  };

  /**
   * Submits a proof the SDK would not send; resolves with the contract's custom error. The contract
   * checks the bond balance before the proof, so the member first covers the round's bond (as the
   * SDK's contribute does); the rejected submission takes none of it, and the member withdraws the
   * deposit again.
   */
  const forceSubmit = async (member: Member, round: number, calldata: ContributionCalldata, what: string): Promise<Rejection> => {
    const { roundManager: rm } = member.session.protocol;
    const roundId = roundIdOf(round);
    const { bond } = await rm.getRound(roundId);
    const deposit = await ensureBondBalance(member.session, bond, `round ${roundId}'s bond`);
    const bondBalance = await rm.bondBalanceOf(member.address);
    let refusal: unknown;
    try {
      await member.session.send("submit", () =>
        rm.submit(roundId, { pA: calldata.pA, pB: calldata.pB, pC: calldata.pC }, calldata.pubSignals),
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
  };

  return {
    network: options.network,

    async setup(names, p) {
      const step = p.step("deploy the protocol (deploy/deploy.ts)");
      // The shipped configs keep the challenge period longer than a whole proposal (validated on load),
      // so the demo's revocation lands in time.
      config = loadDeployConfig(deployConfigPath(options.network), await deployerSigner.getAddress());
      fs.mkdirSync(options.outDir, { recursive: true });
      const journalPath = path.join(options.outDir, `deployment-${options.network}.json`);
      fs.rmSync(journalPath, { force: true });
      const result = await deployProtocol(deployerSigner, config, { network: options.network, journalPath, pollMs: 50 });
      deployment = result.deployment;
      deployer = await session(deployerSigner);
      step.done(`${result.transactionsSent} transactions, challenge period ${config.rounds.challengePeriod} s`);
      const gas: GasReport[] = [];
      // The deployer holds the token holders' votes in this demo: it delegates them to itself.
      gas.push(gasOf("delegate", ...(await delegateVotes(deployer, deployer.account))));

      for (const name of names) {
        const joining = p.step(
          `${name}: own wallet, identity, stake ${formatEther(DEMO_ECONOMICS.stake)} GRD, join the member tree`,
        );
        const wallet = await fundedWallet(name);
        const transfer = await deployer.send(`GRD to ${name}`, () =>
          deployer!.protocol.token.transfer(wallet.address, DEMO_ECONOMICS.allowance),
        );
        const member: Member = {
          name,
          wallet,
          address: wallet.address,
          identity: new Identity((derived(seed, `identity:${name}`) % (SNARK_SCALAR_FIELD - 1n)) + 1n),
          session: await session(wallet, provingBarOnly(name)),
        };
        const staked = await stake(member.session, DEMO_ECONOMICS.stake, member.identity.commitment);
        members.set(name, member);
        gas.push(gasOf("transfer GRD", transfer), gasOf("stake", staked));
        joining.done(member.address);
      }
      const wb = await fundedWallet("whistleblower");
      whistleblower = { name: "whistleblower", address: wb.address, session: await session(wb) };
      return mergeGas(...gas);
    },

    async openRound(round) {
      const d = need(deployer, "deployer");
      const opened = await openRound(d, {
        l2BoundSq: codec.l2BoundSq,
        n: codec.length,
        bits: codec.bits,
        fracBits: codec.fractionBits,
        depth: circuit.depth,
        window: Math.max(DEMO_ECONOMICS.window, need(config, "config").rounds.minWindow),
        bond: DEMO_ECONOMICS.bond,
        rewardPool: DEMO_ECONOMICS.rewardPool,
        maxContributions: 100,
      });
      roundIds.set(round, opened.roundId);
      return gasOf("openRound", opened.outcome);
    },

    async contribute(name, round, update, p) {
      const member = memberOf(name);
      const submitted = await contribute(member.session, {
        identity: member.identity,
        // Exact binary fractions: the SDK's quantization gives back exactly these integers.
        update: codec.dequantize(update),
        roundId: roundIdOf(round),
        salt: saltFor(name, round, "first"),
      });
      p.info(
        `  ✓ ${name} submitted from its own wallet: attestation ${submitted.uid.slice(0, 10)}…, proof ${(submitted.proveMs / 1000).toFixed(1)} s`,
      );
      if (submitted.quantized.some((q, i) => q !== update[i]))
        throw new Error(`${name}'s update changed in the SDK's quantization`);
      const contribution: Contribution = {
        member: name,
        round,
        uid: submitted.uid,
        commitment: submitted.updateCommitment,
        salt: submitted.salt,
        ...mergeGas(
          gasOf("submit", submitted.outcome),
          ...(submitted.bondDeposit.outcomes.length ? [gasOf("deposit bonds", ...submitted.bondDeposit.outcomes)] : []),
        ),
      };
      accepted.push(contribution);
      return contribution;
    },

    async forceContribution(name, round, update, p) {
      const member = memberOf(name);
      // The best forgery available: a valid proof of the update scaled into the bound, with the
      // public commitment swapped for the over-bound update's. The pairing check must fail.
      const step = p.step(`${name} forges a proof for its over-bound update and submits it anyway`);
      const salt = saltFor(name, round, "forged");
      const proof = await proveDirectly(member, round, clipIntoBound(update, codec.l2BoundSq), salt);
      const forged = [...proof.calldata.pubSignals] as ContributionCalldata["pubSignals"];
      forged[2] = updateCommitment(update, salt, circuit);
      const rejection = await forceSubmit(
        member,
        round,
        { ...proof.calldata, pubSignals: forged },
        "a forged over-bound contribution",
      );
      step.done(`reverted: ${rejection.error}`);
      return rejection;
    },

    async contributeAgain(name, round, update, p) {
      const member = memberOf(name);
      const step = p.step(`${name} tries a second contribution in round ${round}`);
      let sdkRefusal = "";
      try {
        await contribute(member.session, {
          identity: member.identity,
          update: codec.dequantize(update),
          roundId: roundIdOf(round),
        });
        throw new Error(`the SDK sent ${name}'s second contribution`);
      } catch (error) {
        if (!(error instanceof UserError) || error instanceof TxRevertedError) throw error;
        sdkRefusal = error.message;
      }
      // Past the SDK's check, straight to the contract: the nullifier is what stops it there.
      const proof = await proveDirectly(member, round, update, saltFor(name, round, "second"));
      const rejection = await forceSubmit(member, round, proof.calldata, "a second contribution in one round");
      step.done(`SDK: "${sdkRefusal}"; contract: ${rejection.error}`);
      return rejection;
    },

    async matchesCommitment(contribution, update) {
      // The commitment is recorded in the ContributionSubmitted event (the stored attestation omits it).
      const recorded = await contributionByUid(need(deployer, "deployer"), contribution.uid);
      return recorded.updateCommitment === updateCommitment(update, contribution.salt, circuit);
    },

    async govern(round, outcome: RoundOutcome, p): Promise<Governed> {
      const d = need(deployer, "deployer");
      const g = need(config, "config").governance;
      const { roundManager: rm, modelRegistry } = d.protocol;
      const roundId = roundIdOf(round);
      const closing = p.step(`round ${round}: window closes; the coordinator finalizes and registers the candidate`);
      const info = await rm.getRound(roundId);
      await advanceTo(info.closesAt + 1n);
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
          uri: `guardians-demo://seed-${seed}/round-${round}`,
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
      await advance(g.votingDelay + 1);
      const vote = await castVote(d, proposed.proposalId, "for", "held-out metrics and the aggregation evaluation support it");
      governing.update(2, 4, "voted");
      await advanceTo((await d.protocol.governor.proposalDeadline(proposed.proposalId)) + 1n);
      const queued = await queueProposal(d, proposed.proposalId);
      governing.update(3, 4, "queued");
      await advanceTo(await d.protocol.governor.proposalEta(proposed.proposalId));
      const executed = await executeProposal(d, proposed.proposalId);
      governing.done("executed");
      if ((await modelRegistry.champion()) !== version)
        throw new Error(`model version ${version} is not the champion after execution`);
      const forfeited: Record<string, bigint> = {};
      for (const c of outcome.flagged) {
        if ((await rm.getAttestation(c.uid)).status !== ATTESTATION_REVOKED) {
          throw new Error(`${c.member}'s contribution is not revoked after execution`);
        }
        forfeited[c.uid] = info.bond;
        revokedUids.add(c.uid);
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
    },

    async discloseIdentity(name, whistleblowerName): Promise<Disclosure> {
      const lender = memberOf(name);
      const wb = need(whistleblower, "whistleblower");
      if (wb.name !== whistleblowerName) throw new Error(`unknown whistleblower ${whistleblowerName}`);
      // The SDK reveals once a block after the commitment exists; an automining network with no
      // other traffic never makes one, so blocks are mined on an interval while it waits.
      await hre.network.provider.send("evm_setIntervalMining", [200]);
      let disclosed;
      try {
        disclosed = await discloseIdentity(wb.session, lender.identity, wb.address);
      } finally {
        await hre.network.provider.send("evm_setIntervalMining", [0]);
      }
      if (getAddress(disclosed.member) !== lender.address) throw new Error("the disclosure slashed the wrong member");
      return {
        slashed: disclosed.slashed,
        reward: disclosed.whistleblowerReward,
        ...mergeGas(gasOf("commitDisclosure", disclosed.commitOutcome), gasOf("revealDisclosure", disclosed.revealOutcome)),
      };
    },

    async claimAll(names) {
      const d = need(deployer, "deployer");
      let latestEnd = 0n;
      for (const id of roundIds.values()) {
        const end = (await d.protocol.roundManager.getRound(id)).challengeEndsAt;
        if (end > latestEnd) latestEnd = end;
      }
      await advanceTo(latestEnd + 1n);
      const claimed: Record<string, number> = {};
      const outcomes: TxOutcome[] = [];
      for (const c of accepted) {
        if (revokedUids.has(c.uid) || !names.includes(c.member)) continue;
        const member = memberOf(c.member);
        const [result] = await claim(member.session, [c.uid]);
        outcomes.push(result.outcome);
        claimed[c.member] = (claimed[c.member] ?? 0) + 1;
      }
      return { claimed, ...gasOf("claim", ...outcomes) };
    },

    async balances() {
      if (!deployer) return {};
      const { token, registry, roundManager, timelock } = deployer.protocol;
      const holders: Record<string, string> = {
        deployer: deployer.account,
        "treasury (timelock)": await timelock.getAddress(),
        ParticipantRegistry: await registry.getAddress(),
        RoundManager: await roundManager.getAddress(),
      };
      for (const m of members.values()) holders[m.name] = m.address;
      if (whistleblower) holders[whistleblower.name] = whistleblower.address;
      const out: Record<string, bigint> = {};
      for (const [name, address] of Object.entries(holders)) out[name] = await token.balanceOf(address);
      return out;
    },
  };
}

const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** IRoundManager.AttestationStatus.Revoked */
const ATTESTATION_REVOKED = 2n;

/** Scales an integer vector down until Σq² fits `boundSq` (the forger's provable stand-in). */
function clipIntoBound(update: readonly bigint[], boundSq: bigint): bigint[] {
  const normSq = update.reduce((s, q) => s + q * q, 0n);
  if (normSq <= boundSq) return [...update];
  const ratio = Math.sqrt(Number(boundSq) / Number(normSq)) * 0.999;
  return update.map((q) => BigInt(Math.trunc(Number(q) * ratio)));
}
