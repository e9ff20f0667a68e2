import { expect } from "chai";
import fs from "node:fs";
import { ethers } from "hardhat";

import { KEYS_MANIFEST, checkVerifiers, vkeyHash } from "../../../src/zk/pipeline/build";
import { circuitPaths, loadManifest, verifierContractName } from "../../../src/zk/pipeline/manifest";

describe("Generated verifiers", () => {
  it("equal what the current proving keys render, and keys.json records each key's hash", async () => {
    expect(await checkVerifiers()).to.deep.equal([]);
  });

  for (const spec of loadManifest().filter((c) => c.verifier && c.group === "test")) {
    it(`${verifierContractName(spec.name)} reports the hash of the key it was built from`, async () => {
      const verifier = await ethers.deployContract(verifierContractName(spec.name));
      const vkey = JSON.parse(fs.readFileSync(circuitPaths(spec.name).vkey, "utf8"));
      const recorded = JSON.parse(fs.readFileSync(KEYS_MANIFEST, "utf8"))[spec.name].vkeyHash;
      const onChain = await verifier.getFunction("VERIFICATION_KEY_HASH")();
      expect(onChain).to.equal(vkeyHash(vkey));
      expect(onChain).to.equal(recorded);
    });
  }
});
