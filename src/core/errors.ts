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
