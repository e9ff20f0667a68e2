/**
 * The SDK's browser entry: every part that runs in a browser as in Node, for the wallet app (app/) and
 * any other web client. Nothing here reaches a Node built-in (test/sdk/browser.test.ts bundles this
 * file for the browser and fails on any); the Node-only parts (files on disk, keystores, the cached
 * proving keys, the aggregator's and coordinator's tools) are in src/sdk/index.ts.
 */
export * from "../zk";
export { UserError } from "../core/errors";
export { silentProgress, type Progress } from "../core/progress";
export * from "./errors";
export * from "./sealed-secret";
export * from "./identity";
export * from "./tx";
export * from "./events";
export * from "./tree";
export * from "./deployments";
export * from "./timing";
export * from "./client";
export * from "./update-format";
export * from "./enums";
export * from "./funds";
export * from "./participant-hints";
export * from "./staking";
export * from "./bonds";
export * from "./contributions";
export * from "./submission";
export * from "./delivery";
// Both the delivery envelope and the zk aggregation have an Opening; a web client opens envelopes.
export { type Opening } from "./delivery";
export * from "./openings";
export * from "./round-info";
export * from "./governance";
export * from "./model/artifact";
export * from "./model/verify";
export * from "./model/chain";
export * from "./model/parent";
