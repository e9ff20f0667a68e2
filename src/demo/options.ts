import { UserError } from "../core/errors";
import { createAggregator } from "../fl/aggregate";
import { castFor } from "./cast";

export interface DemoOptions {
  readonly participants: number;
  readonly rounds: number;
  readonly seed: number;
  readonly model: string;
  readonly aggregator: string;
}

export const DEFAULT_DEMO: DemoOptions = { participants: 5, rounds: 3, seed: 7, model: "logistic", aggregator: "fedavg" };

export function validateOptions(options: DemoOptions): void {
  castFor(options.participants);
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new UserError("--rounds must be a positive integer");
  if (!Number.isInteger(options.seed) || options.seed < 0) throw new UserError("--seed must be a non-negative integer");
  // Unknown names fail here, before any deployment.
  createAggregator(options.aggregator);
}
