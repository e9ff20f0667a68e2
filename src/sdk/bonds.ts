/** The bond balance on the RoundManager, from which each submission takes its round's bond. */
import type { Guardians } from "./client";
import { ArgumentError, UserError } from "./errors";
import { grd, requireBalance, signPermit } from "./funds";
import { PARTICIPANT_HINTS } from "./participant-hints";
import type { TxOutcome } from "./tx";

/** A bond balance after a deposit or withdrawal. */
export interface BondBalanceChange {
  /** GRD moved into (deposit) or out of (withdrawal) the bond balance. */
  amount: bigint;
  /** The account's bond balance afterwards. */
  bondBalance: bigint;
  outcome: TxOutcome;
}

/** The balance a BondsDeposited or BondsWithdrawn event of `account` in the receipt reports. */
function bondBalanceAfter(g: Guardians, outcome: TxOutcome, event: "BondsDeposited" | "BondsWithdrawn"): bigint | undefined {
  const rm = g.protocol.roundManager;
  for (const log of outcome.receipt.logs) {
    const parsed = rm.interface.parseLog(log);
    if (parsed?.name === event && String(parsed.args.account).toLowerCase() === g.account.toLowerCase())
      return BigInt(parsed.args.balance);
  }
  return undefined;
}

/**
 * Moves `amount` GRD from the wallet into its bond balance on the RoundManager, from which `submit`
 * takes each round's bond. Uses an ERC-2612 permit (one transaction) when the signer can sign one,
 * otherwise approve (when the allowance is short) + deposit. Checked first: a positive amount the
 * wallet holds.
 */
export async function depositBonds(g: Guardians, amount: bigint, options: { permit?: boolean } = {}): Promise<BondBalanceChange> {
  const { roundManager: rm, token } = g.protocol;
  if (amount <= 0n) throw new ArgumentError("the deposit must be positive");
  await requireBalance(g, amount, "the bond deposit");
  const spender = await rm.getAddress();
  let outcome: TxOutcome;
  const permit = options.permit === false ? undefined : await signPermit(g, spender, amount);
  if (permit) {
    const { deadline, v, r, s } = permit;
    outcome = await g.send(
      `deposit ${grd(amount)} for bonds (with permit)`,
      () => rm.depositBondsWithPermit(amount, deadline, v, r, s),
      PARTICIPANT_HINTS,
    );
  } else {
    if ((await token.allowance(g.account, spender)) < amount)
      await g.send("approve the bond deposit", () => token.approve(spender, amount), PARTICIPANT_HINTS);
    outcome = await g.send(`deposit ${grd(amount)} for bonds`, () => rm.depositBonds(amount), PARTICIPANT_HINTS);
  }
  const bondBalance = bondBalanceAfter(g, outcome, "BondsDeposited") ?? (await rm.bondBalanceOf(g.account));
  return { amount, bondBalance, outcome };
}

/**
 * Sends `amount` of the account's bond balance (default: all of it) back to the wallet; allowed at
 * any time, even while the RoundManager is paused. Bonds already taken by submissions come back
 * through `claim`, not here.
 */
export async function withdrawBonds(g: Guardians, amount?: bigint): Promise<BondBalanceChange> {
  const rm = g.protocol.roundManager;
  if (amount !== undefined && amount <= 0n) throw new ArgumentError("the withdrawal must be positive");
  const available = await rm.bondBalanceOf(g.account);
  if (amount === undefined && available === 0n)
    throw new UserError(`the bond balance of ${g.account} is empty; nothing to withdraw`);
  const value = amount ?? available;
  if (value > available)
    throw new UserError(`cannot withdraw ${grd(value)}: the bond balance of ${g.account} is ${grd(available)}; nothing was sent`);
  const outcome = await g.send(`withdraw ${grd(value)} of bonds`, () => rm.withdrawBonds(value), PARTICIPANT_HINTS);
  const bondBalance = bondBalanceAfter(g, outcome, "BondsWithdrawn") ?? (await rm.bondBalanceOf(g.account));
  return { amount: value, bondBalance, outcome };
}

/** What `ensureBondBalance` sent so that the bond balance covers a bond. */
export interface BondDeposit {
  /** GRD deposited: the shortfall, or 0 when the bond balance already covered the bond. */
  amount: bigint;
  /**
   * What was sent, in order: the deposit with a permit (one transaction); or, when the allowance
   * covered the shortfall or no permit could be signed, the approval (if needed) and the deposit;
   * empty when nothing was sent.
   */
  outcomes: TxOutcome[];
}

/** How much the account's bond balance lacks to cover `bond` (0 when it covers it). */
export async function bondShortfall(g: Guardians, bond: bigint): Promise<bigint> {
  const balance = await g.protocol.roundManager.bondBalanceOf(g.account);
  return balance >= bond ? 0n : bond - balance;
}

/**
 * Tops up the account's bond balance to cover `bond`: deposits exactly the shortfall, or sends nothing
 * when the balance already covers it. An allowance that covers the shortfall is used as it is;
 * otherwise the deposit carries an ERC-2612 permit (one transaction), or, for a signer that cannot sign
 * one, approve then depositBonds. `what` names the bond in messages ("round 3's bond").
 */
export async function ensureBondBalance(g: Guardians, bond: bigint, what: string): Promise<BondDeposit> {
  const { roundManager: rm, token } = g.protocol;
  const shortfall = await bondShortfall(g, bond);
  if (shortfall === 0n) return { amount: 0n, outcomes: [] };
  await requireBalance(g, shortfall, `${what} (the bond balance lacks ${grd(shortfall)})`);
  const spender = await rm.getAddress();
  const allowanceCovers = (await token.allowance(g.account, spender)) >= shortfall;
  const permit = allowanceCovers ? undefined : await signPermit(g, spender, shortfall);
  if (permit) {
    const { deadline, v, r, s } = permit;
    const deposit = await g.send(
      `deposit ${grd(shortfall)} for ${what} (with permit)`,
      () => rm.depositBondsWithPermit(shortfall, deadline, v, r, s),
      PARTICIPANT_HINTS,
    );
    return { amount: shortfall, outcomes: [deposit] };
  }
  const outcomes: TxOutcome[] = [];
  if (!allowanceCovers)
    outcomes.push(
      await g.send(`approve ${grd(shortfall)} for ${what}`, () => token.approve(spender, shortfall), PARTICIPANT_HINTS),
    );
  outcomes.push(await g.send(`deposit ${grd(shortfall)} for ${what}`, () => rm.depositBonds(shortfall), PARTICIPANT_HINTS));
  return { amount: shortfall, outcomes };
}
