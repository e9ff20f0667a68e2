import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

import { demoCircuits } from "../../src/demo/prepare";

describe("demo/prepare", () => {
  it("builds every circuit the demo's networks register, so a fresh clone's `npm run demo` can prove and finalize", async () => {
    const built = await demoCircuits();
    for (const network of ["hardhat", "localhost"]) {
      const file = path.join(__dirname, "..", "..", "deploy", "config", `${network}.json`);
      const config = JSON.parse(fs.readFileSync(file, "utf8")) as {
        verifiers: { circuit: string }[];
        aggregationVerifiers: { circuit: string }[];
      };
      for (const { circuit } of [...config.verifiers, ...config.aggregationVerifiers]) {
        expect(built, `${network}: ${circuit}`).to.include(circuit);
      }
    }
  });
});
