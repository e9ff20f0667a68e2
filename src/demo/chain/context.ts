import fs from "node:fs";
import path from "node:path";
import { Wallet, id as keccakText, parseEther } from "ethers";
import type { Provider, Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { Progress, silentProgress } from "../../core/progress";
import type { DeployConfig } from "../../deployment/config/deploy";
import { Deployment, Guardians, generateAggregatorKey, openGuardians, type AggregatorKeyPair, type TxOutcome } from "../../sdk";
import { ContributionCircuit, Identity, SNARK_SCALAR_FIELD } from "../../zk";
import type { UpdateCodec } from "../../fl/codec";
import type { Contribution, GasReport } from "../driver";

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
  /** How long one chain step may take, in ms (default STEP_TIMEOUTS of ./mining; tests shorten it). */
  readonly timeouts?: { readonly proving: number; readonly plain: number };
}

export interface Member {
  readonly name: string;
  readonly wallet: Signer;
  readonly address: string;
  readonly identity: Identity;
  readonly session: Guardians;
}

export interface Whistleblower {
  readonly name: string;
  readonly address: string;
  readonly session: Guardians;
}

export function gasOf(action: string, ...outcomes: TxOutcome[]): GasReport {
  return { gas: { [action]: outcomes.reduce((s, o) => s + Number(o.gasUsed), 0) } };
}

export function mergeGas(...reports: GasReport[]): GasReport {
  const gas: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.gas)) gas[k] = (gas[k] ?? 0) + v;
  return { gas };
}

/** A value derived from the run's seed and a label: wallets and identities are reproducible per seed. */
export function derived(seed: number, label: string): bigint {
  return BigInt(keccakText(`guardians-demo:${seed}:${label}`));
}

const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * What the phases of the demo's chain driver share: the deployment, the members and the rounds the
 * earlier phases created, and the local-network helpers (time travel, funded wallets, sessions).
 */
export class DemoChain {
  deployment: Deployment | undefined;
  deployerSession: Guardians | undefined;
  deployConfig: DeployConfig | undefined;
  readonly members = new Map<string, Member>();
  readonly roundIds = new Map<number, bigint>();
  readonly accepted: Contribution[] = [];
  readonly revokedUids = new Set<string>();
  /** The model file of every version registered so far, by version id: the genesis, then each round's candidate. */
  readonly modelFiles = new Map<bigint, Uint8Array>();
  whistleblower: Whistleblower | undefined;
  /** The aggregator's encryption key, fresh for each run: participants encrypt their openings to it. */
  readonly aggregatorKey: AggregatorKeyPair = generateAggregatorKey();

  constructor(
    readonly options: ChainOptions,
    readonly progress: Progress,
    readonly provider: Provider,
    readonly deployerSigner: Signer,
    readonly circuit: ContributionCircuit,
  ) {}

  get codec(): UpdateCodec {
    return this.options.codec;
  }

  get seed(): number {
    return this.options.seed;
  }

  need<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} used before setup`);
    return value;
  }

  deployer(): Guardians {
    return this.need(this.deployerSession, "deployer");
  }

  config(): DeployConfig {
    return this.need(this.deployConfig, "config");
  }

  memberOf(name: string): Member {
    return this.need(this.members.get(name), `member ${name}`);
  }

  roundIdOf(round: number): bigint {
    return this.need(this.roundIds.get(round), `round ${round}`);
  }

  async latest(): Promise<bigint> {
    return BigInt((await this.provider.getBlock("latest"))?.timestamp ?? 0);
  }

  async advanceTo(timestamp: bigint): Promise<void> {
    const now = await this.latest();
    const network = this.options.hre.network.provider;
    if (timestamp > now) await network.send("evm_increaseTime", [Number(timestamp - now)]);
    await network.send("evm_mine", []);
  }

  async advance(seconds: number): Promise<void> {
    await this.advanceTo((await this.latest()) + BigInt(seconds));
  }

  session(signer: Signer, shown: Progress = silentProgress): Promise<Guardians> {
    return openGuardians({
      signer,
      deployment: this.need(this.deployment, "deployment"),
      confirmations: 1,
      progress: shown,
      pollMs: 50,
    });
  }

  /** A member's SDK session shows its proving bar, and none of its transaction confirmations. */
  provingBarOnly(name: string): Progress {
    return {
      info() {},
      step: (label, total) =>
        label.startsWith("proving") ? this.progress.step(`${name} ${label}`, total) : silentProgress.step(label, total),
    };
  }

  async fundedWallet(label: string): Promise<Wallet> {
    const key = (derived(this.seed, `wallet:${label}`) % (SECP256K1_ORDER - 1n)) + 1n;
    const wallet = new Wallet(`0x${key.toString(16).padStart(64, "0")}`, this.provider);
    await this.deployer().send(`fund ${label}`, () =>
      this.deployerSigner.sendTransaction({ to: wallet.address, value: DEMO_ECONOMICS.gasMoney }),
    );
    return wallet;
  }

  /** Keeps a version's model file, and writes it beside the run's report (models/version-<id>.json). */
  keepModelFile(versionId: bigint, bytes: Uint8Array): string {
    this.modelFiles.set(versionId, bytes);
    const file = path.join(this.options.outDir, "models", `version-${versionId}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return file;
  }

  saltFor(member: string, round: number, attempt: string): bigint {
    return derived(this.seed, `salt:${member}:${round}:${attempt}`) % SNARK_SCALAR_FIELD;
  }
}
