/**
 * A user's mistake (a bad argument, a missing file, a revert the user caused) is reported as one
 * line with no stack trace. Unexpected failures keep their stack, because those are our bugs.
 */
export class UserError extends Error {
  override name = "UserError";
}

/** Every error class whose message is a complete sentence for the user extends UserError. */
export function isUserFacing(error: unknown): error is UserError {
  return error instanceof UserError;
}

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
