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
  return {
    network: options.network,
    setup: (members, genesis, p) => setup(chain, members, genesis, p),
    openRound: (round) => openRound(chain, round),
    contribute: (member, round, update, p) => contribute(chain, member, round, update, p),
    forceContribution: (member, round, update, p) => forceContribution(chain, member, round, update, p),
    contributeAgain: (member, round, update, p) => contributeAgain(chain, member, round, update, p),
    matchesCommitment: (contribution, update) => matchesCommitment(chain, contribution, update),
    govern: (round, outcome, p) => govern(chain, round, outcome, p),
    discloseIdentity: (member, whistleblower) => discloseIdentity(chain, member, whistleblower),
    claimAll: (members) => claimAll(chain, members),
    balances: () => balances(chain),
  };
}
