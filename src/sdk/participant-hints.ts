import { formatEther } from "ethers";

import { grd } from "./funds";
import type { RevertHints } from "./tx";

/** Sentences for the registry and round manager errors a participant can cause. */
export const PARTICIPANT_HINTS: RevertHints = {
  ERC20InsufficientBalance: (a) =>
    `insufficient GRD balance: ${formatEther(a[1] as bigint)} GRD available, ${formatEther(a[2] as bigint)} GRD needed`,
  ParticipantRegistryStakeBelowMinimum: (a) => `the stake must be at least ${formatEther(a[1] as bigint)} GRD`,
  ParticipantRegistryAlreadyRegistered: () => "this account has registered before (an address registers once)",
  ParticipantRegistryCommitmentAlreadyRegistered: () => "this identity is registered already",
  RoundManagerNullifierAlreadyUsed: (a) => `this identity has already contributed to round ${a[0]}`,
  RoundManagerRoundNotOpen: (a) => `round ${a[0]} is not open`,
  RoundManagerInsufficientBondBalance: (a) =>
    `the bond balance holds ${grd(a[1] as bigint)}, ${grd(a[0] as bigint)} needed (deposit with participant deposit-bonds)`,
  RoundManagerOpeningLengthInvalid: (a) => `the encrypted opening has ${a[0]} bytes; the round takes 1 to ${a[1]}`,
  RoundManagerNotRecipient: (a) => `only the contribution's recipient may deliver its opening again, not ${a[1]}`,
  GuardiansZeroAmount: () => "the amount must be positive",
};
