import { getAddress } from "ethers";

import { discloseIdentity as discloseThroughSdk } from "../../sdk";
import type { Disclosure } from "../driver";
import { DemoChain, gasOf, mergeGas } from "./context";
import { withIntervalMining } from "./mining";

/** The whistleblower discloses `name`'s lent identity secret (commit-reveal) and the member is slashed. */
export async function discloseIdentity(chain: DemoChain, name: string, whistleblowerName: string): Promise<Disclosure> {
  const lender = chain.memberOf(name);
  const wb = chain.need(chain.whistleblower, "whistleblower");
  if (wb.name !== whistleblowerName) throw new Error(`unknown whistleblower ${whistleblowerName}`);
  // The SDK reveals once a block after the commitment exists; an automining network with no
  // other traffic never makes one, so blocks are mined on an interval while it waits, and the
  // node's mining mode is restored afterwards, even if the disclosure throws.
  const disclosed = await withIntervalMining(chain.options.hre.network.provider, () =>
    discloseThroughSdk(wb.session, lender.identity, wb.address),
  );
  if (getAddress(disclosed.member) !== lender.address) throw new Error("the disclosure slashed the wrong member");
  return {
    slashed: disclosed.slashed,
    reward: disclosed.whistleblowerReward,
    ...mergeGas(gasOf("commitDisclosure", disclosed.commitOutcome), gasOf("revealDisclosure", disclosed.revealOutcome)),
  };
}
