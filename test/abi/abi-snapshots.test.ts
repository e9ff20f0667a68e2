import { expect } from "chai";
import fs from "node:fs";
import { artifacts } from "hardhat";

import {
  AbiSnapshot,
  UPDATE_ENV,
  abiDiff,
  protocolAbis,
  readSnapshot,
  snapshotPath,
  snapshottedNames,
  writeSnapshot,
} from "./abi-snapshot";

const HOW_TO_ACCEPT = `If the change is intended, run \`${UPDATE_ENV}=1 npx hardhat test test/abi/abi-snapshots.test.ts\` and commit test/abi/snapshots/.`;

describe("ABI snapshots (test/abi/snapshots)", () => {
  let current: Map<string, AbiSnapshot>;

  before(async () => {
    current = await protocolAbis(artifacts);
    if (process.env[UPDATE_ENV]) {
      for (const name of snapshottedNames()) if (!current.has(name)) fs.rmSync(snapshotPath(name));
      for (const [name, snapshot] of current) writeSnapshot(name, snapshot);
    }
  });

  it("cover every protocol contract that has an ABI, and nothing else", () => {
    const missing = [...current.keys()].filter((name) => !fs.existsSync(snapshotPath(name))).sort();
    const stale = snapshottedNames().filter((name) => !current.has(name));
    expect(current.size, "no protocol contract was found in the artifacts").to.be.greaterThan(0);
    expect(missing, `these contracts have no ABI snapshot. ${HOW_TO_ACCEPT}`).to.deep.equal([]);
    expect(stale, `these snapshots belong to contracts that no longer exist or lost their ABI. ${HOW_TO_ACCEPT}`).to.deep.equal(
      [],
    );
  });

  it("match the ABI of every contract exactly", () => {
    const changes: string[] = [];
    for (const [name, snapshot] of current) {
      if (!fs.existsSync(snapshotPath(name))) continue; // reported by the test above
      const diff = abiDiff(readSnapshot(name).abi, snapshot.abi);
      if (diff.length > 0) changes.push(`ABI of ${snapshot.contract} changed:\n    ${diff.join("\n    ")}`);
    }
    expect(changes.length, `\n${changes.join("\n")}\n${HOW_TO_ACCEPT}\n`).to.equal(0);
  });
});

describe("ABI diff", () => {
  it("reports a removed fragment with - and an added one with +, and nothing for an unchanged one", () => {
    const before = ["event Staked(address indexed member, uint256 amount)", "function stake(uint256 amount)"];
    const after = ["event Staked(address indexed member, uint256 amount)", "function stake(uint256 amount, uint256 commitment)"];
    expect(abiDiff(before, after)).to.deep.equal([
      "- function stake(uint256 amount)",
      "+ function stake(uint256 amount, uint256 commitment)",
    ]);
    expect(abiDiff(after, after)).to.deep.equal([]);
  });
});
