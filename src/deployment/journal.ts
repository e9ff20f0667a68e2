import fs from "node:fs";
import path from "node:path";
import { keccak256, toUtf8Bytes, type Provider, type Signer, type TransactionRequest, type TransactionResponse } from "ethers";

import { silentProgress, type Progress } from "../core/progress";
import { ConfigError } from "../sdk/errors";
import { RevertDecoder, submitTx, waitForConfirmations, type TxOutcome } from "../sdk/tx";

/** How far back a resume searches for a step mined without its hash reaching us. */
const NONCE_RECOVERY_BLOCKS = 256;

/** One recorded step of a deployment: a contract creation or a call (role grant, hand-over…). */
export interface JournalStep {
  kind: "deploy" | "call";
  /**
   * `pending`: about to be broadcast, or broadcast with no receipt recorded yet. A re-run looks the
   * step up by its hash, or, when the node died before returning the hash, by the deployer nonce
   * the step was given, instead of sending it again.
   */
  status: "pending" | "done";
  /** Set once the node has accepted the transaction; always set on a `done` step. */
  txHash?: string;
  /** The deployer and the nonce the step's transaction uses, recorded before it is broadcast. */
  from?: string;
  nonce?: number;
  /** Artifact name of the deployed contract, or of the called one. */
  contract: string;
  address?: string;
  block?: number;
  /** Constructor or call arguments, JSON-safe (bigints as decimal strings). */
  args: unknown[];
  /** What a call does, in words. */
  description?: string;
  libraries?: Record<string, string>;
  /** VERIFICATION_KEY_HASH of a verifier, from contracts/generated/keys.json. */
  keyHash?: string;
  gasUsed?: string;
}

/** deployments/<network>.json: everything needed to use, audit and resume a deployment. */
export interface Journal {
  version: 1;
  network: string;
  chainId: number;
  deployer: string;
  /** keccak256 of the canonical config JSON; a resume with a different config is refused. */
  configHash: string;
  config: unknown;
  startedAt: string;
  completedAt?: string;
  /** Steps in the order they were first sent. */
  steps: Record<string, JournalStep>;
}

/** JSON with bigints as decimal strings, keys in a stable order (so the config hash is canonical). */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, toJsonSafe((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function hashConfig(config: unknown): string {
  return keccak256(toUtf8Bytes(JSON.stringify(toJsonSafe(config))));
}

export function readJournal(journalPath: string): Journal | undefined {
  if (!fs.existsSync(journalPath)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(journalPath, "utf8")) as Journal;
  } catch {
    throw new ConfigError(`${journalPath} is not valid JSON; fix or remove it`);
  }
}

export interface DeploymentRunOptions {
  journalPath: string;
  network: string;
  config: unknown;
  signer: Signer;
  progress?: Progress;
  confirmations?: number;
  decoder?: RevertDecoder;
  /** Called after each step is recorded (tests interrupt a deployment from here). */
  onStepRecorded?: (name: string, step: JournalStep) => void | Promise<void>;
  pollMs?: number;
}

export type StepRequest =
  | { kind: "deploy"; contract: string; args: unknown[]; libraries?: Record<string, string>; keyHash?: string }
  | { kind: "call"; contract: string; address: string; args: unknown[]; description: string };

/**
 * The resume engine. Each step has a stable name; the journal is rewritten after every change, so
 * an interruption at any point loses nothing:
 * - a `done` step is skipped (a deployed contract's code is checked to still be there);
 * - a `pending` step (sent, not yet mined when the run stopped) is looked up by its hash and
 *   resent only if the network dropped it;
 * - a completed journal is never deployed again.
 */
export class DeploymentRun {
  readonly journal: Journal;
  private readonly provider: Provider;
  private readonly progress: Progress;
  private sentThisRun = 0;

  private constructor(
    private readonly options: DeploymentRunOptions,
    journal: Journal,
  ) {
    this.journal = journal;
    this.provider = options.signer.provider as Provider;
    this.progress = options.progress ?? silentProgress;
  }

  /** Opens (or starts) the journal for this network, refusing a mismatched chain or config. */
  static async open(options: DeploymentRunOptions): Promise<DeploymentRun> {
    const provider = options.signer.provider;
    if (!provider) throw new ConfigError("the deployer account has no provider");
    const chainId = Number((await provider.getNetwork()).chainId);
    const deployer = await options.signer.getAddress();
    const configHash = hashConfig(options.config);
    const existing = readJournal(options.journalPath);
    if (existing) {
      if (existing.chainId !== chainId)
        throw new ConfigError(
          `${options.journalPath} belongs to chain ${existing.chainId}, but the network is chain ${chainId}; move the file away to deploy anew`,
        );
      if (!existing.completedAt && existing.configHash !== configHash)
        throw new ConfigError(
          `the config changed since the interrupted deployment in ${options.journalPath}; restore it to resume, or move the journal away to start over`,
        );
      return new DeploymentRun(options, existing);
    }
    const journal: Journal = {
      version: 1,
      network: options.network,
      chainId,
      deployer,
      configHash,
      config: toJsonSafe(options.config),
      startedAt: new Date().toISOString(),
      steps: {},
    };
    const run = new DeploymentRun(options, journal);
    run.save();
    return run;
  }

  get completed(): boolean {
    return this.journal.completedAt !== undefined;
  }

  /** How many transactions this run sent (0 on a re-run of a finished deployment). */
  get transactionsSent(): number {
    return this.sentThisRun;
  }

  save(): void {
    fs.mkdirSync(path.dirname(path.resolve(this.options.journalPath)), { recursive: true });
    const tmp = `${this.options.journalPath}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(this.journal, null, 2)}\n`);
    fs.renameSync(tmp, this.options.journalPath);
  }

  /** The address of a deployed step; throws if the step is not done. */
  address(name: string): string {
    const step = this.journal.steps[name];
    if (step?.status !== "done" || !step.address) throw new Error(`deployment step ${name} has no address yet`);
    return step.address;
  }

  has(name: string): boolean {
    return this.journal.steps[name]?.status === "done";
  }

  /**
   * Runs one step unless the journal already has it. `build` makes the transaction (only called
   * when it has to be sent). Returns the step's record.
   */
  async step(name: string, request: StepRequest, build: () => Promise<TransactionRequest>): Promise<JournalStep> {
    const recorded = this.journal.steps[name];
    if (recorded?.status === "done") {
      if (recorded.kind === "deploy") await this.checkCode(name, recorded);
      this.progress.info(`  = ${name}: already ${recorded.kind === "deploy" ? `at ${recorded.address}` : "done"}`);
      return recorded;
    }
    if (this.completed)
      throw new ConfigError(`the deployment in ${this.options.journalPath} is finished; it is never redeployed`);

    let outcome: TxOutcome | undefined;
    if (recorded?.status === "pending") {
      const response = recorded.txHash ? await this.provider.getTransaction(recorded.txHash) : null;
      outcome = response ? await this.wait(name, response) : await this.recoverByNonce(name, request, recorded);
    }
    if (!outcome) {
      const transaction = await build();
      const from = await this.options.signer.getAddress();
      const nonce = await this.provider.getTransactionCount(from, "pending");
      // Recorded before the broadcast: a node that mines the transaction and dies before answering
      // leaves no hash behind, and the nonce is then the only way to recognise the step.
      const pending: JournalStep = {
        kind: request.kind,
        status: "pending",
        from,
        nonce,
        contract: request.contract,
        args: toJsonSafe(request.args) as unknown[],
      };
      this.journal.steps[name] = pending;
      this.save();
      const response = await submitTx(
        name,
        () => this.options.signer.sendTransaction({ ...transaction, nonce }),
        this.txOptions(),
      );
      this.sentThisRun += 1;
      pending.txHash = response.hash;
      this.save();
      outcome = await this.wait(name, response);
    }
    const step: JournalStep = {
      kind: request.kind,
      status: "done",
      txHash: outcome.hash,
      contract: request.contract,
      args: toJsonSafe(request.args) as unknown[],
      block: outcome.blockNumber,
      gasUsed: outcome.gasUsed.toString(),
    };
    if (request.kind === "deploy") {
      if (!outcome.receipt.contractAddress) throw new Error(`${name}: the receipt has no contract address`);
      step.address = outcome.receipt.contractAddress;
      if (request.libraries) step.libraries = request.libraries;
      if (request.keyHash) step.keyHash = request.keyHash;
    } else {
      step.address = request.address;
      step.description = request.description;
    }
    this.journal.steps[name] = step;
    this.save();
    await this.options.onStepRecorded?.(name, step);
    return step;
  }

  /**
   * Before a finished journal is trusted: every contract it records must have code on the chain. A
   * node restarted (or a chain reset) under the same chain id has none, and every later call would
   * fail with an undecodable empty result; this fails first, in one line, and sends nothing.
   */
  async checkDeployedCode(): Promise<void> {
    for (const [name, step] of Object.entries(this.journal.steps)) {
      if (step.kind !== "deploy" || step.status !== "done" || !step.address) continue;
      if ((await this.provider.getCode(step.address)) !== "0x") continue;
      throw new ConfigError(
        `${this.options.journalPath} records a finished deployment, but ${name} has no code at ${step.address} on chain ${this.journal.chainId}: the node was restarted or the chain reset; delete or move ${this.options.journalPath} and deploy again`,
      );
    }
  }

  /** Marks the deployment finished: from now on it is only read, never redeployed. */
  complete(): void {
    if (this.completed) return;
    this.journal.completedAt = new Date().toISOString();
    this.save();
  }

  private txOptions() {
    return {
      confirmations: this.options.confirmations,
      progress: this.progress,
      decoder: this.options.decoder,
      pollMs: this.options.pollMs,
    };
  }

  private async wait(name: string, response: TransactionResponse): Promise<TxOutcome> {
    return waitForConfirmations(this.provider, response, name, this.txOptions());
  }

  /**
   * A pending step with no known transaction: if the deployer's nonce recorded for it has been
   * used, the step was mined (the node died before answering), so it is found in the recent blocks
   * instead of being sent twice. An unused nonce means it was never mined: the caller sends it.
   */
  private async recoverByNonce(name: string, request: StepRequest, recorded: JournalStep): Promise<TxOutcome | undefined> {
    if (recorded.nonce === undefined || !recorded.from) return undefined;
    const usedNonces = await this.provider.getTransactionCount(recorded.from, "latest");
    if (usedNonces <= recorded.nonce) return undefined;
    const latest = await this.provider.getBlockNumber();
    for (let number = latest; number >= Math.max(0, latest - NONCE_RECOVERY_BLOCKS); number--) {
      const block = await this.provider.getBlock(number, true);
      const mined = block?.prefetchedTransactions.find(
        (tx) => tx.from.toLowerCase() === recorded.from!.toLowerCase() && tx.nonce === recorded.nonce,
      );
      if (!mined) continue;
      const sameKind = request.kind === "deploy" ? mined.to === null : mined.to?.toLowerCase() === request.address?.toLowerCase();
      if (!sameKind)
        throw new ConfigError(`${name}: the deployer's nonce ${recorded.nonce} was used by another transaction (${mined.hash})`);
      this.progress.info(`  = ${name}: found mined as ${mined.hash} (the node never returned its hash)`);
      return this.wait(name, mined);
    }
    throw new ConfigError(
      `${name}: the deployer's nonce ${recorded.nonce} was used, but no transaction with it is in the last ${NONCE_RECOVERY_BLOCKS} blocks; inspect the chain before resuming`,
    );
  }

  private async checkCode(name: string, step: JournalStep): Promise<void> {
    const code = await this.provider.getCode(step.address as string);
    if (code === "0x")
      throw new ConfigError(
        `${this.options.journalPath} records ${name} at ${step.address}, but there is no code there (was the chain reset?); move the journal away to deploy anew`,
      );
  }
}
