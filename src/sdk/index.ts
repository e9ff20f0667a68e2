/**
 * The Guardians SDK: every participant, coordinator, governance and slashing action, shared by
 * the hardhat tasks, the tests and the demo. Open a session with `openGuardians`, then call the
 * actions with it; every transaction goes through `Guardians.send` (decoded reverts, confirmations,
 * progress).
 */
export * from "./errors";
export * from "./wallet";
export * from "./sealed-secret";
export * from "./secret-file";
export * from "./identity";
export * from "./identity-file";
export * from "./tx";
export * from "./events";
export * from "./tree";
export * from "./deployments";
export * from "./deployment-file";
export * from "./timing";
export * from "./client";
export * from "./update-format";
export * from "./update-file";
export * from "./enums";
export * from "./participant";
export * from "./coordinator";
export * from "./aggregation";
export * from "./delivery";
export * from "./openings";
export * from "./aggregator";
export * from "./round-info";
export * from "./governance";
export * from "./slash";
export * from "./args";
export * from "./local";
// The model artifact (issue #15): the canonical file of a model version and `model verify`.
export * from "./model/artifact";
export * from "./model/verify";
export * from "./model/chain";
export * from "./model/files";
export * from "./model/parent";
export * from "./model/source";
export * from "./model/publish";
