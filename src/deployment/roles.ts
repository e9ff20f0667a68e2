/**
 * Who holds which role, written once (docs/ROLES.md): the deployment (src/deployment/deploy.ts) journals
 * each grant as a step (the governed-protocol fixture deploys through it), the contract-unit fixtures
 * and benchmark deployments of src/deployment/local send them directly; both take the grants from
 * protocolRolePlan.
 */
import { ZeroHash, id, type ContractTransactionResponse } from "ethers";

export type RoleName =
  | "DEFAULT_ADMIN_ROLE"
  | "COORDINATOR_ROLE"
  | "PAUSER_ROLE"
  | "REGISTRAR_ROLE"
  | "SLASHER_ROLE"
  | "PROPOSER_ROLE"
  | "EXECUTOR_ROLE"
  | "CANCELLER_ROLE";

export type RoleContract = "RoundManager" | "ModelRegistry" | "ParticipantRegistry" | "GuardiansTimelock";

export interface RoleGrant {
  readonly contract: RoleContract;
  readonly role: RoleName;
  readonly account: string;
}

/** A role the deployer gives up once the Timelock holds it. */
export interface RoleRenouncement {
  readonly contract: RoleContract;
  readonly role: RoleName;
}

export interface RoleHolders {
  /** Opens and finalizes rounds: RoundManager COORDINATOR_ROLE. */
  readonly coordinator?: string;
  /** Pauses new submissions: RoundManager PAUSER_ROLE. Nothing else (it cancels proposals through the Governor). */
  readonly guardian?: string;
  /** May register model candidates: ModelRegistry REGISTRAR_ROLE (the RoundManager and the Timelock in production). */
  readonly registrars?: readonly string[];
  /** Proposes, executes and cancels on the Timelock. */
  readonly governor?: string;
  /** Takes over DEFAULT_ADMIN_ROLE (and the registry's SLASHER_ROLE) of the `handOver` contracts. */
  readonly timelock?: string;
  /** The contracts whose admin the deployer hands to the Timelock, in this order; GuardiansTimelock administers itself. */
  readonly handOver?: readonly RoleContract[];
}

/** The grants in the order they are sent: operational roles, the Timelock's Governor roles, then the hand-over. */
export interface RolePlan {
  readonly operational: readonly RoleGrant[];
  readonly governance: readonly RoleGrant[];
  readonly handOver: readonly RoleGrant[];
  readonly renounce: readonly RoleRenouncement[];
}

export function protocolRolePlan(holders: RoleHolders): RolePlan {
  const operational: RoleGrant[] = [
    ...(holders.registrars ?? []).map((account) => ({
      contract: "ModelRegistry" as const,
      role: "REGISTRAR_ROLE" as const,
      account,
    })),
  ];
  if (holders.coordinator) operational.push({ contract: "RoundManager", role: "COORDINATOR_ROLE", account: holders.coordinator });
  if (holders.guardian) operational.push({ contract: "RoundManager", role: "PAUSER_ROLE", account: holders.guardian });

  const governance: RoleGrant[] = [];
  if (holders.governor)
    for (const role of ["PROPOSER_ROLE", "EXECUTOR_ROLE", "CANCELLER_ROLE"] as const)
      governance.push({ contract: "GuardiansTimelock", role, account: holders.governor });

  const handOver: RoleGrant[] = [];
  const renounce: RoleRenouncement[] = [];
  const { timelock } = holders;
  for (const contract of holders.handOver ?? []) {
    if (contract === "GuardiansTimelock") continue;
    if (!timelock) throw new Error(`handing ${contract} over needs the Timelock's address`);
    handOver.push({ contract, role: "DEFAULT_ADMIN_ROLE", account: timelock });
    if (contract === "ParticipantRegistry") {
      handOver.push({ contract, role: "SLASHER_ROLE", account: timelock });
      renounce.push({ contract, role: "SLASHER_ROLE" });
    }
    renounce.push({ contract, role: "DEFAULT_ADMIN_ROLE" });
  }
  if (holders.handOver?.includes("GuardiansTimelock"))
    renounce.push({ contract: "GuardiansTimelock", role: "DEFAULT_ADMIN_ROLE" });
  return { operational, governance, handOver, renounce };
}

/** The bytes32 id of an OpenZeppelin AccessControl role: keccak256 of its name, 0x00… for the admin role. */
export function roleId(role: RoleName): string {
  return role === "DEFAULT_ADMIN_ROLE" ? ZeroHash : id(role);
}

/** The AccessControl calls a local deployment sends. */
export interface AccessControlled {
  grantRole(role: string, account: string): Promise<ContractTransactionResponse>;
  renounceRole(role: string, account: string): Promise<ContractTransactionResponse>;
}

/** Sends `grants` directly, each from the contract's connected signer (the deployer). */
export async function grantRoles(
  contracts: Partial<Record<RoleContract, AccessControlled>>,
  grants: readonly RoleGrant[],
): Promise<void> {
  for (const grant of grants) await contractFor(contracts, grant.contract).grantRole(roleId(grant.role), grant.account);
}

/** The deployer (`deployer`) gives up `renouncements`. */
export async function renounceRoles(
  contracts: Partial<Record<RoleContract, AccessControlled>>,
  renouncements: readonly RoleRenouncement[],
  deployer: string,
): Promise<void> {
  for (const r of renouncements) await contractFor(contracts, r.contract).renounceRole(roleId(r.role), deployer);
}

function contractFor(contracts: Partial<Record<RoleContract, AccessControlled>>, name: RoleContract): AccessControlled {
  const contract = contracts[name];
  if (!contract) throw new Error(`no ${name} to send a role change to`);
  return contract;
}
