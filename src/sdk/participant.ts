/**
 * Everything a participant does, by concern: staking (staking.ts), the bond balance (bonds.ts),
 * contribution records and claims (contributions.ts), proving and submitting (submission.ts).
 */
export { grd, PERMIT_TYPES, transferGrd } from "./funds";
export { PARTICIPANT_HINTS } from "./participant-hints";
export { MEMBER_STATUSES, ROUND_STATUSES, ATTESTATION_STATUSES } from "./enums";
export * from "./staking";
export * from "./bonds";
export * from "./contributions";
export * from "./submission";
export * from "./contribute";
