import { UserError } from "../core/errors";
import { Behaviour } from "../fl/federation";

/** How far past the bound the boosting poisoner scales its update (a model-replacement attack). */
export const BOOST_FACTOR = 25;

/**
 * Who does what. With k participants: P1 tries a second contribution in round 1; P(k-1) boosts its
 * round-1 update past the norm bound; Pk trains on flipped labels every round; "lender" is a staked
 * member (not a trainer) whose lent identity secret "whistleblower" discloses after round 1.
 */
export interface Cast {
  readonly trainers: string[];
  readonly doubleContributor: string;
  readonly booster: string;
  readonly poisoner: string;
  readonly lender: string;
  readonly whistleblower: string;
}

export const MIN_PARTICIPANTS = 3;

export function castFor(participants: number): Cast {
  if (!Number.isInteger(participants) || participants < MIN_PARTICIPANTS) {
    throw new UserError(`--participants must be an integer ≥ ${MIN_PARTICIPANTS} (one honest member, a booster and a poisoner)`);
  }
  const trainers = Array.from({ length: participants }, (_, i) => `P${i + 1}`);
  return {
    trainers,
    doubleContributor: trainers[0],
    booster: trainers[participants - 2],
    poisoner: trainers[participants - 1],
    lender: "lender",
    whistleblower: "whistleblower",
  };
}

export function behaviourOf(cast: Cast, member: string, round: number): Behaviour {
  if (member === cast.poisoner) return { kind: "flipped-labels" };
  if (member === cast.booster && round === 1) return { kind: "boosted", factor: BOOST_FACTOR };
  return { kind: "honest" };
}
