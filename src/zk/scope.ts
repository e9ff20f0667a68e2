import { AbiCoder, getAddress, keccak256 } from "ethers";

/**
 * The round scope a Contribution proof carries, exactly as contracts/libraries/Snark.sol computes
 * it: uint256(keccak256(abi.encode(chainId, roundManager, roundId))) >> 8. Dropping 8 bits keeps
 * it below the BN254 field, so it is a public signal with no reduction.
 */
export function roundScope(chainId: bigint, roundManager: string, roundId: bigint): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["uint256", "address", "uint256"],
    [chainId, getAddress(roundManager), roundId],
  );
  return BigInt(keccak256(encoded)) >> 8n;
}
