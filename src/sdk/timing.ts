import type { Protocol } from "./deployments";

/**
 * The timing invariants between governance and the protocol, in one place.
 *
 * Governance acts on a member or a contribution by proposal, and a proposal takes up to its
 * *latency* from `propose` to `execute`: the voting delay, the voting period, the late-quorum
 * extension (a quorum reached in the last second pushes the deadline out by it) and the Timelock
 * delay. Two protocol periods must outlast it:
 * - `unbondingPeriod`: a slash proposed the moment a member starts unbonding must execute before the
 *   member can withdraw;
 * - `challengePeriod`: a revocation proposed the moment a contribution lands must execute before the
 *   contribution's claim opens (the challenge period starts at finalization, after the contribution).
 *
 * On chain, the ParticipantRegistry and the RoundManager refuse a period below the latency they were
 * deployed with (`minUnbondingPeriod`, `minChallengePeriod`). What no single contract can check is a
 * later change of the Governor's settings or the Timelock's delay that makes governance slower than
 * those floors: `checkTiming` reads the live values and reports it.
 */
export interface GovernanceTiming {
  votingDelay: number;
  votingPeriod: number;
  lateQuorumExtension: number;
  timelockDelay: number;
}

/** Margin a config must keep above the latency, in basis points of it: time to propose, queue and execute. */
export const TIMING_MARGIN_BPS = 2_500;

/** The longest a proposal takes from propose to execute, in seconds. */
export function governanceLatency(t: GovernanceTiming): number {
  return t.votingDelay + t.votingPeriod + t.lateQuorumExtension + t.timelockDelay;
}

/** The shortest unbonding or challenge period a config may set: the latency plus TIMING_MARGIN_BPS of it. */
export function requiredPeriod(latency: number): number {
  return latency + Math.ceil((latency * TIMING_MARGIN_BPS) / 10_000);
}

/** "9 d 2 h" style, for messages that name both numbers. */
export function formatDuration(seconds: number): string {
  const units: Array<[string, number]> = [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  return parts.length === 0 ? "0 s" : parts.slice(0, 2).join(" ");
}

/** What the live contracts say about the timing invariants. */
export interface TimingReport {
  latency: number;
  timing: GovernanceTiming;
  unbondingPeriod: number;
  challengePeriod: number;
  minUnbondingPeriod: number;
  minChallengePeriod: number;
  /** Invariants that are broken: governance cannot act in time. */
  problems: string[];
  /** Invariants that hold with less than the margin, or on-chain floors below today's latency. */
  warnings: string[];
}

/** One period that does not outlast the governance latency (a problem) or its margin (a warning). */
export interface TimingFinding {
  period: "unbondingPeriod" | "challengePeriod";
  message: string;
}

/**
 * Checks a config's or a deployment's periods against a governance latency: problems when a period is
 * shorter than the latency, warnings when it keeps less than the margin.
 */
export function timingFindings(
  latency: number,
  periods: { unbondingPeriod: number; challengePeriod: number },
): { problems: TimingFinding[]; warnings: TimingFinding[] } {
  const problems: TimingFinding[] = [];
  const warnings: TimingFinding[] = [];
  const required = requiredPeriod(latency);
  const check = (period: TimingFinding["period"], seconds: number, lets: string) => {
    if (seconds < latency)
      problems.push({
        period,
        message: `${period} is ${formatDuration(seconds)} (${seconds} s), shorter than the governance latency of ${formatDuration(latency)} (${latency} s): ${lets}`,
      });
    else if (seconds < required)
      warnings.push({
        period,
        message: `${period} is ${formatDuration(seconds)} (${seconds} s), less than the governance latency of ${formatDuration(latency)} (${latency} s) plus a ${TIMING_MARGIN_BPS / 100}% margin (${required} s)`,
      });
  };
  check(
    "unbondingPeriod",
    periods.unbondingPeriod,
    "a member can withdraw before a slash proposed when it starts unbonding executes",
  );
  check(
    "challengePeriod",
    periods.challengePeriod,
    "a poisoned contribution's claim opens before a revocation proposed when it landed executes",
  );
  return { problems, warnings };
}

/** Reads the live Governor, Timelock, registry and RoundManager and checks the timing invariants. */
export async function checkTiming(
  protocol: Pick<Protocol, "governor" | "timelock" | "registry" | "roundManager">,
): Promise<TimingReport> {
  const { governor, timelock, registry, roundManager } = protocol;
  const [votingDelay, votingPeriod, lateQuorumExtension, timelockDelay, params, limits, minUnbonding, minChallenge] =
    await Promise.all([
      governor.votingDelay(),
      governor.votingPeriod(),
      governor.lateQuorumVoteExtension(),
      timelock.getMinDelay(),
      registry.params(),
      roundManager.limits(),
      registry.minUnbondingPeriod(),
      roundManager.minChallengePeriod(),
    ]);
  const timing: GovernanceTiming = {
    votingDelay: Number(votingDelay),
    votingPeriod: Number(votingPeriod),
    lateQuorumExtension: Number(lateQuorumExtension),
    timelockDelay: Number(timelockDelay),
  };
  const latency = governanceLatency(timing);
  const findings = timingFindings(latency, {
    unbondingPeriod: Number(params.unbondingPeriod),
    challengePeriod: Number(limits.challengePeriod),
  });
  const report: TimingReport = {
    latency,
    timing,
    unbondingPeriod: Number(params.unbondingPeriod),
    challengePeriod: Number(limits.challengePeriod),
    minUnbondingPeriod: Number(minUnbonding),
    minChallengePeriod: Number(minChallenge),
    problems: findings.problems.map((f) => f.message),
    warnings: findings.warnings.map((f) => f.message),
  };
  for (const [name, floor] of [
    ["the registry's minUnbondingPeriod", report.minUnbondingPeriod],
    ["the RoundManager's minChallengePeriod", report.minChallengePeriod],
  ] as const)
    if (floor < latency)
      report.warnings.push(
        `${name} is ${formatDuration(floor)} (${floor} s), below today's governance latency of ${formatDuration(latency)} (${latency} s): governance became slower since deployment, and the contracts would accept a period that is too short`,
      );
  return report;
}
