import { parseArgs } from "node:util";

import { UserError } from "../core/errors";
import { LOCAL_NETWORKS } from "../sdk/wallet";
import { DEFAULT_DEMO, DemoOptions, validateOptions } from "./options";
import { RunSummary } from "./summary";

export interface DemoCommand extends DemoOptions {
  /** Hardhat network: "hardhat" (in-process, the default) or "localhost" (a running node). */
  readonly network: string;
  readonly out: string;
  /** Learning only, no chain: for working on src/fl without a deployment. */
  readonly offline: boolean;
}

export const DEMO_USAGE = `usage: npm run demo -- [--participants 5] [--rounds 3] [--seed 7] [--model logistic]
                     [--aggregator fedavg|median|trimmed-mean] [--network hardhat|localhost]
                     [--out demo-output] [--offline]`;

function integer(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UserError(`--${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/** Parses the demo's flags (argv without node and the script); every mistake is one UserError line. */
export function parseDemoArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DemoCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        participants: { type: "string" },
        rounds: { type: "string" },
        seed: { type: "string" },
        model: { type: "string" },
        aggregator: { type: "string" },
        network: { type: "string" },
        out: { type: "string" },
        offline: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UserError(`${(error as Error).message}\n${DEMO_USAGE}`);
  }
  if (values.help) throw new UserError(DEMO_USAGE);
  const text = (key: string) => values[key] as string | undefined;
  const command: DemoCommand = {
    participants: integer("participants", text("participants"), DEFAULT_DEMO.participants),
    rounds: integer("rounds", text("rounds"), DEFAULT_DEMO.rounds),
    seed: integer("seed", text("seed"), DEFAULT_DEMO.seed),
    model: text("model") ?? DEFAULT_DEMO.model,
    aggregator: text("aggregator") ?? DEFAULT_DEMO.aggregator,
    network: text("network") ?? env.HARDHAT_NETWORK ?? "hardhat",
    out: text("out") ?? "demo-output",
    offline: values.offline === true,
  };
  validateOptions(command);
  if (!command.offline && !LOCAL_NETWORKS.includes(command.network)) {
    // The run moves chain time forward to close windows and pass votes: only local nodes allow it.
    throw new UserError(
      `--network must be ${LOCAL_NETWORKS.join(" or ")} (the demo moves time forward), got "${command.network}"`,
    );
  }
  return command;
}

/**
 * Why the run failed, or an empty list: the final model must beat the initial one, every
 * adversary must have been stopped, and (on-chain) the GRD balances must add up.
 */
export function runFailures(summary: RunSummary): string[] {
  const failures: string[] = [];
  if (!(summary.finalAccuracy > summary.initialAccuracy)) {
    failures.push(
      `final accuracy ${summary.finalAccuracy.toFixed(4)} does not beat the initial ${summary.initialAccuracy.toFixed(4)}`,
    );
  }
  for (const a of summary.adversaries) {
    if (!a.stopped) failures.push(`adversary not stopped: ${a.attack} by ${a.participant} (${a.outcome})`);
  }
  if (summary.balances && !summary.balances.conserved) failures.push("GRD balances do not add up");
  for (const r of summary.rounds) {
    if (r.modelVersion !== undefined && r.verified !== true)
      failures.push(`round ${r.round}: model version ${r.modelVersion} was activated without verifying`);
  }
  return failures;
}
