/**
 * The one place the app imports the SDK from: its browser-safe barrel (nothing Node-only reaches
 * the bundle through it), plus the few browser-safe modules the app names directly.
 */
export * from "../../src/sdk/browser";
export { Identity } from "../../src/zk/identity";
export { silentProgress, type Progress, type StepHandle } from "../../src/core/progress";
