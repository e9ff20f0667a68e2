import { claim, type TxOutcome } from "../../sdk";
import type { GasReport } from "../driver";
import { DemoChain, gasOf } from "./context";

/** Every member claims its bond and reward share for each unrevoked contribution; counts per member. */
export async function claimAll(
  chain: DemoChain,
  names: readonly string[],
): Promise<GasReport & { claimed: Record<string, number> }> {
  const d = chain.deployer();
  let latestEnd = 0n;
  for (const id of chain.roundIds.values()) {
    const end = (await d.protocol.roundManager.getRound(id)).challengeEndsAt;
    if (end > latestEnd) latestEnd = end;
  }
  await chain.advanceTo(latestEnd + 1n);
  const claimed: Record<string, number> = {};
  const outcomes: TxOutcome[] = [];
  for (const c of chain.accepted) {
    if (chain.revokedUids.has(c.uid) || !names.includes(c.member)) continue;
    const member = chain.memberOf(c.member);
    const [result] = await claim(member.session, [c.uid]);
    outcomes.push(result.outcome);
    claimed[c.member] = (claimed[c.member] ?? 0) + 1;
  }
  return { claimed, ...gasOf("claim", ...outcomes) };
}

/** GRD balances (wei) of every account that can hold GRD, contracts included. */
export async function balances(chain: DemoChain): Promise<Record<string, bigint>> {
  const deployer = chain.deployerSession;
  if (!deployer) return {};
  const { token, registry, roundManager, timelock } = deployer.protocol;
  const holders: Record<string, string> = {
    deployer: deployer.account,
    "treasury (timelock)": await timelock.getAddress(),
    ParticipantRegistry: await registry.getAddress(),
    RoundManager: await roundManager.getAddress(),
  };
  for (const m of chain.members.values()) holders[m.name] = m.address;
  if (chain.whistleblower) holders[chain.whistleblower.name] = chain.whistleblower.address;
  const out: Record<string, bigint> = {};
  for (const [name, address] of Object.entries(holders)) out[name] = await token.balanceOf(address);
  return out;
}
