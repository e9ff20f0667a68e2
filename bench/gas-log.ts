/** The gas benchmark's recorder: every sample of an action's gas, summed up as its average and maximum. */
import type { TransactionResponse } from "ethers";

export interface GasStat {
  avg: number;
  max: number;
}

export class GasLog {
  private readonly samples = new Map<string, bigint[]>();

  async record(action: string, tx: Promise<TransactionResponse>): Promise<void> {
    const receipt = await (await tx).wait();
    if (!receipt) throw new Error(`${action}: no receipt`);
    const list = this.samples.get(action) ?? [];
    list.push(receipt.gasUsed);
    this.samples.set(action, list);
  }

  stats(): Record<string, GasStat> {
    const out: Record<string, GasStat> = {};
    for (const [action, list] of this.samples) {
      const total = list.reduce((a, b) => a + b, 0n);
      out[action] = { avg: Number(total / BigInt(list.length)), max: Number(list.reduce((a, b) => (a > b ? a : b))) };
    }
    return out;
  }
}
