/**
 * A snarkjs Groth16 verification key as the words of contracts/libraries/Groth16.sol's key layout:
 * α (G1), β, γ, δ (G2, in the precompile's order), then IC0, IC1, … . Shared by the verifier
 * renderers (contribution-verifier.ts, aggregation-verifier.ts).
 */
import type { VerificationKey } from "./snarkjs";

type G1 = [string, string, string];
type G2 = [[string, string], [string, string], [string, string]];

export interface Groth16Key extends VerificationKey {
  vk_alpha_1: G1;
  vk_beta_2: G2;
  vk_gamma_2: G2;
  vk_delta_2: G2;
  IC: G1[];
}

export function isGroth16Key(vkey: VerificationKey): vkey is Groth16Key {
  return (
    vkey.protocol === "groth16" &&
    vkey.curve === "bn128" &&
    Array.isArray(vkey.vk_alpha_1) &&
    Array.isArray(vkey.vk_beta_2) &&
    Array.isArray(vkey.vk_gamma_2) &&
    Array.isArray(vkey.vk_delta_2) &&
    Array.isArray(vkey.IC)
  );
}

/** A G2 point in the precompile's order: x imaginary, x real, y imaginary, y real. */
function g2(point: G2): string[] {
  return [point[0][1], point[0][0], point[1][1], point[1][0]];
}

/** The key's words, in decimal, with a label at the first word of each part. */
export function keyWords(vkey: Groth16Key): { word: string; label?: string }[] {
  const words = [
    vkey.vk_alpha_1[0],
    vkey.vk_alpha_1[1],
    ...g2(vkey.vk_beta_2),
    ...g2(vkey.vk_gamma_2),
    ...g2(vkey.vk_delta_2),
    ...vkey.IC.flatMap((point) => [point[0], point[1]]),
  ];
  const labels = new Map<number, string>([
    [0, "alpha"],
    [2, "beta"],
    [6, "gamma"],
    [10, "delta"],
    ...vkey.IC.map((_, i): [number, string] => [14 + 2 * i, `IC${i}`]),
  ]);
  return words.map((word, i) => ({ word, label: labels.get(i) }));
}
