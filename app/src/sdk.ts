/**
 * The one place the app imports the SDK from: its browser-safe barrel (nothing Node-only reaches
 * the bundle through it).
 */
export * from "../../src/sdk/browser";
