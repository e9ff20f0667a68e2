import { expect } from "chai";

import { CoverageSummary, judgeCoverage } from "../../scripts/coverage";
import { UserError } from "../../src/core/errors";

const ROOT = "/project";

function entry(lines: [covered: number, total: number], branches: [covered: number, total: number]) {
  return {
    lines: { covered: lines[0], total: lines[1] },
    branches: { covered: branches[0], total: branches[1] },
  };
}

describe("Coverage floors (scripts/coverage.ts)", () => {
  it("pass when protocol contracts meet 95% of lines and 90% of branches", () => {
    const summary: CoverageSummary = {
      total: entry([0, 1], [0, 1]),
      "/project/contracts/RoundManager.sol": entry([96, 100], [45, 50]),
      "/project/contracts/token/GuardiansToken.sol": entry([4, 4], [0, 0]),
    };
    const verdict = judgeCoverage(summary, { linesPct: 95, branchesPct: 90 }, ROOT);
    expect(verdict.failures).to.deep.equal([]);
    expect(verdict.linesPct).to.equal((100 * 100) / 104);
    expect(verdict.branchesPct).to.equal(90);
  });

  it("fail with one sentence per missed floor", () => {
    const summary: CoverageSummary = { "/project/contracts/RoundManager.sol": entry([94, 100], [8, 10]) };
    const verdict = judgeCoverage(summary, { linesPct: 95, branchesPct: 90 }, ROOT);
    expect(verdict.failures).to.deep.equal([
      "line coverage 94.00% is below the 95% floor",
      "branch coverage 80.00% is below the 90% floor",
    ]);
  });

  it("ignore generated verifiers, mocks and istanbul's own total when summing", () => {
    const summary: CoverageSummary = {
      total: entry([0, 1000], [0, 1000]),
      "/project/contracts/ParticipantRegistry.sol": entry([10, 10], [2, 2]),
      "/project/contracts/generated/ContributionN32B16D16Verifier.sol": entry([0, 500], [0, 50]),
      "/project/contracts/test/mocks/MockContributionVerifier.sol": entry([0, 5], [0, 5]),
    };
    const verdict = judgeCoverage(summary, { linesPct: 95, branchesPct: 90 }, ROOT);
    expect(verdict.files.map((f) => f.file)).to.deep.equal(["contracts/ParticipantRegistry.sol"]);
    expect(verdict.linesPct).to.equal(100);
  });

  it("list the least covered file first", () => {
    const summary: CoverageSummary = {
      "contracts/A.sol": entry([10, 10], [1, 1]),
      "contracts/B.sol": entry([5, 10], [1, 2]),
    };
    expect(judgeCoverage(summary, undefined, ROOT).files[0].file).to.equal("contracts/B.sol");
  });

  it("refuse a summary with no protocol contract in it", () => {
    expect(() => judgeCoverage({ total: entry([1, 1], [1, 1]) }, undefined, ROOT)).to.throw(UserError, /lists no contract/);
  });
});
