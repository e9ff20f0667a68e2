import path from "node:path";

/** The repository root: every default path (circuits, caches, deployments, data) is relative to it. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
