import { ChainDriver, addGas } from "../driver";
import { gotThroughLine, stoppedLine, type BalanceCheck } from "../summary";
import { RunContext, formatGrd } from "./context";

export interface Closing {
  /** Gas per action of the disclosure and the claims. */
  readonly closingGas: Record<string, number>;
  /** Undefined offline, or when the start balances were not taken. */
  readonly balances?: BalanceCheck;
}

/**
 * After the rounds, on-chain only: the lender's identity is disclosed and slashed, then every
 * trainer claims and the GRD balances are checked against `startBalances`.
 */
export async function closeRun(run: RunContext, startBalances: Record<string, bigint> | undefined): Promise<Closing> {
  const closingGas: Record<string, number> = {};
  if (!run.driver) return { closingGas };
  // After the rounds: slashing removes the lender from the member tree, and every proof above was
  // made against the tree it was in.
  run.progress.info("after the rounds");
  await discloseLentIdentity(run, run.driver, closingGas);
  if (!startBalances) return { closingGas };
  return { closingGas, balances: await claimAndCheckBalances(run, run.driver, closingGas, startBalances) };
}

/** The whistleblower discloses the lender's lent identity secret: the lender is slashed, the whistleblower rewarded. */
async function discloseLentIdentity(
  { cast, progress, record }: RunContext,
  driver: ChainDriver,
  closingGas: Record<string, number>,
): Promise<void> {
  const disclosure = await driver.discloseIdentity(cast.lender, cast.whistleblower);
  addGas(closingGas, disclosure);
  const stopped = disclosure.slashed > 0n && disclosure.reward > 0n;
  record.slashed.push({
    member: cast.lender,
    reason: "identity-disclosed",
    amount: disclosure.slashed.toString(),
    whistleblower: cast.whistleblower,
    whistleblowerReward: disclosure.reward.toString(),
  });
  record.adversaries.push({
    attack: "lent-identity",
    participant: cast.lender,
    outcome: `identity disclosed by ${cast.whistleblower}: slashed ${formatGrd(disclosure.slashed)}, whistleblower paid ${formatGrd(disclosure.reward)}`,
    stopped,
  });
  const line = `${cast.lender}'s lent identity disclosed: slashed ${formatGrd(disclosure.slashed)}, ${cast.whistleblower} paid ${formatGrd(disclosure.reward)}`;
  progress.info(`  ${stopped ? stoppedLine(line) : gotThroughLine(line)}`);
}

/**
 * Every trainer claims its bonds and rewards; then the sum of all GRD balances, contracts included,
 * must equal the sum at the start: nothing minted or lost.
 */
async function claimAndCheckBalances(
  { cast }: RunContext,
  driver: ChainDriver,
  closingGas: Record<string, number>,
  startBalances: Record<string, bigint>,
): Promise<BalanceCheck> {
  addGas(closingGas, await driver.claimAll(cast.trainers));
  const end = await driver.balances();
  const sum = (b: Record<string, bigint>) => Object.values(b).reduce((s, x) => s + x, 0n);
  return {
    start: mapValues(startBalances, String),
    end: mapValues(end, String),
    conserved: sum(startBalances) === sum(end),
  };
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}
