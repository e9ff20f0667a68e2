/**
 * The run's record, written as demo-output/summary.json. The first keys are the shape issue 7
 * asks for; the rest are what the report and the test need to explain and check the run.
 */
export interface RunSummary {
  readonly initialAccuracy: number;
  readonly finalAccuracy: number;
  readonly rounds: RoundSummary[];
  /** Members slashed during the run (identity disclosure or governance). */
  readonly slashed: SlashRecord[];
  /** Contributions revoked by governance after the aggregation evaluation flagged them. */
  readonly revoked: RevocationRecord[];
  readonly initialLoss: number;
  readonly finalLoss: number;
  readonly config: RunConfig;
  /** The run's deployment: its journal and the contracts' addresses (absent offline). */
  readonly deployment?: DeploymentRecord;
  /** Every adversarial attempt and what stopped it. */
  readonly adversaries: AdversaryRecord[];
  /** GRD balances in wei (decimal strings) at the start and end, with the accounting check. */
  readonly balances?: BalanceCheck;
  /** Gas per action spent before the first round (deployment, staking, joining). */
  readonly setupGas: Record<string, number>;
  /** Gas per action spent after the last round (claims, withdrawals). */
  readonly closingGas: Record<string, number>;
  /** Wall-clock seconds per phase (setup, proving, ...), as measured. */
  readonly timings: Record<string, number>;
}

export interface RunConfig {
  readonly participants: number;
  readonly rounds: number;
  readonly seed: number;
  readonly model: string;
  readonly aggregator: string;
  readonly network: string;
  readonly shards: { readonly examples: number; readonly malignant: number }[];
  readonly testExamples: number;
  readonly validationExamples: number;
  readonly l2Bound: number;
}

export interface RoundSummary {
  readonly round: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Held-out test accuracy of the model activated at the end of the round. */
  readonly accuracy: number;
  readonly loss: number;
  /** Gas used per action name (summed over the round), e.g. { submit: 1234567 }. */
  readonly gas: Record<string, number>;
  /** Participants (1-based names) whose contributions the audit flagged. */
  readonly flagged: string[];
  /** The aggregator's proven selection: each contributing participant's weight, 0 for one left out. */
  readonly selection: Record<string, number>;
  readonly modelVersion?: string;
  /** The activated version's weightsHash on chain (on chain only). */
  readonly weightsHash?: string;
  /** The activated version's model file, as the run wrote it (on chain only). */
  readonly modelFile?: string;
  /** model verify's verdict on the activated version, back to the genesis (on chain only). */
  readonly verified?: boolean;
}

/** The contracts a reader of the report looks up on chain, by name. */
export const REPORTED_CONTRACTS = ["RoundManager", "ModelRegistry", "ParticipantRegistry", "GuardiansGovernor"] as const;

export interface DeploymentRecord {
  readonly network: string;
  readonly chainId: number;
  /** The deployment journal the run wrote. */
  readonly journal: string;
  /** Address by contract name: every name of REPORTED_CONTRACTS. */
  readonly contracts: Record<(typeof REPORTED_CONTRACTS)[number], string>;
}

export interface SlashRecord {
  readonly member: string;
  readonly reason: "identity-disclosed" | "governance";
  readonly amount: string;
  readonly whistleblower?: string;
  readonly whistleblowerReward?: string;
}

export interface RevocationRecord {
  readonly round: number;
  readonly participant: string;
  readonly bondForfeited: string;
  readonly reason: string;
}

export interface AdversaryRecord {
  readonly attack: "over-bound" | "double-contribution" | "lent-identity" | "flipped-labels";
  readonly participant: string;
  readonly round?: number;
  /** What stopped it: "refused locally", "rejected: RoundManagerNullifierAlreadyUsed", "slashed", "revoked", ... */
  readonly outcome: string;
  readonly stopped: boolean;
}

/** A console line for an attack the protocol stopped: a success, so it reads as one. */
export function stoppedLine(text: string): string {
  return `✓ stopped: ${text}`;
}

/** A console line for an attack that got through: the only ✗ of the run. */
export function gotThroughLine(text: string): string {
  return `✗ NOT stopped: ${text}`;
}

/** The closing line of one adversary: ✓ when it was stopped, ✗ when it got through. */
export function adversaryLine(a: AdversaryRecord): string {
  const text = `${a.attack} (${a.participant}${a.round === undefined ? "" : `, round ${a.round}`}): ${a.outcome}`;
  return a.stopped ? stoppedLine(text) : gotThroughLine(text);
}

export interface BalanceCheck {
  readonly start: Record<string, string>;
  readonly end: Record<string, string>;
  /** Σ balances (wallets + contracts) is the same at start and end: nothing minted or lost. */
  readonly conserved: boolean;
}
