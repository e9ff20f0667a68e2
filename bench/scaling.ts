/**
 * `npm run bench:scaling`: the scaling series of the benchmark suite, written to bench/results/scaling.json.
 *   - gas of `stake` into a tree already holding 10, 100 and 1,000 members (with the tree depth at each);
 *   - gas of `submit` in a round that already holds 1, 10 and 30 contributions (a round takes at most
 *     K = 31, what one aggregation proof covers at H = 5).
 * Costs that are flat stay equal across a series; tree updates grow by a constant per level (log2 of the members).
 * Proving time against N is bench:zk's (bench/results/zk.json). Uses the load test's population (test/load).
 */
import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";

import {
  LOAD_AGGREGATION_K,
  UNCHECKED_PROOF,
  addMember,
  deployLoadProtocol,
  fundedWallet,
  gasOf,
  roundConfig,
  signalsFor,
} from "../src/deployment/local/population";
import { SAMPLE_OPENING } from "../src/sdk/openings";
import { RESULTS_DIR } from "./figures";

const MEMBER_COUNTS = [10, 100, 1000];
const PRIOR_CONTRIBUTIONS = [1, 10, LOAD_AGGREGATION_K - 1];

async function main(): Promise<void> {
  const protocol = await deployLoadProtocol();
  const stakeGas: Record<string, number> = {};
  const treeDepth: Record<string, number> = {};
  const largest = Math.max(...MEMBER_COUNTS);
  while (protocol.members.length <= largest) {
    const before = protocol.members.length;
    const gas = await addMember(protocol);
    if (MEMBER_COUNTS.includes(before)) {
      stakeGas[before] = Number(gas);
      treeDepth[before] = protocol.tree.depth;
      console.log(`stake with ${before} members already in the tree: ${gas} gas (depth ${protocol.tree.depth})`);
    }
  }

  await protocol.rounds.openRound(roundConfig(protocol, { maxContributions: LOAD_AGGREGATION_K }));
  const roundId = await protocol.rounds.roundCount();
  const submitGas: Record<string, number> = {};
  for (let prior = 0; prior <= Math.max(...PRIOR_CONTRIBUTIONS); prior++) {
    const member = protocol.members[prior];
    const recipient = (await fundedWallet(protocol, 20_000 + prior, 0n)).address;
    const signals = await signalsFor(protocol, roundId, member, recipient);
    const gas = await gasOf(protocol.rounds.connect(member.wallet).submit(roundId, UNCHECKED_PROOF, signals, SAMPLE_OPENING));
    if (PRIOR_CONTRIBUTIONS.includes(prior)) {
      submitGas[prior] = Number(gas);
      console.log(`submit with ${prior} prior contributions in the round: ${gas} gas`);
    }
  }

  const results = {
    network: (await ethers.provider.getNetwork()).name,
    stakeGasByMembersInTree: stakeGas,
    treeDepthByMembersInTree: treeDepth,
    submitContributionGasByPriorContributions: submitGas,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, "scaling.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), path.join(RESULTS_DIR, "scaling.json"))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
