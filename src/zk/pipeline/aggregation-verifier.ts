/**
 * Renders an Aggregation circuit's verifier: its shape (K, N, BITS, H) and verification key as
 * overrides of contracts/verifiers/AggregationVerifierBase.sol, which holds all of the verification
 * logic (IAggregationVerifier).
 */
import type { CircuitSpec } from "./manifest";
import type { VerificationKey } from "./snarkjs";
import { isGroth16Key, keyWords } from "./verifier-key";

/** The public signals of Aggregation(K, …): [aggregateCommitment, commitments[K], weights]. */
export const aggregationSignalCount = (k: number): number => k + 2;

/** The Solidity source of `spec`'s verifier, for verification key `vkey` with hash `keyHash`. */
export function renderAggregationVerifier(
  spec: CircuitSpec,
  contractName: string,
  vkey: VerificationKey,
  keyHash: string,
  header: string,
): string {
  if (!isGroth16Key(vkey)) throw new Error(`${spec.name}: not a Groth16 BN254 verification key`);
  const [k, n, bits, headroom] = spec.params;
  if (spec.params.length !== 4) throw new Error(`${spec.name}: Aggregation takes (K, N, BITS, H)`);
  const signals = aggregationSignalCount(k);
  if (vkey.nPublic !== signals || vkey.IC.length !== signals + 1)
    throw new Error(`${spec.name}: an Aggregation key with K = ${k} has ${signals} public signals, not ${vkey.nPublic}`);
  const words = keyWords(vkey);
  const lines = words.map(({ word, label }, i) => {
    const comment = label ? `            // ${label}\n` : "";
    return `${comment}            mstore(add(key, ${`0x${(32 * (i + 1)).toString(16)}`}), ${word})`;
  });
  const pure = (name: string, value: number) => `    /// @inheritdoc IAggregationVerifier
    function ${name}() public pure override returns (uint256) {
        return ${value};
    }`;
  return `// SPDX-License-Identifier: MIT
${header}
pragma solidity ^0.8.24;

import {IAggregationVerifier} from "../interfaces/IAggregationVerifier.sol";
import {AggregationVerifierBase} from "../verifiers/AggregationVerifierBase.sol";

/// @title ${contractName}: Groth16 verifier of circuit "${spec.name}" (${spec.template}(${spec.params.join(", ")}))
/// @notice The circuit's shape and verification key; the verification itself is AggregationVerifierBase's.
contract ${contractName} is AggregationVerifierBase {
    /// @notice keccak256 of the verification key JSON this verifier embeds.
    bytes32 public constant VERIFICATION_KEY_HASH = ${keyHash};

    /// @dev The key's words: 14 + 2·(K + 3).
    uint256 private constant _KEY_WORDS = ${words.length};

${pure("maxContributions", k)}

${pure("updateLength", n)}

${pure("valueBits", bits)}

${pure("headroom", headroom)}

    function _verifyingKey() internal pure override returns (uint256[] memory key) {
        key = new uint256[](_KEY_WORDS);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
${lines.join("\n")}
        }
    }
}
`;
}
