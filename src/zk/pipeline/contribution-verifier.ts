/**
 * Renders a Contribution circuit's verifier: its verification key as a `_verifyingKey()` override of
 * contracts/verifiers/ContributionVerifierBase.sol, which holds all of the verification logic (and
 * the round-folding that lets RoundManager skip two scalar multiplications per proof).
 */
import type { CircuitSpec } from "./manifest";
import type { VerificationKey } from "./snarkjs";
import { isGroth16Key, keyWords } from "./verifier-key";

/** The public signals every Contribution circuit exposes, in order (IContributionVerifier). */
export const CONTRIBUTION_SIGNALS = ["root", "nullifier", "updateCommitment", "roundScope", "l2BoundSq", "recipient"];

/** The Solidity source of `spec`'s verifier, for verification key `vkey` with hash `keyHash`. */
export function renderContributionVerifier(
  spec: CircuitSpec,
  contractName: string,
  vkey: VerificationKey,
  keyHash: string,
  header: string,
): string {
  if (!isGroth16Key(vkey)) throw new Error(`${spec.name}: not a Groth16 BN254 verification key`);
  if (vkey.nPublic !== CONTRIBUTION_SIGNALS.length || vkey.IC.length !== CONTRIBUTION_SIGNALS.length + 1)
    throw new Error(`${spec.name}: a Contribution key has ${CONTRIBUTION_SIGNALS.length} public signals, not ${vkey.nPublic}`);
  const words = keyWords(vkey);
  const lines = words.map(({ word, label }, i) => {
    const comment = label ? `            // ${label}\n` : "";
    return `${comment}            ${i === 0 ? `uint256(${word})` : word}${i === words.length - 1 ? "" : ","}`;
  });
  return `// SPDX-License-Identifier: MIT
${header}
pragma solidity ^0.8.24;

import {ContributionVerifierBase} from "../verifiers/ContributionVerifierBase.sol";

/// @title ${contractName}: Groth16 verifier of circuit "${spec.name}" (${spec.template}(${spec.params.join(", ")}))
/// @notice The circuit's verification key; the verification itself is ContributionVerifierBase's.
contract ${contractName} is ContributionVerifierBase {
    /// @notice keccak256 of the verification key JSON this verifier embeds.
    bytes32 public constant VERIFICATION_KEY_HASH = ${keyHash};

    function _verifyingKey() internal pure override returns (uint256[KEY_WORDS] memory) {
        return [
${lines.join("\n")}
        ];
    }
}
`;
}
