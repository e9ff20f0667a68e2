/**
 * Renders a Contribution circuit's verifier: its verification key as a `_verifyingKey()` override of
 * contracts/verifiers/ContributionVerifierBase.sol, which holds all of the verification logic (and
 * the round-folding that lets RoundManager skip two scalar multiplications per proof). Other
 * circuits keep snarkjs's own verifier template.
 */
import type { CircuitSpec } from "./manifest";
import type { VerificationKey } from "./snarkjs";

/** The public signals every Contribution circuit exposes, in order (IContributionVerifier). */
export const CONTRIBUTION_SIGNALS = ["root", "nullifier", "updateCommitment", "roundScope", "l2BoundSq", "recipient"];

type G1 = [string, string, string];
type G2 = [[string, string], [string, string], [string, string]];

interface Groth16Key extends VerificationKey {
  vk_alpha_1: G1;
  vk_beta_2: G2;
  vk_gamma_2: G2;
  vk_delta_2: G2;
  IC: G1[];
}

function isGroth16Key(vkey: VerificationKey): vkey is Groth16Key {
  return (
    vkey.protocol === "groth16" &&
    vkey.curve === "bn128" &&
    Array.isArray(vkey.vk_alpha_1) &&
    Array.isArray(vkey.vk_beta_2) &&
    Array.isArray(vkey.vk_gamma_2) &&
    Array.isArray(vkey.vk_delta_2) &&
    Array.isArray(vkey.IC)
  );
}

/** A G2 point in the precompile's order: x imaginary, x real, y imaginary, y real. */
function g2(point: G2): string[] {
  return [point[0][1], point[0][0], point[1][1], point[1][0]];
}

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
  const key = [
    vkey.vk_alpha_1[0],
    vkey.vk_alpha_1[1],
    ...g2(vkey.vk_beta_2),
    ...g2(vkey.vk_gamma_2),
    ...g2(vkey.vk_delta_2),
    ...vkey.IC.flatMap((point) => [point[0], point[1]]),
  ];
  const labels = ["alpha", "beta", "gamma", "delta", ...vkey.IC.map((_, i) => `IC${i}`)];
  const starts = [0, 2, 6, 10, ...vkey.IC.map((_, i) => 14 + 2 * i)];
  const lines = key.map((word, i) => {
    const label = starts.indexOf(i) >= 0 ? `            // ${labels[starts.indexOf(i)]}\n` : "";
    return `${label}            ${i === 0 ? `uint256(${word})` : word}${i === key.length - 1 ? "" : ","}`;
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
