import path from "node:path";

import { SNARK_SCALAR_FIELD } from "./field";

/**
 * The Poseidon permutation with a caller-chosen initial state and the full output state, which the
 * update sponge needs and poseidon-lite's hash functions do not expose (they start from a zero
 * capacity and return the first elements). The round constants and MDS matrices are
 * poseidon-lite's own (those of circomlib), and the rounds follow poseidon-lite's reference
 * implementation, so `poseidonPermutation([0n, ...x])[0]` equals poseidon-lite's hash of x (tested).
 */

const FULL_ROUNDS = 8;
/** Partial rounds per width t = 2..17, as circomlib and poseidon-lite fix them. */
const PARTIAL_ROUNDS = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
export const MAX_POSEIDON_WIDTH = PARTIAL_ROUNDS.length + 1;

interface PoseidonConstants {
  C: bigint[];
  M: bigint[][];
}

const constantsByWidth = new Map<number, PoseidonConstants>();

function constantsFor(width: number): PoseidonConstants {
  let constants = constantsByWidth.get(width);
  if (!constants) {
    // poseidon-lite's "exports" map hides its constants, so they are loaded by file path.
    const root = path.dirname(require.resolve("poseidon-lite"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stringified = require(path.join(root, "constants", `${width - 1}.js`)).default;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const unstringify = require(path.join(root, "poseidon", "unstringify.js")).default as (o: unknown) => PoseidonConstants;
    constants = unstringify(stringified);
    constantsByWidth.set(width, constants);
  }
  return constants;
}

const pow5 = (v: bigint) => {
  const square = (v * v) % SNARK_SCALAR_FIELD;
  return (((square * square) % SNARK_SCALAR_FIELD) * v) % SNARK_SCALAR_FIELD;
};

/** Applies the Poseidon permutation of width state.length (2..17) to field elements. */
export function poseidonPermutation(input: readonly bigint[]): bigint[] {
  const width = input.length;
  if (width < 2 || width > MAX_POSEIDON_WIDTH) throw new RangeError(`Poseidon width must be 2..${MAX_POSEIDON_WIDTH}`);
  const { C, M } = constantsFor(width);
  const partialRounds = PARTIAL_ROUNDS[width - 2];
  let state = input.map((x) => x % SNARK_SCALAR_FIELD);
  for (let round = 0; round < FULL_ROUNDS + partialRounds; round++) {
    const full = round < FULL_ROUNDS / 2 || round >= FULL_ROUNDS / 2 + partialRounds;
    for (let i = 0; i < width; i++) {
      state[i] = (state[i] + C[round * width + i]) % SNARK_SCALAR_FIELD;
      if (full || i === 0) state[i] = pow5(state[i]);
    }
    state = M.map((row) => row.reduce((acc, m, j) => acc + m * state[j], 0n) % SNARK_SCALAR_FIELD);
  }
  return state;
}
