import { UserError } from "../core/errors";

export { UserError };

/** A keystore or identity file could not be opened: missing, malformed, or the password is wrong. */
export class WalletError extends UserError {
  override name = "WalletError";
}

/** A deployment config or journal is invalid; the message names every bad field. */
export class ConfigError extends UserError {
  override name = "ConfigError";
}

/** A transaction (or its gas estimate) reverted; `errorName` is the contract's custom error, when known. */
export class TxRevertedError extends UserError {
  override name = "TxRevertedError";
  constructor(
    message: string,
    readonly errorName?: string,
    readonly errorArgs: readonly unknown[] = [],
  ) {
    super(message);
  }
}

/** A task argument is invalid; thrown before anything touches the chain. */
export class ArgumentError extends UserError {
  override name = "ArgumentError";
}
