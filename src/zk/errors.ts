import { UserError } from "../core/errors";

/**
 * A prover input the circuit would reject (wrong length, a non-integer, a value out of range, a
 * norm over the bound, a member not in the tree). Thrown before any witness is computed, with a
 * message that names the offending value, so the caller never waits for a proof that cannot exist.
 */
export class ProofInputError extends UserError {
  override name = "ProofInputError";
}
