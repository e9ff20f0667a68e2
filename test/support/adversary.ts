import { ethers } from "hardhat";

import type { Guardians } from "../../src/sdk/client";
import { memberTree } from "../../src/sdk/staking";
import { contributionCircuit, quantize, randomFieldElement, type Identity } from "../../src/zk";
import { proveContribution } from "../../src/zk/prover";

const CIRCUIT = contributionCircuit("contribution_n32_b16_d16");

/** What a dishonest participant knows of its own contribution when it chooses the bytes it delivers. */
export interface OwnContribution {
  nullifier: bigint;
  updateCommitment: bigint;
  quantized: bigint[];
  salt: bigint;
}

/**
 * Proves a contribution exactly as `participant contribute` does, but submits it with `ciphertext` in
 * place of the honest encrypted opening: what a participant who delivers garbage, a copied ciphertext
 * or an opening of something else sends. The proof is valid; only the delivery is wrong.
 */
export async function submitWithCiphertext(
  g: Guardians,
  identity: Identity,
  roundId: bigint,
  values: readonly number[],
  ciphertext: (own: OwnContribution) => Promise<Uint8Array>,
): Promise<OwnContribution & { uid: string }> {
  const rm = g.protocol.roundManager;
  const round = await rm.getRound(roundId);
  const scope = await rm.roundScope(roundId);
  const n = Number(round.n);
  const quantized = quantize(
    [...values, ...Array<number>(n - values.length).fill(0)],
    Number(round.fracBits),
    Number(round.bits),
  ).values;
  const salt = randomFieldElement();
  const { tree } = await memberTree(g);
  const proof = await proveContribution(
    { identity, tree, update: quantized, salt, roundScope: scope, l2BoundSq: round.l2BoundSq, recipient: g.account },
    { circuit: CIRCUIT },
  );
  const own = { nullifier: identity.nullifier(scope), updateCommitment: proof.signals.updateCommitment, quantized, salt };
  const bytes = await ciphertext(own);
  if ((await rm.bondBalanceOf(g.account)) < round.bond) await (await rm.depositBonds(round.bond)).wait();
  const { pA, pB, pC, pubSignals } = proof.calldata;
  await (await rm.submit(roundId, { pA, pB, pC }, pubSignals, ethers.hexlify(bytes))).wait();
  return { ...own, uid: await rm.attestationUid(roundId, own.nullifier) };
}
