import { ethers } from "hardhat";
import type { Signer } from "ethers";

import { openGuardians, type Guardians } from "../../src/sdk/client";
import type { Deployment } from "../../src/sdk/deployments";
import { deployForTest } from "./deployment";

/** A deployed protocol on the in-process network and an SDK session for each of the first signers. */
export async function deployedSessions(count = 4): Promise<{ deployment: Deployment; sessions: Guardians[]; signers: Signer[] }> {
  const { deployment } = await deployForTest();
  const signers = (await ethers.getSigners()).slice(0, count);
  const sessions = await Promise.all(signers.map((signer) => openGuardians({ signer, deployment, pollMs: 10 })));
  // The deployer holds the allocation; give everyone else something to stake.
  for (const s of sessions.slice(1))
    await (await sessions[0].protocol.token.transfer(s.account, ethers.parseEther("1000"))).wait();
  return { deployment, sessions, signers };
}
