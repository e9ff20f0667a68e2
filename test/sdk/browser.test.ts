import path from "node:path";
import { expect } from "chai";
import { build } from "esbuild";

import { PROJECT_ROOT } from "../../src/core/paths";

/** Bundles src/sdk/browser.ts as a browser would get it, and returns every source file it reached. */
async function browserBundleInputs(): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(PROJECT_ROOT, "src", "sdk", "browser.ts")],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

describe("the SDK's browser entry (src/sdk/browser.ts)", () => {
  it("bundles for the browser: no Node built-in is reachable from it (esbuild fails on any)", async () => {
    const inputs = await browserBundleInputs();
    expect(inputs).to.include("src/sdk/submission.ts");
    expect(inputs.filter((i) => i.startsWith("node:") || /^(fs|path|crypto|os|tty|child_process)$/.test(i))).to.deep.equal([]);
  });

  it("leaves out the Node-only parts: files on disk, keystores, cached keys, Hardhat", async () => {
    const inputs = await browserBundleInputs();
    const nodeOnly = [
      "src/sdk/deployment-file.ts",
      "src/sdk/secret-file.ts",
      "src/sdk/identity-file.ts",
      "src/sdk/update-file.ts",
      "src/sdk/wallet.ts",
      "src/sdk/contribute.ts",
      "src/sdk/aggregation.ts",
      "src/sdk/model/files.ts",
      "src/zk/cached-keys.ts",
      "src/zk/prover.ts",
      "src/zk/pipeline/manifest.ts",
      "src/core/paths.ts",
    ];
    expect(inputs.filter((i) => nodeOnly.includes(i))).to.deep.equal([]);
    expect(inputs.filter((i) => i.includes("node_modules/hardhat/"))).to.deep.equal([]);
  });
});
