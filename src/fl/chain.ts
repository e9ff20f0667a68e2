import fs from "node:fs";
import path from "node:path";
import { AbiCoder, Wallet, getAddress, id as keccakText, keccak256, parseEther, solidityPackedKeccak256 } from "ethers";
import type { Provider, Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { UserError } from "../cli/errors";
import { Progress, silentProgress } from "../cli/progress";
import { deployProtocol } from "../../deploy/deploy";
import { DeployConfig, deployConfigPath, loadDeployConfig } from "../../scripts/config/deploy";
import { Guardians, openGuardians } from "../sdk/client";
import { Deployment } from "../sdk/deployments";
import { TxRevertedError } from "../sdk/errors";
import { castVote, delegateVotes, executeProposal, modelActivationActions, propose, queueProposal } from "../sdk/governance";
import type { TxOutcome } from "../sdk/tx";
import { LOCAL_NETWORKS } from "../sdk/wallet";
import {
  ContributionCalldata,
  ContributionCircuit,
  Identity,
  MemberTree,
  SNARK_SCALAR_FIELD,
  contributionCircuit,
  proveContribution,
  roundScope,
  updateCommitment,
} from "../zk";
import { UpdateCodec } from "./codec";
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
  /** Round window, in seconds (the configs' minimum). */
  window: 60,
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
 * Governance periods must fit inside the challenge period, or a revocation would arrive too late:
 * the demo's deployment stretches the challenge period to cover a whole proposal plus a margin.
 */
export function demoDeployConfig(base: DeployConfig): DeployConfig {
  const g = base.governance;
  const governanceSeconds = g.votingDelay + g.votingPeriod + g.lateQuorumExtension + g.timelockDelay;
  const challengePeriod = Math.max(base.rounds.challengePeriod, governanceSeconds + 600);
  return { ...base, rounds: { ...base.rounds, challengePeriod } };
}

/**
 * The ChainDriver over the deploy scripts, the SDK (sessions, transactions, governance) and the
 * prover (src/zk). Local networks only: it moves time forward to close windows and pass votes.
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
  const chainId = (await provider.getNetwork()).chainId;

  let deployment: Deployment | undefined;
  let deployer: Guardians | undefined;
  let config: DeployConfig | undefined;
  const members = new Map<string, Member>();
  const tree = new MemberTree();
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
  const advance = async (seconds: number) => {
    await hre.network.provider.send("evm_increaseTime", [seconds]);
    await hre.network.provider.send("evm_mine", []);
  };
  const fundedWallet = async (label: string): Promise<Wallet> => {
    const key = (derived(seed, `wallet:${label}`) % (SECP256K1_ORDER - 1n)) + 1n;
    const wallet = new Wallet(`0x${key.toString(16).padStart(64, "0")}`, provider);
    const d = need(deployer, "deployer");
    await d.send(`fund ${label}`, () => deployerSigner.sendTransaction({ to: wallet.address, value: DEMO_ECONOMICS.gasMoney }));
    return wallet;
  };
  const session = (signer: Signer) => openGuardians({ signer, deployment: need(deployment, "deployment"), confirmations: 1 });

  /** Proves `update` for `member` in `round` (the prover's checks refuse an over-bound update). */
  const prove = async (member: Member, round: number, update: readonly bigint[], salt: bigint, p: Progress) => {
    const roundId = roundIdOf(round);
    const rm = need(deployer, "deployer").protocol.roundManager;
    const step = p.step(`${member.name} proves its contribution (Groth16, ${circuit.name})`, 100);
    const proof = await proveContribution(
      {
        identity: member.identity,
        tree,
        update,
        salt,
        roundScope: roundScope(chainId, await rm.getAddress(), roundId),
        l2BoundSq: codec.l2BoundSq,
        recipient: member.address,
      },
      {
        circuit,
        onProgress: (stage, done, total) => {
          if (stage === "proving" && done !== undefined && total) step.update(done, total);
        },
      },
    );
    step.done();
    return proof;
  };

  /** Submits from the member's own wallet: approve the bond, then submit. */
  const submit = async (member: Member, round: number, calldata: ContributionCalldata) => {
    const rm = member.session.protocol.roundManager;
    const approval = await member.session.send("approve bond", () =>
      member.session.protocol.token.approve(rm.getAddress(), DEMO_ECONOMICS.bond),
    );
    const outcome = await member.session.send("submit", () =>
      rm.submit(roundIdOf(round), { pA: calldata.pA, pB: calldata.pB, pC: calldata.pC }, calldata.pubSignals),
    );
    return { approval, outcome };
  };

  const expectRevert = async (action: () => Promise<unknown>, what: string): Promise<Rejection> => {
    try {
      await action();
    } catch (error) {
      if (error instanceof TxRevertedError) return { error: error.errorName ?? error.message, gas: {} };
      throw error;
    }
    throw new Error(`${what} was accepted by the contract`);
  };

  const saltFor = (member: string, round: number, attempt: string) =>
    derived(seed, `salt:${member}:${round}:${attempt}`) % SNARK_SCALAR_FIELD;

  return {
    network: options.network,

    async setup(names, p) {
      const step = p.step("deploy the protocol (deploy/deploy.ts)");
      const base = loadDeployConfig(deployConfigPath(options.network), await deployerSigner.getAddress());
      config = demoDeployConfig(base);
      fs.mkdirSync(options.outDir, { recursive: true });
      const journalPath = path.join(options.outDir, `deployment-${options.network}.json`);
      fs.rmSync(journalPath, { force: true });
      const result = await deployProtocol(deployerSigner, config, {
        network: options.network,
        journalPath,
        progress: silentProgress,
      });
      deployment = result.deployment;
      deployer = await session(deployerSigner);
      step.done(`${result.transactionsSent} transactions, challenge period ${config.rounds.challengePeriod} s`);
      const gas: GasReport[] = [];
      // The deployer holds the token holders' votes in this demo: it delegates to itself once.
      gas.push(gasOf("delegate", ...(await delegateVotes(deployer, deployer.account))));

      for (const name of names) {
        const joining = p.step(
          `${name}: wallet, identity, stake ${Number(DEMO_ECONOMICS.stake / 10n ** 18n)} GRD, join the member tree`,
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
          session: await session(wallet),
        };
        const { token, registry } = member.session.protocol;
        const approval = await member.session.send("approve stake", () =>
          token.approve(registry.getAddress(), DEMO_ECONOMICS.stake),
        );
        const staked = await member.session.send("stake", () => registry.stake(DEMO_ECONOMICS.stake, member.identity.commitment));
        tree.insert(member.identity.commitment);
        members.set(name, member);
        gas.push(gasOf("transfer GRD", transfer), gasOf("approve", approval), gasOf("stake", staked));
        joining.done(`${member.address.slice(0, 10)}…`);
      }
      const onChainRoot = await deployer.protocol.registry.currentRoot();
      if (onChainRoot !== tree.root) throw new Error(`member tree mirror root ${tree.root} ≠ on-chain root ${onChainRoot}`);
      const wb = await fundedWallet("whistleblower");
      whistleblower = { name: "whistleblower", address: wb.address, session: await session(wb) };
      return mergeGas(...gas);
    },

    async openRound(round) {
      const d = need(deployer, "deployer");
      const rm = d.protocol.roundManager;
      const approval = await d.send("approve reward pool", () =>
        d.protocol.token.approve(rm.getAddress(), DEMO_ECONOMICS.rewardPool),
      );
      const base = await d.protocol.modelRegistry.champion();
      const outcome = await d.send("open round", () =>
        rm.openRound({
          baseModelVersion: base,
          l2BoundSq: codec.l2BoundSq,
          n: codec.length,
          bits: codec.bits,
          fracBits: codec.fractionBits,
          depth: circuit.depth,
          window: DEMO_ECONOMICS.window,
          bond: DEMO_ECONOMICS.bond,
          rewardPool: DEMO_ECONOMICS.rewardPool,
          maxContributions: 100,
        }),
      );
      const opened = outcome.receipt.logs.map((l) => rm.interface.parseLog(l)).find((e) => e?.name === "RoundOpened");
      if (!opened) throw new Error("openRound emitted no RoundOpened");
      roundIds.set(round, opened.args.roundId as bigint);
      return mergeGas(gasOf("approve", approval), gasOf("openRound", outcome));
    },

    async contribute(name, round, update, p) {
      const member = memberOf(name);
      const salt = saltFor(name, round, "first");
      const proof = await prove(member, round, update, salt, p);
      const { approval, outcome } = await submit(member, round, proof.calldata);
      const rm = member.session.protocol.roundManager;
      const event = outcome.receipt.logs.map((l) => rm.interface.parseLog(l)).find((e) => e?.name === "ContributionSubmitted");
      if (!event) throw new Error("submit emitted no ContributionSubmitted");
      const contribution: Contribution = {
        member: name,
        round,
        uid: event.args.uid as string,
        commitment: proof.signals.updateCommitment,
        salt,
        ...mergeGas(gasOf("approve", approval), gasOf("submit", outcome)),
      };
      accepted.push(contribution);
      return contribution;
    },

    async forceContribution(name, round, update, p) {
      const member = memberOf(name);
      // The best forgery: a valid proof of the update clipped into the bound, with the public
      // commitment swapped for the over-bound update's. The verifier must refuse the pairing.
      const salt = saltFor(name, round, "forged");
      const bounded = clipIntoBound(update, codec.l2BoundSq);
      const proof = await prove(member, round, bounded, salt, p);
      const forged = [...proof.calldata.pubSignals] as ContributionCalldata["pubSignals"];
      forged[2] = updateCommitment(update, salt, circuit);
      return expectRevert(
        () => submit(member, round, { ...proof.calldata, pubSignals: forged }),
        "a forged over-bound contribution",
      );
    },

    async contributeAgain(name, round, update, p) {
      const member = memberOf(name);
      const proof = await prove(member, round, update, saltFor(name, round, "second"), p);
      return expectRevert(() => submit(member, round, proof.calldata), "a second contribution in one round");
    },

    async matchesCommitment(contribution, update) {
      const attestation = await need(deployer, "deployer").protocol.roundManager.getAttestation(contribution.uid);
      return attestation.updateCommitment === updateCommitment(update, contribution.salt, circuit);
    },

    async govern(round, outcome: RoundOutcome, p): Promise<Governed> {
      const d = need(deployer, "deployer");
      const g = need(config, "config").governance;
      const { roundManager: rm, modelRegistry } = d.protocol;
      const roundId = roundIdOf(round);
      const closing = p.step(`round ${round}: window closes, coordinator finalizes and registers the candidate`);
      const info = await rm.getRound(roundId);
      const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
      if (info.closesAt > now) await advance(Number(info.closesAt - now) + 1);
      const uids = outcome.accepted.map((c) => c.uid);
      const contributionsRoot = uids.length
        ? solidityPackedKeccak256(
            uids.map(() => "bytes32"),
            uids,
          )
        : `0x${"00".repeat(32)}`;
      const weights = JSON.stringify(outcome.parameters.map((x) => Number(x.toPrecision(9))));
      const metrics = AbiCoder.defaultAbiCoder().encode(
        ["uint256", "uint256"],
        [Math.round(outcome.accuracy * 1e6), Math.round(outcome.loss * 1e6)],
      );
      const finalized = await d.send("finalize round", () =>
        rm.finalizeRound(roundId, contributionsRoot, {
          weightsHash: keccak256(Buffer.from(weights)),
          uri: `guardians-demo://seed-${seed}/round-${round}`,
          accuracyBps: Math.round(outcome.accuracy * 10_000),
          metricsHash: keccak256(metrics),
        }),
      );
      const event = finalized.receipt.logs.map((l) => rm.interface.parseLog(l)).find((e) => e?.name === "RoundFinalized");
      if (!event) throw new Error("finalizeRound emitted no RoundFinalized");
      const version = event.args.candidateVersion as bigint;
      closing.done(`candidate model version ${version}, accuracy ${(outcome.accuracy * 100).toFixed(1)}%`);

      const governing = p.step(
        `governance: activate version ${version}${outcome.flagged.length ? ` and revoke ${outcome.flagged.map((c) => c.member).join(", ")}` : ""}`,
        4,
      );
      const activation = await modelActivationActions(d, version, `Round ${round}: activate model version ${version}`);
      const rmAddress = await rm.getAddress();
      for (const c of outcome.flagged) {
        activation.targets.push(rmAddress);
        activation.values.push(0n);
        activation.calldatas.push(
          rm.interface.encodeFunctionData("revokeContribution", [c.uid, "flagged by the aggregation evaluation (leave-one-out)"]),
        );
      }
      activation.description += outcome.flagged.length ? `; revoke ${outcome.flagged.length} flagged contribution(s)` : "";
      const proposed = await propose(d, activation);
      governing.update(1, 4, "proposed");
      await advance(g.votingDelay + 1);
      const vote = await castVote(d, proposed.proposalId, "for", "the aggregation evaluation and held-out metrics support it");
      governing.update(2, 4, "voted");
      await advance(g.votingPeriod + 1);
      const queued = await queueProposal(d, proposed.proposalId);
      governing.update(3, 4, "queued");
      await advance(g.timelockDelay + 1);
      const executed = await executeProposal(d, proposed.proposalId);
      governing.done(`executed proposal ${proposed.proposalId.toString().slice(0, 10)}…`);
      if ((await modelRegistry.champion()) !== version)
        throw new Error(`model version ${version} is not the champion after execution`);
      const forfeited: Record<string, bigint> = {};
      for (const c of outcome.flagged) {
        const status = (await rm.getAttestation(c.uid)).status;
        if (status !== ATTESTATION_REVOKED) throw new Error(`${c.member}'s contribution is not revoked after execution`);
        forfeited[c.uid] = info.bond;
        revokedUids.add(c.uid);
      }
      return {
        modelVersion: version.toString(),
        forfeited,
        ...mergeGas(
          gasOf("finalizeRound", finalized),
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
      const registry = wb.session.protocol.registry;
      const salt = keccakText(`guardians-demo:${seed}:disclosure`);
      const disclosure = keccak256(
        AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [lender.identity.secret, wb.address, salt]),
      );
      const committed = await wb.session.send("commit disclosure", () => registry.commitDisclosure(disclosure));
      await advance(1);
      const path = tree.path(lender.identity.commitment, circuit.depth);
      const revealed = await wb.session.send("reveal disclosure", () =>
        registry.revealDisclosure(lender.identity.secret, wb.address, salt, path.siblings.slice(0, path.depth)),
      );
      const event = revealed.receipt.logs.map((l) => registry.interface.parseLog(l)).find((e) => e?.name === "IdentityDisclosed");
      if (!event) throw new Error("revealDisclosure emitted no IdentityDisclosed");
      if (getAddress(event.args.account as string) !== lender.address) throw new Error("the disclosure slashed the wrong member");
      return {
        slashed: event.args.slashed as bigint,
        reward: event.args.whistleblowerReward as bigint,
        ...mergeGas(gasOf("commitDisclosure", committed), gasOf("revealDisclosure", revealed)),
      };
    },

    async claimAll(names) {
      const d = need(deployer, "deployer");
      const rm = d.protocol.roundManager;
      let latestEnd = 0n;
      for (const id of roundIds.values()) {
        const end = (await rm.getRound(id)).challengeEndsAt;
        if (end > latestEnd) latestEnd = end;
      }
      const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
      if (latestEnd >= now) await advance(Number(latestEnd - now) + 1);
      const claimed: Record<string, string> = {};
      const outcomes: TxOutcome[] = [];
      for (const c of accepted) {
        if (revokedUids.has(c.uid) || !names.includes(c.member)) continue;
        const member = memberOf(c.member);
        const before = await member.session.protocol.token.balanceOf(member.address);
        outcomes.push(await member.session.send("claim", () => member.session.protocol.roundManager.claim(c.uid)));
        const paid = (await member.session.protocol.token.balanceOf(member.address)) - before;
        claimed[c.member] = (BigInt(claimed[c.member] ?? "0") + paid).toString();
      }
      return { claimed, ...gasOf("claim", ...outcomes) };
    },

    async balances() {
      if (!deployer || !deployment) return {};
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
