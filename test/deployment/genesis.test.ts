import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

import { artifactHash, parseArtifact } from "../../src/sdk/model/artifact";

const CONFIGS = path.join(__dirname, "..", "..", "deploy", "config");
const GENESIS = path.join(__dirname, "..", "..", "deploy", "models", "genesis.json");

describe("deployment: the shipped genesis model", () => {
  it("is a canonical genesis model file, and every shipped config registers exactly its hash", () => {
    const bytes = new Uint8Array(fs.readFileSync(GENESIS));
    const artifact = parseArtifact(bytes);
    expect(artifact.rule).to.equal("genesis");
    expect(artifact.parent).to.equal(null);
    const configs = fs.readdirSync(CONFIGS).filter((f) => f.endsWith(".json"));
    expect(configs.length).to.be.greaterThan(0);
    for (const file of configs) {
      const config = JSON.parse(fs.readFileSync(path.join(CONFIGS, file), "utf8")) as {
        genesisModel?: { weightsHash: string; uri: string };
      };
      expect(config.genesisModel?.weightsHash, file).to.equal(artifactHash(bytes));
      expect(config.genesisModel?.uri, file).to.equal("deploy/models/genesis.json");
    }
  });
});
