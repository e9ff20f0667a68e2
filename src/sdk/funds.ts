/** GRD in a participant's wallet: amounts as text, balance checks before sending, ERC-2612 permits. */
import { formatEther, Signature } from "ethers";

import { chainTime, type Guardians } from "./client";
import { UserError } from "./errors";

export const grd = (wei: bigint): string => `${formatEther(wei)} GRD`;

export async function requireBalance(g: Guardians, needed: bigint, what: string): Promise<void> {
  const balance = await g.protocol.token.balanceOf(g.account);
  if (balance < needed)
    throw new UserError(`insufficient GRD balance for ${what}: ${g.account} has ${grd(balance)}, needs ${grd(needed)}`);
}

/** The EIP-2612 Permit type, as GRD's permit signs it. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/**
 * An ERC-2612 permit letting `spender` pull `value` GRD from the signer within the hour, or undefined
 * when the signer cannot sign typed data (e.g. some hardware wallets): the caller approves instead.
 */
export async function signPermit(
  g: Guardians,
  spender: string,
  value: bigint,
): Promise<{ deadline: bigint; v: number; r: string; s: string } | undefined> {
  const { token } = g.protocol;
  const deadline = (await chainTime(g)) + 3600n;
  const domain = await token.eip712Domain();
  try {
    const raw = await g.signer.signTypedData(
      { name: domain.name, version: domain.version, chainId: domain.chainId, verifyingContract: domain.verifyingContract },
      PERMIT_TYPES,
      { owner: g.account, spender, value, nonce: await token.nonces(g.account), deadline },
    );
    const { v, r, s } = Signature.from(raw);
    return { deadline, v, r, s };
  } catch {
    return undefined;
  }
}
