import { expect } from "chai";
import path from "node:path";
import { ESLint } from "eslint";

import { PROJECT_ROOT } from "../../src/core/paths";

/** The messages `import-x/no-restricted-paths` reports for `source` as if it were the file at `relativePath`. */
async function restrictedImports(relativePath: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: PROJECT_ROOT });
  // lintText lints a file that is never written: a failing run leaves nothing behind in src/.
  const [result] = await eslint.lintText(source, { filePath: path.join(PROJECT_ROOT, relativePath) });
  return result.messages.filter((m) => m.ruleId === "import-x/no-restricted-paths").map((m) => m.message);
}

describe("the layering lint (eslint.config.mjs)", function () {
  // Loading typescript-eslint and resolving imports takes a few seconds on a cold start.
  this.timeout(60_000);

  it("rejects an import of the SDK and of a script from src/zk, with the zone's message", async () => {
    const messages = await restrictedImports(
      "src/zk/forbidden.ts",
      'import { grd } from "../sdk";\nimport { runDemo } from "../../scripts/demo";\nexport const used = [grd, runDemo];\n',
    );
    expect(messages).to.deep.equal([
      'Unexpected path "../sdk" imported in restricted zone. src/zk is below the SDK, the deployment, the demo and the FL library.',
      'Unexpected path "../../scripts/demo" imported in restricted zone. the library (src/) may not import an entry point, a test or the deployment scripts; move the code into src/.',
    ]);
  });

  it("rejects the CLI layer from the library and test helpers from bench/", async () => {
    expect(await restrictedImports("src/sdk/forbidden.ts", 'export { runCli } from "../cli/errors";\n')).to.deep.equal([
      'Unexpected path "../cli/errors" imported in restricted zone. the library may not import the CLI layer: depend on Progress and UserError from src/core.',
    ]);
    expect(
      await restrictedImports("bench/forbidden.ts", 'export { loadProtocol } from "../test/support/protocol";\n'),
    ).to.deep.equal([
      'Unexpected path "../test/support/protocol" imported in restricted zone. benchmarks may not import tests: share code through src/ (e.g. src/deployment/local).',
    ]);
  });

  it("accepts the layers' allowed imports: the SDK over src/zk and src/core, the demo over the CLI", async () => {
    expect(
      await restrictedImports(
        "src/sdk/allowed.ts",
        'export { poseidonHash } from "../zk";\nexport { UserError } from "../core/errors";\n',
      ),
    ).to.be.empty;
    expect(await restrictedImports("src/demo/allowed.ts", 'export { createProgress } from "../cli/progress";\n')).to.be.empty;
  });
});
