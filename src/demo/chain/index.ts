/**
 * The ChainDriver over the deployment (src/deployment), the SDK (every participant, coordinator,
 * governance and slashing action) and the prover (src/zk), one module per phase: setup, rounds,
 * the forced attacks, governance, slashing, claims. Local networks only: it moves time forward to
 * close windows and pass votes.
 */
import { UserError } from "../../core/errors";
import type { Progress } from "../../core/progress";
import { LOCAL_NETWORKS } from "../../sdk";
import { contributionCircuit } from "../../zk";
import type { ChainDriver } from "../driver";
import { contributeAgain, forceContribution } from "./attacks";
import { balances, claimAll } from "./claims";
import { ChainOptions, DemoChain } from "./context";
import { govern } from "./governance";
import { STEP_TIMEOUTS, withinTimeout } from "./mining";
import { contribute, matchesCommitment, openRound } from "./rounds";
import { setup } from "./setup";
import { discloseIdentity } from "./slashing";

export { DEMO_ECONOMICS, type ChainOptions } from "./context";

export async function createChainDriver(options: ChainOptions, progress: Progress): Promise<ChainDriver> {
  if (!LOCAL_NETWORKS.includes(options.network)) {
    throw new UserError(
      `the demo runs on ${LOCAL_NETWORKS.join(" or ")} (it moves time forward); got --network ${options.network}`,
    );
  }
  const { hre, codec } = options;
  const [deployerSigner] = await hre.ethers.getSigners();
  const circuit = contributionCircuit();
  if (circuit.n !== codec.length || circuit.bits !== codec.bits) {
    throw new Error(`the codec (N=${codec.length}, ${codec.bits} bits) does not match ${circuit.name}`);
  }
  const chain = new DemoChain(options, progress, hre.ethers.provider, deployerSigner, circuit);
  const { proving, plain } = options.timeouts ?? STEP_TIMEOUTS;
  const bounded = <T>(step: string, ms: number, work: Promise<T>) => withinTimeout(step, ms, options.network, work);
  // Every step is bounded: a node that stops mining fails the run in one line instead of hanging it.
  return {
    network: options.network,
    setup: (members, genesis, p) => bounded("setup", proving, setup(chain, members, genesis, p)),
    openRound: (round) => bounded(`open round ${round}`, plain, openRound(chain, round)),
    contribute: (member, round, update, p) =>
      bounded(`${member}'s contribution`, proving, contribute(chain, member, round, update, p)),
    forceContribution: (member, round, update, p) =>
      bounded(`${member}'s forced contribution`, proving, forceContribution(chain, member, round, update, p)),
    contributeAgain: (member, round, update, p) =>
      bounded(`${member}'s second contribution`, proving, contributeAgain(chain, member, round, update, p)),
    matchesCommitment: (contribution, update) =>
      bounded("the commitment check", plain, matchesCommitment(chain, contribution, update)),
    govern: (round, outcome, p) => bounded(`round ${round}'s governance`, proving, govern(chain, round, outcome, p)),
    discloseIdentity: (member, whistleblower) =>
      bounded(`the disclosure of ${member}`, plain, discloseIdentity(chain, member, whistleblower)),
    claimAll: (members) => bounded("the claims", proving, claimAll(chain, members)),
    balances: () => bounded("the balances", plain, balances(chain)),
  };
}
