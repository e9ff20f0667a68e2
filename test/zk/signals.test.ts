import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

import { PROJECT_ROOT } from "../../src/core/paths";
import { loadManifest } from "../../src/zk/pipeline/manifest";
import { CONTRIBUTION_SIGNAL, CONTRIBUTION_SIGNAL_COUNT, CONTRIBUTION_SIGNAL_NAMES, signalsToArray } from "../../src/zk/signals";

/** SCREAMING_SNAKE of a camelCase signal name: updateCommitment → UPDATE_COMMITMENT, l2BoundSq → L2_BOUND_SQ. */
const constantName = (signal: string) => signal.replace(/([A-Z])/g, "_$1").toUpperCase();

/** The outputs the Contribution template declares, in order: snarkjs puts them first. */
function contributionOutputs(): string[] {
  const source = fs.readFileSync(path.join(PROJECT_ROOT, "circuits", "contribution.circom"), "utf8");
  const body = source.slice(source.indexOf("template Contribution("));
  return [...body.matchAll(/signal\s+output\s+(\w+)\s*;/g)].map((m) => m[1]);
}

describe("src/zk/signals: the Contribution public-signal order", () => {
  it("is the circuit's outputs, then the manifest's public inputs, for every Contribution instance", () => {
    const contributions = loadManifest().filter((c) => c.template === "Contribution");
    expect(contributions).to.not.be.empty;
    for (const circuit of contributions)
      expect([...CONTRIBUTION_SIGNAL_NAMES], circuit.name).to.deep.equal([...contributionOutputs(), ...circuit.publicInputs]);
  });

  it("gives each name its index, and signalsToArray follows it", () => {
    const indexed = Object.fromEntries(CONTRIBUTION_SIGNAL_NAMES.map((name, i) => [constantName(name), i]));
    expect(CONTRIBUTION_SIGNAL).to.deep.equal(indexed);
    const byName = Object.fromEntries(CONTRIBUTION_SIGNAL_NAMES.map((name, i) => [name, BigInt(i + 100)]));
    expect(signalsToArray(byName as Parameters<typeof signalsToArray>[0])).to.deep.equal(
      CONTRIBUTION_SIGNAL_NAMES.map((_, i) => BigInt(i + 100)),
    );
  });

  it("matches contracts/libraries/ContributionSignals.sol's constants, which RoundManager and the verifier use", () => {
    const source = fs.readFileSync(path.join(PROJECT_ROOT, "contracts", "libraries", "ContributionSignals.sol"), "utf8");
    const constants = Object.fromEntries(
      [...source.matchAll(/constant\s+([A-Z_0-9]+)\s*=\s*(\d+)\s*;/g)].map((m) => [m[1], Number(m[2])]),
    );
    for (const [name, index] of Object.entries(CONTRIBUTION_SIGNAL)) expect(constants[name], name).to.equal(index);
    expect(constants.COUNT).to.equal(CONTRIBUTION_SIGNAL_COUNT);
  });
});
