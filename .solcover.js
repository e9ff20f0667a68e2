// solidity-coverage configuration, used by `npm run coverage` (scripts/coverage.ts enforces the floors).
module.exports = {
  // Generated Groth16 verifiers are rendered from their keys and checked against them by `zk:check`; contracts/test/
  // holds the test-only mocks and benchmark-only contracts. Neither is protocol code, so neither counts towards (or
  // dilutes) the floors.
  skipFiles: ["generated/", "test/"],
  // json-summary is what scripts/coverage.ts reads; html and lcov are for people and CI artifacts.
  istanbulReporter: ["html", "lcov", "text-summary", "json-summary"],
  istanbulFolder: "./coverage",
  // Instrumentation adds locals; the yul optimizer with stack allocation keeps "stack too deep" away.
  configureYulOptimizer: true,
};
