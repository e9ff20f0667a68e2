import path from "node:path";
import { HardhatUserConfig, subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";

import "./tasks";
import { networksFromEnv } from "./src/deployment/config/networks";

/**
 * The Solidity compiler comes from the pinned `solc` npm package: compiler downloads are not
 * possible on our machines, and a pinned local build also makes every compile reproducible.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside the TypeScript project; the version is all we read
const SOLC_VERSION: string = require("solc/package.json").version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) {
    // Any other version would trigger a download; fail loudly instead of hanging on the network.
    throw new Error(
      `Only solc ${SOLC_VERSION} (the pinned solc npm package) is available; a contract asked for ${args.solcVersion}.`,
    );
  }
  void runSuper;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- solc ships no types and is loaded only when this subtask runs
  const solc = require("solc");
  return {
    compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version() as string,
  };
});

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        settings: {
          // Cancun: transient storage and MCOPY are available, and every target network runs it.
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 10_000 },
        },
      },
    ],
    overrides: {
      // At 10,000 runs the RoundManager's code passes the 24,576-byte limit (EIP-170); at 1,000 it fits,
      // and submit and claim, the hot paths, cost the same to within a few dozen gas (bench:gas).
      "contracts/RoundManager.sol": {
        version: SOLC_VERSION,
        settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 1_000 } },
      },
    },
  },
  networks: networksFromEnv(),
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: { timeout: 600_000, reporter: path.join(__dirname, "test", "support", "summary-reporter.js") },
  gasReporter: { enabled: process.env.REPORT_GAS === "true", offline: true },
  etherscan: { apiKey: process.env.ETHERSCAN_API_KEY ?? "" },
  sourcify: { enabled: false },
};

export default config;
