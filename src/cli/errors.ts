import { isUserFacing } from "../core/errors";

// Entry points import UserError from here along with runCli; it lives in src/core so the library can throw it.
export { UserError, isUserFacing } from "../core/errors";

/** Runs a CLI action; a user-facing error prints one line and sets a failing exit code. */
export async function runCli(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (isUserFacing(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
