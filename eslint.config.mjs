// @ts-check
/**
 * The TypeScript lint, above all the layering (docs/ARCHITECTURE.md): each zone below forbids a lower
 * layer from importing a higher one, so a newcomer can trust the folder tree.
 *
 *   src/core → src/zk → src/sdk → src/deployment        the library (src/fl: the federated-learning library)
 *   src/cli (runCli, terminal progress, hardhat)    the CLI layer, over the SDK
 *   src/demo                                        the demo application, over all of the above
 *   tasks/, scripts/, bench/                        thin entry points; test/ on top
 *   app/                                            the wallet app, over src/sdk/browser.ts only
 */
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const ENTRY_POINTS = ["./tasks", "./scripts", "./bench", "./test", "./deploy", "./app"];

/** @type {Array<{ target: string; from: string | string[]; except?: string[]; message: string }>} */
const zones = [
  {
    target: "./src",
    from: ENTRY_POINTS,
    message: "the library (src/) may not import an entry point, a test or the deployment scripts; move the code into src/.",
  },
  {
    target: ["./src/core", "./src/zk", "./src/sdk", "./src/deployment", "./src/fl"],
    from: "./src/cli",
    message: "the library may not import the CLI layer: depend on Progress and UserError from src/core.",
  },
  {
    target: "./src/core",
    from: ["./src/zk", "./src/sdk", "./src/deployment", "./src/fl", "./src/demo", "./src/cli"],
    message: "src/core is the lowest layer and imports nothing of the project.",
  },
  {
    target: "./src/zk",
    from: ["./src/sdk", "./src/deployment", "./src/demo", "./src/fl"],
    message: "src/zk is below the SDK, the deployment, the demo and the FL library.",
  },
  {
    target: "./src/sdk",
    from: ["./src/deployment", "./src/demo", "./src/fl"],
    message: "src/sdk is below the deployment, the demo and the FL library.",
  },
  {
    target: "./src/deployment",
    from: ["./src/demo", "./src/fl"],
    message: "src/deployment is below the demo and the FL library.",
  },
  {
    target: "./src/fl",
    from: ["./src/demo", "./src/sdk", "./src/deployment"],
    message: "src/fl is the reusable federated-learning library: it knows nothing of the chain or the demo.",
  },
  {
    target: "./src/cli",
    from: "./src/demo",
    message: "the CLI layer is below the demo application.",
  },
  {
    target: "./app",
    from: ["./src/sdk/index.ts", "./src/cli", "./src/demo", "./src/deployment", "./src/fl", "./tasks", "./scripts", "./bench", "./test"],
    message: "the wallet app runs in a browser: import the SDK through src/sdk/browser.ts (its browser-safe parts) only.",
  },
  {
    target: "./bench",
    from: "./test",
    message: "benchmarks may not import tests: share code through src/ (e.g. src/deployment/local).",
  },
];

export default tseslint.config(
  {
    ignores: ["node_modules/", "typechain-types/", "artifacts/", "cache/", "coverage/", ".cache/", "demo-output/", "**/*.js"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones }],
      // Unused bindings are errors, except those named with a leading underscore on purpose.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // A binding a closure reads before its one assignment (a server handler, say) stays `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // chai's property assertions (expect(x).to.be.true) are expressions by design.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-expressions": "off" },
  },
);
