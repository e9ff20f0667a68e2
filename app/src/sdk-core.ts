/**
 * The few SDK modules the app's shell (header, wallet, status areas) needs, imported one by one so
 * that the first chunk stays small; the pages load the whole browser SDK (./sdk) with themselves.
 */
export { UserError } from "../../src/core/errors";
export { silentProgress, type Progress } from "../../src/core/progress";
export { isInsufficientFunds, sendTx, type TxOutcome } from "../../src/sdk/tx";
export { connectProtocol, parseDeployment, type Deployment, type Protocol } from "../../src/sdk/deployments";
export { openGuardians, type Guardians } from "../../src/sdk/client";
export type { Identity } from "../../src/zk/identity";
