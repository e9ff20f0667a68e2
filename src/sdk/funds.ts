/** GRD in a participant's wallet: amounts as text, balance checks before sending, ERC-2612 permits. */
import { formatEther, getAddress, isAddress, isError, Signature, ZeroAddress } from "ethers";

import { chainTime, type Guardians } from "./client";
import { ArgumentError, UserError } from "./errors";
import type { TxOutcome } from "./tx";

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
 * when the signer cannot sign typed data (e.g. some hardware wallets): the caller approves instead. A
 * signature the user rejects in the wallet is not such a case: it is rethrown, and nothing is sent.
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
  } catch (error) {
    if (isError(error, "ACTION_REJECTED")) throw error;
    return undefined;
  }
}

/** Sends `amount` GRD to `to`; an insufficient balance is one line in GRD, and nothing is sent. */
export async function transferGrd(g: Guardians, to: string, amount: bigint): Promise<TxOutcome> {
  if (amount <= 0n) throw new ArgumentError("--amount must be positive");
  if (!isAddress(to) || getAddress(to) === ZeroAddress) throw new ArgumentError(`--to must be a non-zero address, got "${to}"`);
  await requireBalance(g, amount, "the transfer");
  return g.send("transfer GRD", () => g.protocol.token.transfer(getAddress(to), amount));
}
