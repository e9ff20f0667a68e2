/**
 * The Solidity enums the SDK reads, mirrored once, in declaration order: a status the contracts
 * return as uint8 indexes these arrays. test/abi/enums.test.ts parses each `enum X { … }` in
 * contracts/interfaces/ and fails when one drifts.
 */

/** IParticipantRegistry.MemberStatus. */
export const MEMBER_STATUSES = ["None", "Active", "PendingEviction", "Unbonding", "Exited"] as const;
/** IRoundManager.RoundStatus. */
export const ROUND_STATUSES = ["None", "Open", "Finalized", "Cancelled"] as const;
/** IRoundManager.AttestationStatus. */
export const ATTESTATION_STATUSES = ["None", "Valid", "Revoked", "Claimed"] as const;
/** IModelRegistry.VersionStatus. */
export const VERSION_STATUSES = ["None", "Candidate", "Active", "Deprecated", "Revoked"] as const;
/** IGuardiansModelRegistry.ActivationKind. */
export const ACTIVATION_KINDS = ["Promotion", "Rollback"] as const;

export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export type AttestationStatus = (typeof ATTESTATION_STATUSES)[number];
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export type ActivationKind = (typeof ACTIVATION_KINDS)[number];
