import { expect } from "chai";
import { keccak256 } from "ethers";

import { SNARK_SCALAR_FIELD, roundScope } from "../../src/zk";

describe("src/zk scope: roundScope", () => {
  const MANAGER = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  it("is keccak256 of the three 32-byte words (chainId, roundManager, roundId), shifted right by 8 bits", () => {
    // abi.encode(uint256, address, uint256) derived by hand: three left-padded 32-byte words.
    const word = (hex: string) => hex.replace(/^0x/, "").toLowerCase().padStart(64, "0");
    const encoded = `0x${word((31337).toString(16))}${word(MANAGER)}${word((7).toString(16))}`;
    expect(roundScope(31337n, MANAGER, 7n)).to.equal(BigInt(keccak256(encoded)) >> 8n);
  });

  it("is below the BN254 field and differs across chain, contract and round", () => {
    const base = roundScope(1n, MANAGER, 1n);
    expect(base < SNARK_SCALAR_FIELD).to.equal(true);
    expect(roundScope(2n, MANAGER, 1n)).to.not.equal(base);
    expect(roundScope(1n, "0x0000000000000000000000000000000000000001", 1n)).to.not.equal(base);
    expect(roundScope(1n, MANAGER, 2n)).to.not.equal(base);
  });

  it("accepts the address in any case", () => {
    expect(roundScope(1n, MANAGER.toLowerCase(), 1n)).to.equal(roundScope(1n, MANAGER, 1n));
  });
});
