import { UpdateCodec, fixedPointCodec } from "../fl/codec";

/**
 * The demo's update encoding: 31 logistic-regression parameters padded to the circuit's N = 32,
 * 16-bit signed integers at 2^-10 resolution, and an L2 bound of 2 on the real-valued update.
 * Honest updates measured on wdbc (5 epochs of SGD, lr 0.1) have norms 0.2-1.5, the flipped-label
 * poisoner's grow to ~2.5 (clipped, so it stays provable), and the boosted one is ~25× an honest one.
 */
export const DEMO_CODEC: UpdateCodec = fixedPointCodec({ length: 32, bits: 16, fractionBits: 10, l2Bound: 2 });
