import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import { ethers } from "hardhat";
import fc from "fast-check";

import {
  AGGREGATION,
  DAY,
  DEFAULT_LIMITS,
  DEFAULT_PARAMS,
  GRD,
  MOCK_PROOF,
  type Protocol,
  deployProtocolWithMocks,
  identityCommitment,
  loadProtocol,
  mockSignals,
  mockAggregation,
  roundConfig,
  stakeMember,
  SAMPLE_OPENING,
} from "../support/protocol";

/**
 * Random sequences of stake, top-up, unstake, slash, evict, withdraw, bond deposits and withdrawals,
 * submit, finalize (with a random selection), cancel, revoke, claim and sweep against a reference model. The model predicts whether each action may succeed; the contracts must
 * agree, and after every step: tokens are conserved, nothing is withdrawn before unbonding ends, a slash
 * never exceeds the stake, a nullifier is never reused in a round, only selected contributions earn a reward,
 * and the on-chain root is the
 * TypeScript tree's root. Proofs go to a MockContributionVerifier: these properties are about accounting.
 */

const USERS = 5;
const MIN_STAKE = BigInt(DEFAULT_PARAMS.minStake);
const MAX_SLASH_BPS = BigInt(DEFAULT_PARAMS.maxSlashBps);
const UNBONDING = BigInt(DEFAULT_PARAMS.unbondingPeriod);
const CHALLENGE = BigInt(DEFAULT_LIMITS.challengePeriod);
const FINALIZATION = BigInt(DEFAULT_LIMITS.finalizationPeriod);
const BOND = GRD(10);
const POOL = GRD(1_000);
const WINDOW = BigInt(DAY);
/**
 * A `wait` of this many seconds jumps just past the model's next deadline (close, finalization deadline,
 * challenge end, unbonding end).
 */
const NEXT_DEADLINE = 0n;
/** A finalize `mask` that selects every contribution not revoked. */
const ALL_UNREVOKED = -1;

type Action =
  | { kind: "stake"; user: number; amount: bigint }
  | { kind: "topUp"; user: number; amount: bigint }
  | { kind: "unstake"; user: number }
  | { kind: "slash"; user: number; fractionBps: bigint }
  | { kind: "evict"; user: number }
  | { kind: "withdraw"; user: number }
  | { kind: "wait"; seconds: bigint }
  | { kind: "submit"; nullifier: bigint; recipient: number }
  /** The submitter deposits `amount` into its bond balance, or withdraws −amount when negative. */
  | { kind: "bonds"; amount: bigint }
  /** Finalizes with weight 1 for the contributions whose bit of `mask` is set (ALL_UNREVOKED: each unrevoked one). */
  | { kind: "finalize"; mask: number }
  | { kind: "cancel"; byGovernance: boolean }
  | { kind: "revoke"; pick: number }
  | { kind: "claim"; pick: number }
  | { kind: "sweep" }
  | { kind: "openRound" };

const user = fc.integer({ min: 0, max: USERS - 1 });
const pick = fc.nat({ max: 7 });
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("stake" as const),
      user,
      amount: fc.bigInt({ min: MIN_STAKE, max: 3n * MIN_STAKE }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("topUp" as const), user, amount: fc.bigInt({ min: 1n, max: GRD(50) }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("unstake" as const), user }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("slash" as const), user, fractionBps: fc.bigInt({ min: 0n, max: 10_500n }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("evict" as const), user }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), user }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      seconds: fc.constantFrom(3_600n, NEXT_DEADLINE, 8n * WINDOW),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("submit" as const), nullifier: fc.bigInt({ min: 1n, max: 6n }), recipient: user }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("bonds" as const), amount: fc.bigInt({ min: -3n * BOND, max: 3n * BOND }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("finalize" as const),
      mask: fc.oneof(fc.constant(ALL_UNREVOKED), fc.nat({ max: 255 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), byGovernance: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("revoke" as const), pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("claim" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sweep" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("openRound" as const) }) },
);

enum Status {
  None,
  Active,
  PendingEviction,
  Unbonding,
  Exited,
}

interface MemberModel {
  status: Status;
  stake: bigint;
  endsAt: bigint;
}
interface AttestationModel {
  nullifier: bigint;
  status: "valid" | "revoked" | "claimed";
  /** Whether the finalization's proven selection included it. */
  included: boolean;
}
interface RoundModel {
  id: bigint;
  closesAt: bigint;
  finalizeBy: bigint;
  finalized: boolean;
  cancelled: boolean;
  challengeEndsAt: bigint;
  swept: boolean;
  attestations: AttestationModel[];
}

class Model {
  members: MemberModel[] = Array.from({ length: USERS }, () => ({ status: Status.None, stake: 0n, endsAt: 0n }));
  rounds: RoundModel[] = [];
  /** GRD the RoundManager must hold: bond balances, bonds in custody and undistributed pools. */
  roundManagerBalance = 0n;
  /** The submitter's bond balance. */
  bondBalance = 0n;

  get round(): RoundModel {
    return this.rounds[this.rounds.length - 1];
  }

  /** The contributions that share the pool: included by the selection and not revoked. */
  rewarded(round: RoundModel): bigint {
    return BigInt(round.attestations.filter((a) => a.included && a.status !== "revoked").length);
  }

  reduceStake(member: MemberModel, amount: bigint): void {
    member.stake -= amount;
    if (member.status === Status.Active && member.stake < MIN_STAKE) member.status = Status.PendingEviction;
    else if (member.status === Status.Unbonding && member.stake === 0n) member.status = Status.Exited;
  }
}

describe("Protocol invariants (fast-check, mock verifier)", () => {
  /** Members 0..STAKED-1 start staked; the others may stake during the sequence. */
  const STAKED = 3;
  const INITIAL_STAKE = GRD(200);
  const secret = (u: number) => BigInt(1_000 + u);

  async function withOpenRound() {
    const p = await deployProtocolWithMocks();
    for (let u = 0; u < STAKED; u++) await stakeMember(p, p.users[u], secret(u), INITIAL_STAKE);
    await p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { bond: BOND, rewardPool: POOL, window: WINDOW }));
    return p;
  }

  /** Which kinds of action succeeded at least once, across runs: the settling steps must reach them all. */
  const succeededKinds = new Set<Action["kind"]>();

  async function run(p: Protocol, actions: Action[]): Promise<void> {
    const model = new Model();
    for (let u = 0; u < STAKED; u++) Object.assign(model.members[u], { status: Status.Active, stake: INITIAL_STAKE });
    const opened = await p.rounds.getRound(1n);
    model.rounds.push({
      id: 1n,
      closesAt: opened.closesAt,
      finalizeBy: opened.finalizeBy,
      finalized: false,
      cancelled: false,
      challengeEndsAt: 0n,
      swept: false,
      attestations: [],
    });
    const users = p.users.slice(0, USERS);
    const holders = [p.admin, p.treasury, p.coordinator, p.pauser, ...p.users.slice(0, 12), p.registry, p.rounds];
    const submitter = p.coordinator;
    model.bondBalance = await p.rounds.bondBalanceOf(submitter);
    model.roundManagerBalance = POOL;
    for (const holder of holders) model.roundManagerBalance += await p.rounds.bondBalanceOf(holder);
    const supply = await p.token.totalSupply();

    for (const step of actions) {
      const now = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(now);
      const round = model.round;
      let allowed: boolean;
      let send: () => Promise<ContractTransactionResponse>;
      let apply: () => void = () => {};

      switch (step.kind) {
        case "stake": {
          const member = model.members[step.user];
          allowed = member.status === Status.None;
          send = () => p.registry.connect(users[step.user]).stake(step.amount, identityCommitment(secret(step.user)));
          apply = () => {
            Object.assign(member, { status: Status.Active, stake: step.amount });
            p.tree.insert(identityCommitment(secret(step.user)));
          };
          break;
        }
        case "topUp": {
          const member = model.members[step.user];
          allowed = member.status === Status.Active || member.status === Status.PendingEviction;
          send = () => p.registry.connect(users[step.user]).topUp(step.amount);
          apply = () => {
            member.stake += step.amount;
            if (member.status === Status.PendingEviction && member.stake >= MIN_STAKE) member.status = Status.Active;
          };
          break;
        }
        case "unstake":
        case "evict": {
          const member = model.members[step.user];
          const commitment = identityCommitment(secret(step.user));
          allowed =
            step.kind === "unstake"
              ? member.status === Status.Active || member.status === Status.PendingEviction
              : member.status === Status.PendingEviction;
          const siblings = allowed ? p.tree.siblings(commitment) : [];
          send = () =>
            step.kind === "unstake"
              ? p.registry.connect(users[step.user]).requestUnstake(siblings)
              : p.registry.evict(users[step.user], siblings);
          apply = () => {
            p.tree.remove(commitment);
            if (step.kind === "evict" && member.stake === 0n) member.status = Status.Exited;
            else Object.assign(member, { status: Status.Unbonding, endsAt: now + UNBONDING });
          };
          break;
        }
        case "slash": {
          const member = model.members[step.user];
          const cap = (member.stake * MAX_SLASH_BPS) / 10_000n;
          const amount = (cap * step.fractionBps) / 10_000n;
          const slashable = [Status.Active, Status.PendingEviction, Status.Unbonding].includes(member.status);
          allowed = slashable && amount > 0n && amount <= cap;
          send = () => p.registry.slash(users[step.user], amount, "fuzz", "");
          apply = () => {
            expect(amount).to.be.at.most(member.stake, "a slash never exceeds the stake");
            model.reduceStake(member, amount);
          };
          break;
        }
        case "withdraw": {
          const member = model.members[step.user];
          allowed = member.status === Status.Unbonding && now >= member.endsAt;
          send = () => p.registry.connect(users[step.user]).withdraw();
          apply = () => {
            expect(now).to.be.at.least(member.endsAt, "nothing is withdrawn before unbonding ends");
            Object.assign(member, { status: Status.Exited, stake: 0n });
          };
          break;
        }
        case "wait": {
          const deadlines = [
            ...model.rounds.flatMap((r) => [r.closesAt, r.finalizeBy, r.challengeEndsAt]),
            ...model.members.map((m) => (m.status === Status.Unbonding ? m.endsAt : 0n)),
          ].filter((d) => d >= now);
          const next = deadlines.length > 0 ? deadlines.reduce((a, b) => (a < b ? a : b)) : now + WINDOW;
          await time.increaseTo(step.seconds === NEXT_DEADLINE ? next : now + step.seconds);
          continue;
        }
        case "submit": {
          const used = round.attestations.some((a) => a.nullifier === step.nullifier);
          const open = !round.finalized && !round.cancelled && now < round.closesAt;
          const full = round.attestations.length >= AGGREGATION.k;
          allowed = open && !used && !full && p.tree.root !== 0n && model.bondBalance >= BOND;
          const signals = allowed ? await mockSignals(p, round.id, step.nullifier, users[step.recipient]) : undefined;
          send = () => p.rounds.connect(submitter).submit(round.id, MOCK_PROOF, signals!, SAMPLE_OPENING);
          if (!allowed && used && open && !full && p.tree.root !== 0n) {
            // A reused nullifier must be refused, whatever else the model thinks.
            const reused = await mockSignals(p, round.id, step.nullifier, users[step.recipient]);
            send = () => p.rounds.connect(submitter).submit(round.id, MOCK_PROOF, reused, SAMPLE_OPENING);
          }
          apply = () => {
            expect(used, "a nullifier is never reused in a round").to.equal(false);
            round.attestations.push({ nullifier: step.nullifier, status: "valid", included: false });
            // From the bond balance into custody: the RoundManager's holdings do not change.
            model.bondBalance -= BOND;
          };
          break;
        }
        case "bonds": {
          const deposit = step.amount >= 0n;
          const amount = deposit ? step.amount : -step.amount;
          allowed = amount > 0n && (deposit || amount <= model.bondBalance);
          send = () =>
            deposit ? p.rounds.connect(submitter).depositBonds(amount) : p.rounds.connect(submitter).withdrawBonds(amount);
          apply = () => {
            model.bondBalance += step.amount;
            model.roundManagerBalance += step.amount;
          };
          break;
        }
        case "finalize": {
          // The oldest round still open, so that older rounds progress too.
          const target = model.rounds.find((r) => !r.finalized && !r.cancelled) ?? round;
          const selected = target.attestations.map((a, i) =>
            step.mask === ALL_UNREVOKED ? a.status !== "revoked" : ((step.mask >> i) & 1) === 1,
          );
          const selectsRevoked = target.attestations.some((a, i) => selected[i] && a.status === "revoked");
          allowed =
            !target.finalized &&
            !target.cancelled &&
            now >= target.closesAt &&
            now < target.finalizeBy &&
            selected.some(Boolean) &&
            !selectsRevoked;
          const aggregation = await mockAggregation(
            p,
            target.id,
            selected.map((s) => (s ? 1n : 0n)),
          );
          send = () =>
            p.rounds.connect(p.coordinator).finalizeRound(target.id, aggregation, {
              weightsHash: ethers.ZeroHash,
              uri: "",
              accuracyBps: 0,
              metricsHash: ethers.ZeroHash,
            });
          apply = () => {
            Object.assign(target, { finalized: true, challengeEndsAt: now + CHALLENGE });
            target.attestations.forEach((a, i) => (a.included = selected[i]));
          };
          break;
        }
        case "cancel": {
          // Governance may cancel any open round; anyone else only once its finalization deadline passed.
          const target = model.rounds.find((r) => !r.finalized && !r.cancelled) ?? round;
          const open = !target.finalized && !target.cancelled;
          allowed = open && (step.byGovernance || now >= target.finalizeBy);
          const caller = step.byGovernance ? p.admin : p.users[USERS];
          send = () => p.rounds.connect(caller).cancelRound(target.id);
          apply = () => {
            Object.assign(target, { cancelled: true, swept: true });
            model.roundManagerBalance -= POOL;
          };
          break;
        }
        case "revoke":
        case "claim": {
          // Any round's attestation, so that claims follow submissions even after a new round opened.
          const all = model.rounds.flatMap((r) => r.attestations.map((a) => ({ r, a })));
          const { r: target, a: attestation } = all[step.pick % Math.max(all.length, 1)] ?? { r: round, a: undefined };
          const over = target.finalized && now >= target.challengeEndsAt;
          const claimable = over || target.cancelled;
          allowed = attestation?.status === "valid" && (step.kind === "revoke" ? !claimable : claimable);
          const uid = await p.rounds.attestationUid(target.id, attestation?.nullifier ?? 0n);
          send = () => (step.kind === "revoke" ? p.rounds.revokeContribution(uid, "fuzz") : p.rounds.claim(uid));
          apply = () => {
            if (step.kind === "revoke") {
              attestation!.status = "revoked";
              model.roundManagerBalance -= BOND;
            } else {
              attestation!.status = "claimed";
              const reward = !target.cancelled && attestation!.included ? POOL / model.rewarded(target) : 0n;
              model.roundManagerBalance -= BOND + reward;
            }
          };
          break;
        }
        case "sweep": {
          const target = model.rounds.find((r) => r.finalized && !r.swept) ?? round;
          allowed = target.finalized && now >= target.challengeEndsAt && !target.swept;
          send = () => p.rounds.sweepRemainder(target.id);
          apply = () => {
            const rewarded = model.rewarded(target);
            target.swept = true;
            model.roundManagerBalance -= rewarded === 0n ? POOL : POOL % rewarded;
          };
          break;
        }
        case "openRound": {
          allowed = true;
          send = () =>
            p.rounds
              .connect(p.coordinator)
              .openRound(roundConfig(p.baseVersion, { bond: BOND, rewardPool: POOL, window: WINDOW }));
          apply = () => {
            model.rounds.push({
              id: round.id + 1n,
              closesAt: now + WINDOW,
              finalizeBy: now + WINDOW + FINALIZATION,
              finalized: false,
              cancelled: false,
              challengeEndsAt: 0n,
              swept: false,
              attestations: [],
            });
            model.roundManagerBalance += POOL;
          };
          break;
        }
      }

      let succeeded: boolean;
      try {
        await (await send()).wait();
        succeeded = true;
      } catch {
        succeeded = false;
      }
      expect(succeeded, `${JSON.stringify(step, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`).to.equal(allowed);
      if (succeeded) {
        apply();
        succeededKinds.add(step.kind);
      }

      // Invariants, after every step.
      expect(await p.registry.currentRoot()).to.equal(p.tree.root, "the on-chain root is the TypeScript tree's root");
      let staked = 0n;
      for (let u = 0; u < USERS; u++) {
        const onChain = await p.registry.memberOf(users[u]);
        expect(onChain.stake).to.equal(model.members[u].stake);
        expect(Number(onChain.status)).to.equal(model.members[u].status);
        expect(await p.stakePosition.balanceOf(users[u])).to.equal(model.members[u].stake);
        staked += onChain.stake;
      }
      expect(await p.token.balanceOf(p.registry)).to.equal(staked, "the registry holds exactly the stakes");
      expect(await p.token.balanceOf(p.rounds)).to.equal(
        model.roundManagerBalance,
        "the round manager holds bond balances + bonds + pools",
      );
      expect(await p.rounds.bondBalanceOf(submitter)).to.equal(model.bondBalance, "the submitter's bond balance");
      let total = 0n;
      for (const holder of holders) total += await p.token.balanceOf(holder);
      expect(total).to.equal(supply, "holders + staked + bond balances + bonds + pools + treasury = supply");
      for (const r of model.rounds) {
        for (const a of r.attestations) expect(await p.rounds.isNullifierUsed(r.id, a.nullifier)).to.equal(true);
      }
    }
  }

  /**
   * After the random steps, every run settles: rounds are finalized, one more round is opened and left
   * unfinalized until anyone cancels it, contributions are claimed, pools swept and unbonded stakes
   * withdrawn, so each run also exercises the paths that need long waits.
   */
  const SETTLE: Action[] = [
    { kind: "wait", seconds: 2n * WINDOW },
    ...Array.from({ length: 3 }, (): Action => ({ kind: "finalize", mask: ALL_UNREVOKED })),
    { kind: "openRound" },
    { kind: "submit", nullifier: 1n, recipient: 0 },
    { kind: "wait", seconds: 8n * WINDOW },
    ...Array.from({ length: 3 }, (): Action => ({ kind: "cancel", byGovernance: false })),
    ...Array.from({ length: 8 }, (_, pick): Action => ({ kind: "claim", pick })),
    ...Array.from({ length: 2 }, (): Action => ({ kind: "sweep" })),
    ...Array.from({ length: USERS }, (_, u): Action => ({ kind: "withdraw", user: u })),
  ];

  it("hold over random sequences of protocol actions", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 15, maxLength: 15 }), async (actions) => {
        const p = await loadProtocol(withOpenRound);
        await run(p, [...actions, ...SETTLE]);
      }),
      { numRuns: 30, endOnFailure: true },
    );
    for (const kind of ["submit", "bonds", "finalize", "cancel", "claim", "sweep", "withdraw"] as const) {
      expect(succeededKinds.has(kind), `no ${kind} ever succeeded`).to.equal(true);
    }
  });
});
