/**
 * Governance gas benchmark: `npm run bench:gas:governance`. Runs proposals through the governed
 * protocol (real ParticipantRegistry stake positions, GuardiansVotes, Governor, Timelock, model
 * registry) and records `propose`, `castVote`, `queue` and `execute` in bench/results/gas.json
 * as {"avg","max"} gas used per transaction, keeping the keys other benchmarks wrote. `castVote`
 * also records `typical`: a vote whose tally is already non-zero and which does not cross the
 * quorum, i.e. one that pays no one-off zero-to-non-zero storage write (see docs/GOVERNANCE.md).
 * A benchmark, not a test: it runs once, on the in-process Hardhat network.
 */
import fs from "node:fs";
import path from "node:path";
import type { ContractTransactionResponse } from "ethers";

import {
  VOTE,
  buildProposal,
  closeVoting,
  deployGovernedProtocol,
  execute,
  openVoting,
  propose,
  queue,
  registerRoundCandidate,
} from "../src/deployment/local/governance";

const RESULTS = path.join(__dirname, "results", "gas.json");
const PROPOSALS = 5;

type Summary = { avg: number; max: number };

/** Gas used by the mined transaction. */
async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction was not mined");
  return Number(receipt.gasUsed);
}

function summarize(samples: number[]): Summary {
  return { avg: Math.round(samples.reduce((a, b) => a + b, 0) / samples.length), max: Math.max(...samples) };
}

async function main(): Promise<void> {
  const f = await deployGovernedProtocol();
  const samples: Record<"propose" | "castVote" | "queue" | "execute", number[]> = {
    propose: [],
    castVote: [],
    queue: [],
    execute: [],
  };

  for (let i = 0; i < PROPOSALS; i++) {
    // The candidate comes from a finalized round, as in production (the coordinator is no registrar).
    const versionId = await registerRoundCandidate(f, i + 1);
    const proposal = await buildProposal(
      f.governor,
      [{ target: f.registry, data: f.registry.interface.encodeFunctionData("activate", [versionId]) }],
      `Activate model ${versionId}`,
    );
    samples.propose.push(await gasOf(propose(f.governor, f.alice, proposal)));
    await openVoting(f.governor, proposal);
    // bob opens the For tally (below quorum); carol's staked sGRD opens the Abstain tally and crosses
    // the quorum (PreventLateQuorum stores the extended deadline); alice's vote is a typical one.
    samples.castVote.push(await gasOf(f.governor.connect(f.bob).castVote(proposal.id, VOTE.For)));
    samples.castVote.push(await gasOf(f.governor.connect(f.carol).castVote(proposal.id, VOTE.Abstain)));
    samples.castVote.push(await gasOf(f.governor.connect(f.alice).castVote(proposal.id, VOTE.For)));
    await closeVoting(f.governor, proposal);
    samples.queue.push(await gasOf(queue(f.governor, proposal)));
    samples.execute.push(await gasOf(execute(f.governor, proposal)));
  }

  const existing: Record<string, unknown> = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, "utf8")) : {};
  const results = { ...existing };
  for (const [action, gas] of Object.entries(samples)) results[action] = summarize(gas);
  results.castVote = { ...summarize(samples.castVote), typical: Math.min(...samples.castVote) };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  for (const action of Object.keys(samples)) console.log(`${action}: ${JSON.stringify(results[action])}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
