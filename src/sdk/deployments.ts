import { Interface, type ContractRunner } from "ethers";

import {
  GuardiansGovernor__factory,
  GuardiansTimelock__factory,
  GuardiansToken__factory,
  GuardiansVotes__factory,
  ModelRegistry__factory,
  ParticipantRegistry__factory,
  RoundManager__factory,
  StakePosition__factory,
} from "./contracts";
import type {
  GuardiansGovernor,
  GuardiansTimelock,
  GuardiansToken,
  GuardiansVotes,
  ModelRegistry,
  ParticipantRegistry,
  RoundManager,
  StakePosition,
} from "../../typechain-types";
import { ConfigError } from "./errors";
import { RevertDecoder } from "./tx";

/** Step names of the deployment journal that hold the protocol's contracts. */
export const CONTRACT_STEPS = {
  token: "GuardiansToken",
  registry: "ParticipantRegistry",
  roundManager: "RoundManager",
  votes: "GuardiansVotes",
  timelock: "GuardiansTimelock",
  governor: "GuardiansGovernor",
  modelRegistry: "ModelRegistry",
} as const;

export type ContractKey = keyof typeof CONTRACT_STEPS;

/** What the SDK needs from a deployment journal: where each contract is and since when. */
export interface Deployment {
  network: string;
  chainId: number;
  file: string;
  complete: boolean;
  /** Address by journal step name (contracts only). */
  addresses: Record<string, string>;
  /** Deployment block by journal step name. */
  blocks: Record<string, number>;
  /** Verifier key hashes by step name. */
  keyHashes: Record<string, string>;
  /** The account that deployed (and, before handing over, registered the genesis model); "" if unrecorded. */
  deployer: string;
}

interface JournalShape {
  network: string;
  chainId: number;
  deployer?: string;
  completedAt?: string;
  steps: Record<string, { kind: string; status: string; address?: string; block?: number; keyHash?: string }>;
}

/**
 * A deployment journal's contents (deployments/<network>.json) as the SDK uses them; `source` names
 * where it came from in messages (a path, a URL). An unfinished deployment is a clear user error.
 * Pure, so that a browser can read the journal it fetched; `readDeployment` (deployment-file.ts) reads
 * it from disk.
 */
export function parseDeployment(json: unknown, source: string, options: { allowIncomplete?: boolean } = {}): Deployment {
  const journal = json as Partial<JournalShape> | null;
  if (!journal || typeof journal !== "object" || typeof journal.chainId !== "number" || typeof journal.steps !== "object")
    throw new ConfigError(`${source} is not a deployment journal`);
  if (!journal.completedAt && !options.allowIncomplete)
    throw new ConfigError(
      `the deployment in ${source} is unfinished: re-run npx hardhat deploy --network ${journal.network} to resume it`,
    );
  const deployment: Deployment = {
    network: journal.network ?? "",
    chainId: journal.chainId,
    file: source,
    complete: Boolean(journal.completedAt),
    addresses: {},
    blocks: {},
    keyHashes: {},
    deployer: journal.deployer ?? "",
  };
  for (const [name, step] of Object.entries(journal.steps ?? {})) {
    if (step.status !== "done" || step.kind !== "deploy" || !step.address) continue;
    deployment.addresses[name] = step.address;
    if (step.block !== undefined) deployment.blocks[name] = step.block;
    if (step.keyHash) deployment.keyHashes[name] = step.keyHash;
  }
  return deployment;
}

export function addressOf(deployment: Deployment, step: string): string {
  const address = deployment.addresses[step];
  if (!address) throw new ConfigError(`${deployment.file} has no ${step}`);
  return address;
}

/** The protocol's contracts as TypeChain bindings, connected to one runner (signer or provider). */
export interface Protocol {
  deployment: Deployment;
  token: GuardiansToken;
  stakePosition: StakePosition;
  registry: ParticipantRegistry;
  roundManager: RoundManager;
  votes: GuardiansVotes;
  timelock: GuardiansTimelock;
  governor: GuardiansGovernor;
  modelRegistry: ModelRegistry;
  /** Knows every protocol contract's custom errors (reverts can come from nested calls). */
  decoder: RevertDecoder;
}

/** Every custom error of every protocol contract, for decoding reverts. */
export function protocolDecoder(): RevertDecoder {
  const abis = [
    GuardiansToken__factory.abi,
    StakePosition__factory.abi,
    GuardiansVotes__factory.abi,
    GuardiansTimelock__factory.abi,
    GuardiansGovernor__factory.abi,
    ModelRegistry__factory.abi,
    ParticipantRegistry__factory.abi,
    RoundManager__factory.abi,
  ];
  return new RevertDecoder(abis.map((abi) => new Interface(abi)));
}

export async function connectProtocol(deployment: Deployment, runner: ContractRunner): Promise<Protocol> {
  const token = GuardiansToken__factory.connect(addressOf(deployment, CONTRACT_STEPS.token), runner);
  const votes = GuardiansVotes__factory.connect(addressOf(deployment, CONTRACT_STEPS.votes), runner);
  const registry = ParticipantRegistry__factory.connect(addressOf(deployment, CONTRACT_STEPS.registry), runner);
  const stakePosition = StakePosition__factory.connect(await registry.stakePosition(), runner);
  return {
    deployment,
    token,
    stakePosition,
    registry,
    roundManager: RoundManager__factory.connect(addressOf(deployment, CONTRACT_STEPS.roundManager), runner),
    votes,
    timelock: GuardiansTimelock__factory.connect(addressOf(deployment, CONTRACT_STEPS.timelock), runner),
    governor: GuardiansGovernor__factory.connect(addressOf(deployment, CONTRACT_STEPS.governor), runner),
    modelRegistry: ModelRegistry__factory.connect(addressOf(deployment, CONTRACT_STEPS.modelRegistry), runner),
    decoder: protocolDecoder(),
  };
}
