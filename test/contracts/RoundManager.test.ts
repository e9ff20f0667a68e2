import { time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import {
  CIRCUIT,
  DAY,
  DEFAULT_LIMITS,
  FIXTURE_GOVERNANCE_LATENCY,
  GRD,
  MOCK_PROOF,
  BOND_DEPOSIT,
  SCALAR_FIELD,
  deployProtocolWithMocks,
  loadProtocol,
  AGGREGATION,
  mockAggregation,
  mockSignals,
  openRound,
  packSelection,
  roundConfig,
  signPermit,
  stakeMember,
  SAMPLE_OPENING,
  DEV_AGGREGATOR_KEY,
} from "../support/protocol";

const AttestationStatus = { None: 0n, Valid: 1n, Revoked: 2n, Claimed: 3n };
const CANDIDATE = { weightsHash: ethers.id("weights"), uri: "ipfs://weights", accuracyBps: 9_100, metricsHash: ethers.id("m") };

// Every proof here goes to a MockContributionVerifier: these tests are about the round logic. Proofs
// themselves are tested with real proofs in RoundManager.proofs.test.ts.
describe("RoundManager (round logic, mock verifier)", () => {
  async function withOpenRound() {
    const p = await deployProtocolWithMocks();
    const [alice, bob, carol, submitter] = p.users;
    await stakeMember(p, alice, 11n);
    await stakeMember(p, bob, 22n);
    const roundId = await openRound(p);
    return { ...p, alice, bob, carol, submitter, roundId };
  }

  type Fixture = Awaited<ReturnType<typeof withOpenRound>>;

  /** Submits with update commitment 1000 + nullifier, so that every contribution's commitment differs. */
  async function submit(p: Fixture, nullifier: bigint, recipient: string) {
    const signals = await mockSignals(p, p.roundId, nullifier, recipient, { updateCommitment: 1000n + nullifier });
    await p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING);
    return p.rounds.attestationUid(p.roundId, nullifier);
  }

  /** Closes the window and finalizes with `weights` (default: every contribution, weight 1). */
  async function finalize(p: Fixture, weights?: readonly bigint[]) {
    const round = await p.rounds.getRound(p.roundId);
    await time.increaseTo(round.closesAt);
    await p.rounds.connect(p.coordinator).finalizeRound(p.roundId, await mockAggregation(p, p.roundId, weights), CANDIDATE);
  }

  describe("deployment", () => {
    it("rejects a zero token, registry, model registry, admin or treasury", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const addresses = [p.token, p.registry, p.models, p.admin, p.treasury].map((contract) => ethers.resolveAddress(contract));
      const resolved = await Promise.all(addresses);
      for (let zeroed = 0; zeroed < resolved.length; zeroed++) {
        const args = resolved.map((address, index) => (index === zeroed ? ethers.ZeroAddress : address));
        await expect(
          ethers.deployContract("RoundManager", [...args, DEFAULT_LIMITS, FIXTURE_GOVERNANCE_LATENCY]),
        ).to.be.revertedWithCustomError(p.rounds, "GuardiansZeroAddress");
      }
    });

    it("rejects limits that are empty or inverted", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      await expect(
        ethers.deployContract("RoundManager", [
          p.token,
          p.registry,
          p.models,
          p.admin,
          p.treasury,
          { ...DEFAULT_LIMITS, maxContributions: 0 },
          FIXTURE_GOVERNANCE_LATENCY,
        ]),
      ).to.be.revertedWithCustomError(p.rounds, "RoundManagerInvalidLimits");
    });

    it("refuses a challenge period shorter than the governance latency it was deployed with, at deployment and later", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      expect(await p.rounds.minChallengePeriod()).to.equal(FIXTURE_GOVERNANCE_LATENCY);
      await expect(p.rounds.setLimits({ ...DEFAULT_LIMITS, challengePeriod: FIXTURE_GOVERNANCE_LATENCY - 1 }))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerChallengeBelowGovernanceLatency")
        .withArgs(FIXTURE_GOVERNANCE_LATENCY - 1, FIXTURE_GOVERNANCE_LATENCY);
      await expect(p.rounds.setLimits({ ...DEFAULT_LIMITS, challengePeriod: FIXTURE_GOVERNANCE_LATENCY })).to.emit(
        p.rounds,
        "LimitsUpdated",
      );
      await expect(
        ethers.deployContract("RoundManager", [p.token, p.registry, p.models, p.admin, p.treasury, DEFAULT_LIMITS, 4 * DAY]),
      ).to.be.revertedWithCustomError(p.rounds, "RoundManagerChallengeBelowGovernanceLatency");
    });

    it("rejects limits without a maximum round bound", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      await expect(p.rounds.setLimits({ ...DEFAULT_LIMITS, maxL2BoundSq: 0 })).to.be.revertedWithCustomError(
        p.rounds,
        "RoundManagerInvalidLimits",
      );
    });

    it("rejects limits without a finalization period", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      await expect(p.rounds.setLimits({ ...DEFAULT_LIMITS, finalizationPeriod: 0 })).to.be.revertedWithCustomError(
        p.rounds,
        "RoundManagerInvalidLimits",
      );
    });
  });

  describe("openRound", () => {
    it("stores the configuration, takes the reward pool from the coordinator and emits RoundOpened", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const tx = p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion));
      await expect(tx).to.emit(p.rounds, "RoundOpened");
      await expect(tx).to.changeTokenBalances(p.token, [p.coordinator, p.rounds], [-GRD(1_000), GRD(1_000)]);
      const round = await p.rounds.getRound(1n);
      expect(round.verifier).to.equal(await p.verifier.getAddress());
      expect(round.bond).to.equal(GRD(10));
      expect(round.baseModelVersion).to.equal(p.baseVersion);
      expect(round.closesAt).to.equal(BigInt(await time.latest()) + BigInt(DAY));
    });

    it("records the aggregation verifier of its shape and refuses more contributions than one aggregation proof covers", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const coordinator = p.rounds.connect(p.coordinator);
      await coordinator.openRound(roundConfig(p.baseVersion, { maxContributions: AGGREGATION.k }));
      const round = await p.rounds.getRound(1n);
      expect(round.aggregationVerifier).to.equal(await p.aggregationVerifier.getAddress());
      expect(round.headroom).to.equal(BigInt(AGGREGATION.headroom));
      await expect(coordinator.openRound(roundConfig(p.baseVersion, { maxContributions: AGGREGATION.k + 1 })))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundLargerThanAggregation")
        .withArgs(AGGREGATION.k + 1, AGGREGATION.k);
      await p.rounds.removeAggregationVerifier(CIRCUIT.n, CIRCUIT.bits);
      await expect(coordinator.openRound(roundConfig(p.baseVersion)))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerAggregationVerifierNotRegistered")
        .withArgs(CIRCUIT.n, CIRCUIT.bits);
    });

    it("is for the coordinator role only", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      await expect(p.rounds.connect(p.users[0]).openRound(roundConfig(p.baseVersion)))
        .to.be.revertedWithCustomError(p.rounds, "AccessControlUnauthorizedAccount")
        .withArgs(await p.users[0].getAddress(), await p.rounds.COORDINATOR_ROLE());
    });

    it("rejects a configuration outside the governance limits", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const outOfLimits = [
        { window: BigInt(DEFAULT_LIMITS.minWindow) - 1n },
        { window: BigInt(DEFAULT_LIMITS.maxWindow) + 1n },
        { bond: BigInt(DEFAULT_LIMITS.maxBond) + 1n },
        { rewardPool: BigInt(DEFAULT_LIMITS.maxRewardPool) + 1n },
        { maxContributions: 0 },
        { maxContributions: BigInt(DEFAULT_LIMITS.maxContributions) + 1n },
        { l2BoundSq: 0n },
        { fracBits: CIRCUIT.bits },
      ];
      for (const overrides of outOfLimits) {
        await expect(
          p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, overrides)),
        ).to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundConfigOutOfLimits");
      }
    });

    it("needs a registered verifier for (n, bits, depth) and a usable base model", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { n: 64 })))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerVerifierNotRegistered")
        .withArgs(64, CIRCUIT.bits, CIRCUIT.depth);
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(99n)))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerUnknownBaseModel")
        .withArgs(99n);
      await p.models.setStatus(p.baseVersion, 4); // Revoked
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion))).to.be.revertedWithCustomError(
        p.rounds,
        "RoundManagerUnknownBaseModel",
      );
    });

    it("refuses a bound above governance's maximum", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      await p.rounds.setLimits({ ...DEFAULT_LIMITS, maxL2BoundSq: 1_000_000n });
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { l2BoundSq: 1_000_001n })))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerBoundAboveLimit")
        .withArgs(1_000_001n, 1_000_000n);
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { l2BoundSq: 1_000_000n }))).to.emit(
        p.rounds,
        "RoundOpened",
      );
    });

    it("refuses a bound the circuit cannot prove against: at least 2^(bitLength(n) + 2·bits − 2)", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      // n = 32, bits = 16: the circuit range-checks the bound to 6 + 32 − 2 = 36 bits.
      await p.rounds.setLimits({ ...DEFAULT_LIMITS, maxL2BoundSq: 2n ** 90n });
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { l2BoundSq: 2n ** 36n })))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerBoundExceedsCircuit")
        .withArgs(2n ** 36n, 36n);
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { l2BoundSq: 2n ** 36n - 1n }))).to.emit(
        p.rounds,
        "RoundOpened",
      );
    });

    it("refuses a verifier too shallow for the current member tree", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const shallow = await ethers.deployContract("MockContributionVerifier");
      await p.rounds.addVerifier(CIRCUIT.n, CIRCUIT.bits, 1, shallow);
      for (const [i, user] of p.users.slice(0, 3).entries()) await stakeMember(p, user, BigInt(i + 1));
      expect(await p.registry.treeDepth()).to.equal(2n);
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { depth: 1 })))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerTreeTooDeep")
        .withArgs(2n, 1);
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion))).to.emit(p.rounds, "RoundOpened");
    });

    it("rejects a bond below the governance minimum", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      await p.rounds.setLimits({ ...DEFAULT_LIMITS, minBond: GRD(5) });
      await expect(
        p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { bond: GRD(5) - 1n })),
      ).to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundConfigOutOfLimits");
      await expect(p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { bond: GRD(5) }))).to.emit(
        p.rounds,
        "RoundOpened",
      );
    });

    it("opens a round without a reward pool and takes no tokens from the coordinator", async () => {
      const p = await loadProtocol(deployProtocolWithMocks);
      const tx = p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { rewardPool: 0 }));
      await expect(tx).to.emit(p.rounds, "RoundOpened");
      await expect(tx).to.changeTokenBalances(p.token, [p.coordinator, p.rounds], [0n, 0n]);
      expect((await p.rounds.getRound(1n)).rewardPool).to.equal(0n);
    });
  });

  describe("submit", () => {
    it("takes no tokens from the submitter when the round asks no bond", async () => {
      const p = await loadProtocol(withOpenRound);
      const roundId = await openRound(p, { bond: 0 });
      const signals = await mockSignals(p, roundId, 1n, p.carol.address);
      const tx = p.rounds.connect(p.submitter).submit(roundId, MOCK_PROOF, signals, SAMPLE_OPENING);
      await expect(tx).to.emit(p.rounds, "ContributionSubmitted");
      await expect(tx).to.changeTokenBalances(p.token, [p.submitter, p.rounds], [0n, 0n]);
      expect(await p.rounds.bondBalanceOf(p.submitter)).to.equal(BOND_DEPOSIT);
      expect((await p.rounds.getRound(roundId)).contributions).to.equal(1n);
    });

    it("records the attestation, takes the bond from the submitter's bond balance and emits the whole record", async () => {
      const p = await loadProtocol(withOpenRound);
      const signals = await mockSignals(p, p.roundId, 777n, p.carol.address, { updateCommitment: 4242n });
      const uid = await p.rounds.attestationUid(p.roundId, 777n);
      const tx = p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING);
      await expect(tx)
        .to.emit(p.rounds, "ContributionSubmitted")
        .withArgs(uid, p.roundId, p.carol.address, 777n, 4242n, p.submitter.address, 0n, SAMPLE_OPENING);
      // The bond moves inside the RoundManager, from the bond balance to the round: no token moves.
      await expect(tx).to.changeTokenBalances(p.token, [p.submitter, p.rounds], [0n, 0n]);
      expect(await p.rounds.bondBalanceOf(p.submitter)).to.equal(BOND_DEPOSIT - GRD(10));
      const attestation = await p.rounds.getAttestation(uid);
      expect(attestation.recipient).to.equal(p.carol.address);
      expect(attestation.roundId).to.equal(p.roundId);
      expect(attestation.index).to.equal(0n);
      expect(attestation.status).to.equal(AttestationStatus.Valid);
      expect(attestation.time).to.equal(await time.latest());
      expect(await p.rounds.isNullifierUsed(p.roundId, 777n)).to.equal(true);
      expect((await p.rounds.getRound(p.roundId)).contributions).to.equal(1n);
    });

    it("derives the uid from chain id, contract, round and nullifier", async () => {
      const p = await loadProtocol(withOpenRound);
      const { chainId } = await ethers.provider.getNetwork();
      const expected = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(
          ["uint256", "address", "uint256", "uint256"],
          [chainId, await p.rounds.getAddress(), p.roundId, 5n],
        ),
      );
      expect(await p.rounds.attestationUid(p.roundId, 5n)).to.equal(expected);
    });

    it("rejects a nullifier already used in the round", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      const again = await mockSignals(p, p.roundId, 1n, p.bob.address, { updateCommitment: 99n });
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, again, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerNullifierAlreadyUsed")
        .withArgs(p.roundId, 1n);
    });

    it("rejects each public signal that is not below p", async () => {
      const p = await loadProtocol(withOpenRound);
      const signals = await mockSignals(p, p.roundId, 1n, p.carol.address);
      for (let index = 0; index < 6; index++) {
        const tampered = [...signals] as typeof signals;
        tampered[index] = SCALAR_FIELD + tampered[index];
        await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, tampered, SAMPLE_OPENING))
          .to.be.revertedWithCustomError(p.rounds, "RoundManagerSignalNotInField")
          .withArgs(index);
      }
    });

    it("rejects another round's scope and another L2 bound", async () => {
      const p = await loadProtocol(withOpenRound);
      const otherScope = await p.rounds.roundScope(p.roundId + 1n);
      const scoped = await mockSignals(p, p.roundId, 1n, p.carol.address, { roundScope: otherScope });
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, scoped, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongRoundScope")
        .withArgs(await p.rounds.roundScope(p.roundId), otherScope);
      const bounded = await mockSignals(p, p.roundId, 1n, p.carol.address, { l2BoundSq: 5n });
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, bounded, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongL2Bound")
        .withArgs(1_000_000n, 5n);
    });

    it("rejects a recipient that is zero or wider than an address", async () => {
      const p = await loadProtocol(withOpenRound);
      const signals = await mockSignals(p, p.roundId, 1n, p.carol.address);
      for (const recipient of [0n, 1n << 160n]) {
        const tampered = [...signals] as typeof signals;
        tampered[5] = recipient;
        await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, tampered, SAMPLE_OPENING))
          .to.be.revertedWithCustomError(p.rounds, "RoundManagerInvalidRecipient")
          .withArgs(recipient);
      }
    });

    it("rejects an unknown root with the registry's error", async () => {
      const p = await loadProtocol(withOpenRound);
      const signals = await mockSignals(p, p.roundId, 1n, p.carol.address, { root: 42n });
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.registry, "ParticipantRegistryUnknownRoot")
        .withArgs(42n);
    });

    it("rejects a proof the verifier rejects", async () => {
      const p = await loadProtocol(withOpenRound);
      await (await ethers.getContractAt("MockContributionVerifier", p.verifier)).setAccepts(false);
      const signals = await mockSignals(p, p.roundId, 1n, p.carol.address);
      await expect(
        p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING),
      ).to.be.revertedWithCustomError(p.rounds, "RoundManagerInvalidProof");
    });

    it("rejects submissions to an unknown round, after the window, and beyond the maximum", async () => {
      const p = await loadProtocol(withOpenRound);
      const signals = await mockSignals(p, p.roundId, 1n, p.carol.address);
      await expect(p.rounds.connect(p.submitter).submit(99n, MOCK_PROOF, signals, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotOpen")
        .withArgs(99n);
      const small = await openRound(p, { maxContributions: 1 });
      await p.rounds
        .connect(p.submitter)
        .submit(small, MOCK_PROOF, await mockSignals(p, small, 1n, p.carol.address), SAMPLE_OPENING);
      await expect(
        p.rounds.connect(p.submitter).submit(small, MOCK_PROOF, await mockSignals(p, small, 2n, p.carol.address), SAMPLE_OPENING),
      )
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundFull")
        .withArgs(small);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).closesAt);
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotOpen")
        .withArgs(p.roundId);
    });

    it("is stopped by the pauser and resumed only by the admin", async () => {
      const p = await loadProtocol(withOpenRound);
      await p.rounds.connect(p.pauser).pause();
      const signals = await mockSignals(p, p.roundId, 1n, p.carol.address);
      await expect(
        p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING),
      ).to.be.revertedWithCustomError(p.rounds, "EnforcedPause");
      await expect(p.rounds.connect(p.pauser).unpause()).to.be.revertedWithCustomError(
        p.rounds,
        "AccessControlUnauthorizedAccount",
      );
      await p.rounds.unpause();
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING)).to.emit(
        p.rounds,
        "ContributionSubmitted",
      );
    });
  });

  describe("encrypted openings", () => {
    it("refuses to open a round without the aggregator's key", async () => {
      const p = await loadProtocol(withOpenRound);
      await expect(
        p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { aggregatorKey: ethers.ZeroHash })),
      ).to.be.revertedWithCustomError(p.rounds, "RoundManagerMissingAggregatorKey");
      expect((await p.rounds.getRound(p.roundId)).aggregatorKey).to.equal(DEV_AGGREGATOR_KEY.publicKey);
    });

    it("refuses a round whose longest opening would not fit the 16 bits it is stored in", async () => {
      const p = await loadProtocol(withOpenRound);
      const huge = await ethers.deployContract("MockContributionVerifier");
      // 128 + 65,535 values of one byte = 65,663 > 2^16 − 1.
      await p.rounds.addVerifier(65_535, 8, CIRCUIT.depth, huge);
      await expect(
        p.rounds.connect(p.coordinator).openRound(roundConfig(p.baseVersion, { n: 65_535, bits: 8, fracBits: 4, l2BoundSq: 1n })),
      ).to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundConfigOutOfLimits");
    });

    it("emits the submission's ciphertext in ContributionSubmitted, the event that creates the attestation", async () => {
      const p = await loadProtocol(withOpenRound);
      const signals = await mockSignals(p, p.roundId, 5n, p.carol.address);
      const uid = await p.rounds.attestationUid(p.roundId, 5n);
      const ciphertext = ethers.hexlify(ethers.randomBytes(146));
      const submitted = p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, ciphertext);
      await expect(submitted)
        .to.emit(p.rounds, "ContributionSubmitted")
        .withArgs(uid, p.roundId, p.carol.address, 5n, signals[2], p.submitter.address, 0n, ciphertext);
      await expect(submitted).to.not.emit(p.rounds, "OpeningDelivered");
    });

    it("refuses an empty opening and one longer than the round's format, naming both lengths", async () => {
      const p = await loadProtocol(withOpenRound);
      const longest = await p.rounds.maxOpeningLength(p.roundId);
      // 128 bytes of envelope, then N = 32 values of 16 bits.
      expect(longest).to.equal(128n + 32n * 2n);
      const signals = await mockSignals(p, p.roundId, 5n, p.carol.address);
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, "0x"))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerOpeningLengthInvalid")
        .withArgs(0n, longest);
      const tooLong = ethers.hexlify(ethers.randomBytes(Number(longest) + 1));
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, tooLong))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerOpeningLengthInvalid")
        .withArgs(longest + 1n, longest);
      await expect(
        p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, ethers.hexlify(ethers.randomBytes(Number(longest)))),
      ).to.emit(p.rounds, "ContributionSubmitted");
    });

    it("lets only the recipient deliver an opening again, while the round is open", async () => {
      const p = await loadProtocol(withOpenRound);
      const uid = await submit(p, 1n, p.carol.address);
      const again = ethers.hexlify(ethers.randomBytes(146));
      await expect(p.rounds.connect(p.submitter).deliverOpening(uid, again))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerNotRecipient")
        .withArgs(uid, p.submitter.address);
      await expect(p.rounds.connect(p.carol).deliverOpening(uid, "0x"))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerOpeningLengthInvalid")
        .withArgs(0n, await p.rounds.maxOpeningLength(p.roundId));
      await expect(p.rounds.connect(p.carol).deliverOpening(uid, again))
        .to.emit(p.rounds, "OpeningDelivered")
        .withArgs(uid, p.roundId, again);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).closesAt);
      await expect(p.rounds.connect(p.carol).deliverOpening(uid, again))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotOpen")
        .withArgs(p.roundId);
    });

    it("refuses a delivery for an unknown contribution and while paused", async () => {
      const p = await loadProtocol(withOpenRound);
      const unknown = ethers.id("no such attestation");
      await expect(p.rounds.connect(p.carol).deliverOpening(unknown, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongAttestationStatus")
        .withArgs(unknown, AttestationStatus.None);
      const uid = await submit(p, 1n, p.carol.address);
      await p.rounds.connect(p.pauser).pause();
      await expect(p.rounds.connect(p.carol).deliverOpening(uid, SAMPLE_OPENING)).to.be.revertedWithCustomError(
        p.rounds,
        "EnforcedPause",
      );
    });
  });

  describe("bond balance", () => {
    it("credits a deposit to the caller, pulls the tokens and emits BondsDeposited with the new balance", async () => {
      const p = await loadProtocol(withOpenRound);
      const tx = p.rounds.connect(p.alice).depositBonds(GRD(30));
      await expect(tx)
        .to.emit(p.rounds, "BondsDeposited")
        .withArgs(p.alice.address, GRD(30), BOND_DEPOSIT + GRD(30));
      await expect(tx).to.changeTokenBalances(p.token, [p.alice, p.rounds], [-GRD(30), GRD(30)]);
      expect(await p.rounds.bondBalanceOf(p.alice)).to.equal(BOND_DEPOSIT + GRD(30));
    });

    it("rejects a deposit or a withdrawal of zero with GuardiansZeroAmount", async () => {
      const p = await loadProtocol(withOpenRound);
      await expect(p.rounds.connect(p.alice).depositBonds(0)).to.be.revertedWithCustomError(p.rounds, "GuardiansZeroAmount");
      await expect(p.rounds.connect(p.alice).withdrawBonds(0)).to.be.revertedWithCustomError(p.rounds, "GuardiansZeroAmount");
    });

    it("deposits from a fresh wallet with a permit, in one transaction", async () => {
      const p = await loadProtocol(withOpenRound);
      const fresh = p.users[12];
      await p.token.connect(p.treasury).transfer(fresh, GRD(20));
      const deadline = (await time.latest()) + DAY;
      const { v, r, s } = await signPermit(p.token, fresh, p.rounds, GRD(20), deadline);
      await expect(p.rounds.connect(fresh).depositBondsWithPermit(GRD(20), deadline, v, r, s))
        .to.emit(p.rounds, "BondsDeposited")
        .withArgs(fresh.address, GRD(20), GRD(20));
      expect(await p.token.balanceOf(fresh)).to.equal(0n);
    });

    it("skips the permit when the allowance already covers the deposit, so a front-run permit cannot block it", async () => {
      const p = await loadProtocol(withOpenRound);
      const unusable = { v: 27, r: ethers.ZeroHash, s: ethers.ZeroHash };
      const deadline = (await time.latest()) + DAY;
      await expect(
        p.rounds.connect(p.alice).depositBondsWithPermit(GRD(5), deadline, unusable.v, unusable.r, unusable.s),
      ).to.emit(p.rounds, "BondsDeposited");
    });

    it("withdraws part of the balance, even while submissions are paused", async () => {
      const p = await loadProtocol(withOpenRound);
      await p.rounds.connect(p.pauser).pause();
      const tx = p.rounds.connect(p.alice).withdrawBonds(GRD(40));
      await expect(tx)
        .to.emit(p.rounds, "BondsWithdrawn")
        .withArgs(p.alice.address, GRD(40), BOND_DEPOSIT - GRD(40));
      await expect(tx).to.changeTokenBalances(p.token, [p.alice, p.rounds], [GRD(40), -GRD(40)]);
    });

    it("rejects withdrawing more than the balance with RoundManagerInsufficientBondBalance", async () => {
      const p = await loadProtocol(withOpenRound);
      await expect(p.rounds.connect(p.alice).withdrawBonds(BOND_DEPOSIT + 1n))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerInsufficientBondBalance")
        .withArgs(BOND_DEPOSIT + 1n, BOND_DEPOSIT);
    });

    it("rejects a submission whose submitter's balance is below the bond, and changes nothing", async () => {
      const p = await loadProtocol(withOpenRound);
      await p.rounds.connect(p.submitter).withdrawBonds(BOND_DEPOSIT - GRD(10) + 1n);
      const signals = await mockSignals(p, p.roundId, 1n, p.carol.address);
      await expect(p.rounds.connect(p.submitter).submit(p.roundId, MOCK_PROOF, signals, SAMPLE_OPENING))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerInsufficientBondBalance")
        .withArgs(GRD(10), GRD(10) - 1n);
      expect(await p.rounds.isNullifierUsed(p.roundId, 1n)).to.equal(false);
      expect(await p.rounds.bondBalanceOf(p.submitter)).to.equal(GRD(10) - 1n);
    });

    it("lets a balance of exactly one bond pay it, leaving zero", async () => {
      const p = await loadProtocol(withOpenRound);
      await p.rounds.connect(p.submitter).withdrawBonds(BOND_DEPOSIT - GRD(10));
      await submit(p, 1n, p.carol.address);
      expect(await p.rounds.bondBalanceOf(p.submitter)).to.equal(0n);
    });
  });

  describe("finalizeRound", () => {
    async function closed(p: Fixture) {
      await time.increaseTo((await p.rounds.getRound(p.roundId)).closesAt);
      return p.rounds.connect(p.coordinator);
    }

    it("records the proven selection, registers the candidate with the aggregate commitment and starts the challenge period", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      await submit(p, 2n, p.bob.address);
      const coordinator = await closed(p);
      const aggregation = await mockAggregation(p, p.roundId, [3n, 0n]);
      const tx = coordinator.finalizeRound(p.roundId, aggregation, CANDIDATE);
      await expect(tx)
        .to.emit(p.rounds, "RoundFinalized")
        .withArgs(p.roundId, 2n, 777n, 3n, 1n, BigInt(await time.latest()) + 1n + BigInt(DEFAULT_LIMITS.challengePeriod));
      const candidate = await p.models.candidate(2n);
      expect(candidate.parentId).to.equal(p.baseVersion);
      expect(candidate.roundId).to.equal(p.roundId);
      expect(candidate.aggregateCommitment).to.equal(ethers.toBeHex(777n, 32));
      expect(candidate.uri).to.equal(CANDIDATE.uri);
      const round = await p.rounds.getRound(p.roundId);
      expect(round.candidateVersion).to.equal(2n);
      expect(round.selection).to.equal(3n);
      expect(round.rewarded).to.equal(1n);
      expect(await p.rounds.selectionWeight(await p.rounds.attestationUid(p.roundId, 1n))).to.equal(3n);
      expect(await p.rounds.selectionWeight(await p.rounds.attestationUid(p.roundId, 2n))).to.equal(0n);
    });

    it("keeps the round's commitments as a keccak chain from a seed naming the chain, the contract and the round", async () => {
      const p = await loadProtocol(withOpenRound);
      const { chainId } = await ethers.provider.getNetwork();
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const seed = ethers.keccak256(
        coder.encode(["uint256", "address", "uint256"], [chainId, await p.rounds.getAddress(), p.roundId]),
      );
      expect(await p.rounds.commitmentsDigestSeed(p.roundId)).to.equal(seed);
      expect((await p.rounds.getRound(p.roundId)).commitmentsDigest).to.equal(seed);
      await submit(p, 1n, p.carol.address);
      await submit(p, 2n, p.bob.address);
      const chained = [1001n, 1002n].reduce(
        (digest, c) => ethers.keccak256(coder.encode(["bytes32", "uint256"], [digest, c])),
        seed,
      );
      expect((await p.rounds.getRound(p.roundId)).commitmentsDigest).to.equal(chained);
      const uid = await p.rounds.attestationUid(p.roundId, 2n);
      expect((await p.rounds.getAttestation(uid)).index).to.equal(1n);
    });

    it("refuses a commitment set that differs from the round's by one, a reordered set, and one of another size", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      await submit(p, 2n, p.bob.address);
      await submit(p, 3n, p.alice.address);
      const coordinator = await closed(p);
      const honest = await mockAggregation(p, p.roundId);
      const commitments = honest.commitments as bigint[];
      const changedByOne = [commitments[0], commitments[1] + 1n, commitments[2]];
      const reordered = [commitments[1], commitments[0], commitments[2]];
      for (const forged of [changedByOne, reordered]) {
        await expect(coordinator.finalizeRound(p.roundId, { ...honest, commitments: forged }, CANDIDATE))
          .to.be.revertedWithCustomError(p.rounds, "RoundManagerCommitmentsMismatch")
          .withArgs(p.roundId);
      }
      await expect(coordinator.finalizeRound(p.roundId, { ...honest, commitments: commitments.slice(0, 2) }, CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerCommitmentCountMismatch")
        .withArgs(3n, 2n);
      await expect(coordinator.finalizeRound(p.roundId, { ...honest, commitments: [...commitments, 5n] }, CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerCommitmentCountMismatch")
        .withArgs(3n, 4n);
    });

    it("refuses a selection that weights a slot past the round's contributions (an unknown contribution)", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      await submit(p, 2n, p.bob.address);
      const coordinator = await closed(p);
      const honest = await mockAggregation(p, p.roundId);
      for (const [weights, index] of [
        [[1n, 1n, 1n], 2n],
        [[1n, 0n, 0n, 0n, 0n, 0n, 0n, 2n], 7n],
      ] as const) {
        await expect(coordinator.finalizeRound(p.roundId, { ...honest, selection: packSelection(weights) }, CANDIDATE))
          .to.be.revertedWithCustomError(p.rounds, "RoundManagerUnknownContributionSelected")
          .withArgs(index);
      }
      // A stray bit in the top, partial slot of the word is an unknown contribution too.
      await expect(coordinator.finalizeRound(p.roundId, { ...honest, selection: (1n << 255n) | 1n }, CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerUnknownContributionSelected")
        .withArgs(BigInt(Math.floor(255 / AGGREGATION.headroom)));
    });

    it("refuses a selection that includes a contribution governance revoked, and accepts it left out", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      const revoked = await submit(p, 2n, p.bob.address);
      await p.rounds.revokeContribution(revoked, "poisoning verdict");
      const coordinator = await closed(p);
      await expect(coordinator.finalizeRound(p.roundId, await mockAggregation(p, p.roundId, [1n, 1n]), CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRevokedContributionSelected")
        .withArgs(1n);
      await expect(coordinator.finalizeRound(p.roundId, await mockAggregation(p, p.roundId, [1n, 0n]), CANDIDATE)).to.emit(
        p.rounds,
        "RoundFinalized",
      );
    });

    it("refuses weights whose total passes the headroom, and an empty selection", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      await submit(p, 2n, p.bob.address);
      const coordinator = await closed(p);
      const max = (1n << BigInt(AGGREGATION.headroom)) - 1n;
      await expect(coordinator.finalizeRound(p.roundId, await mockAggregation(p, p.roundId, [max, 1n]), CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerAggregationWeightsOverBound")
        .withArgs(max + 1n, max);
      await expect(coordinator.finalizeRound(p.roundId, await mockAggregation(p, p.roundId, [0n, 0n]), CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerEmptySelection")
        .withArgs(p.roundId);
      await expect(coordinator.finalizeRound(p.roundId, await mockAggregation(p, p.roundId, [max - 1n, 1n]), CANDIDATE)).to.emit(
        p.rounds,
        "RoundFinalized",
      );
    });

    it("refuses an aggregation proof the verifier rejects", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      const coordinator = await closed(p);
      const verifier = await ethers.getContractAt("MockAggregationVerifier", p.aggregationVerifier);
      await verifier.setAccepts(false);
      await expect(
        coordinator.finalizeRound(p.roundId, await mockAggregation(p, p.roundId), CANDIDATE),
      ).to.be.revertedWithCustomError(p.rounds, "RoundManagerInvalidAggregationProof");
    });

    it("is refused once the finalization deadline has passed: the round can then only be cancelled", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      const round = await p.rounds.getRound(p.roundId);
      expect(round.finalizeBy).to.equal(round.closesAt + BigInt(DEFAULT_LIMITS.finalizationPeriod));
      await time.increaseTo(round.finalizeBy);
      await expect(p.rounds.connect(p.coordinator).finalizeRound(p.roundId, await mockAggregation(p, p.roundId), CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotFinalizable")
        .withArgs(p.roundId);
    });

    it("waits for the window to close, happens once, and is for the coordinator only", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      const aggregation = await mockAggregation(p, p.roundId);
      const coordinator = p.rounds.connect(p.coordinator);
      await expect(coordinator.finalizeRound(p.roundId, aggregation, CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotFinalizable")
        .withArgs(p.roundId);
      await finalize(p);
      await expect(coordinator.finalizeRound(p.roundId, aggregation, CANDIDATE)).to.be.revertedWithCustomError(
        p.rounds,
        "RoundManagerRoundNotFinalizable",
      );
      await expect(p.rounds.connect(p.carol).finalizeRound(p.roundId, aggregation, CANDIDATE)).to.be.revertedWithCustomError(
        p.rounds,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("cannot finalize a round no contribution came to: it is cancelled after its deadline", async () => {
      const p = await loadProtocol(withOpenRound);
      const coordinator = await closed(p);
      await expect(coordinator.finalizeRound(p.roundId, await mockAggregation(p, p.roundId), CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerEmptySelection")
        .withArgs(p.roundId);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).finalizeBy);
      await expect(p.rounds.connect(p.bob).cancelRound(p.roundId)).to.changeTokenBalance(p.token, p.treasury, GRD(1_000));
    });
  });

  describe("revokeContribution, claim and sweepRemainder", () => {
    it("pays each unrevoked contribution its bond plus an equal share of the pool, once", async () => {
      const p = await loadProtocol(withOpenRound);
      const first = await submit(p, 1n, p.carol.address);
      await submit(p, 2n, p.bob.address);
      await submit(p, 3n, p.alice.address);
      await finalize(p);
      await expect(p.rounds.claim(first))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerChallengePeriodNotOver")
        .withArgs(p.roundId);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).challengeEndsAt);
      const share = GRD(1_000) / 3n;
      expect(await p.rounds.rewardShare(p.roundId)).to.equal(share);
      const tx = p.rounds.connect(p.alice).claim(first);
      await expect(tx).to.emit(p.rounds, "Claimed").withArgs(first, p.carol.address, GRD(10), share);
      await expect(tx).to.changeTokenBalances(p.token, [p.carol, p.rounds], [GRD(10) + share, -(GRD(10) + share)]);
      await expect(p.rounds.claim(first))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongAttestationStatus")
        .withArgs(first, AttestationStatus.Claimed);
      await expect(p.rounds.sweepRemainder(p.roundId)).to.changeTokenBalance(p.token, p.treasury, GRD(1_000) % 3n);
      await expect(p.rounds.sweepRemainder(p.roundId))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRemainderAlreadySwept")
        .withArgs(p.roundId);
    });

    it("lets governance revoke during the challenge period: the bond goes to the treasury and the pool to the others", async () => {
      const p = await loadProtocol(withOpenRound);
      const poisoned = await submit(p, 1n, p.carol.address);
      const honest = await submit(p, 2n, p.bob.address);
      await finalize(p);
      const tx = p.rounds.revokeContribution(poisoned, "poisoning verdict");
      await expect(tx).to.emit(p.rounds, "ContributionRevoked").withArgs(poisoned, p.roundId, "poisoning verdict");
      await expect(tx).to.changeTokenBalance(p.token, p.treasury, GRD(10));
      expect((await p.rounds.getAttestation(poisoned)).status).to.equal(AttestationStatus.Revoked);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).challengeEndsAt);
      await expect(p.rounds.claim(poisoned))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongAttestationStatus")
        .withArgs(poisoned, AttestationStatus.Revoked);
      await expect(p.rounds.claim(honest)).to.changeTokenBalance(p.token, p.bob, GRD(10) + GRD(1_000));
    });

    it("refuses revocation after the challenge period, twice, or by anyone but the admin", async () => {
      const p = await loadProtocol(withOpenRound);
      const uid = await submit(p, 1n, p.carol.address);
      await expect(p.rounds.connect(p.coordinator).revokeContribution(uid, "")).to.be.revertedWithCustomError(
        p.rounds,
        "AccessControlUnauthorizedAccount",
      );
      await expect(p.rounds.revokeContribution(ethers.ZeroHash, ""))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongAttestationStatus")
        .withArgs(ethers.ZeroHash, AttestationStatus.None);
      await finalize(p);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).challengeEndsAt);
      await expect(p.rounds.revokeContribution(uid, ""))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerChallengePeriodOver")
        .withArgs(p.roundId);
    });

    it("pays a contribution the selection left out its bond without reward, and shares the pool among the included", async () => {
      const p = await loadProtocol(withOpenRound);
      const included = await submit(p, 1n, p.carol.address);
      const leftOut = await submit(p, 2n, p.bob.address);
      const alsoIncluded = await submit(p, 3n, p.alice.address);
      await finalize(p, [1n, 0n, 2n]);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).challengeEndsAt);
      const share = GRD(1_000) / 2n;
      expect(await p.rounds.rewardShare(p.roundId)).to.equal(share);
      await expect(p.rounds.claim(leftOut)).to.emit(p.rounds, "Claimed").withArgs(leftOut, p.bob.address, GRD(10), 0n);
      await expect(p.rounds.claim(included)).to.changeTokenBalance(p.token, p.carol, GRD(10) + share);
      await expect(p.rounds.claim(alsoIncluded)).to.changeTokenBalance(p.token, p.alice, GRD(10) + share);
      await expect(p.rounds.sweepRemainder(p.roundId)).to.changeTokenBalance(p.token, p.treasury, 0n);
    });

    it("sweeps the whole pool when governance revoked every included contribution after finalization", async () => {
      const p = await loadProtocol(withOpenRound);
      const included = await submit(p, 1n, p.carol.address);
      const leftOut = await submit(p, 2n, p.bob.address);
      await finalize(p, [1n, 0n]);
      await p.rounds.revokeContribution(included, "poisoning verdict");
      expect((await p.rounds.getRound(p.roundId)).rewarded).to.equal(0n);
      await expect(p.rounds.sweepRemainder(p.roundId))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerChallengePeriodNotOver")
        .withArgs(p.roundId);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).challengeEndsAt);
      await expect(p.rounds.claim(leftOut)).to.changeTokenBalance(p.token, p.bob, GRD(10));
      await expect(p.rounds.sweepRemainder(p.roundId)).to.changeTokenBalance(p.token, p.treasury, GRD(1_000));
    });

    it("revoking a left-out contribution after finalization leaves the included ones' shares unchanged", async () => {
      const p = await loadProtocol(withOpenRound);
      const included = await submit(p, 1n, p.carol.address);
      const leftOut = await submit(p, 2n, p.bob.address);
      await finalize(p, [1n, 0n]);
      await p.rounds.revokeContribution(leftOut, "garbage");
      expect((await p.rounds.getRound(p.roundId)).rewarded).to.equal(1n);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).challengeEndsAt);
      await expect(p.rounds.claim(included)).to.changeTokenBalance(p.token, p.carol, GRD(10) + GRD(1_000));
    });

    it("revokes a contribution of a bond-free round without moving tokens", async () => {
      const p = await loadProtocol(withOpenRound);
      const roundId = await openRound(p, { bond: 0 });
      await p.rounds
        .connect(p.submitter)
        .submit(roundId, MOCK_PROOF, await mockSignals(p, roundId, 1n, p.carol.address), SAMPLE_OPENING);
      const uid = await p.rounds.attestationUid(roundId, 1n);
      const tx = p.rounds.revokeContribution(uid, "poisoning verdict");
      await expect(tx).to.emit(p.rounds, "ContributionRevoked").withArgs(uid, roundId, "poisoning verdict");
      await expect(tx).to.changeTokenBalances(p.token, [p.treasury, p.rounds], [0n, 0n]);
      expect((await p.rounds.getAttestation(uid)).status).to.equal(AttestationStatus.Revoked);
    });

    it("reports no reward share before finalization or when every contribution was revoked", async () => {
      const p = await loadProtocol(withOpenRound);
      const uid = await submit(p, 1n, p.carol.address);
      expect(await p.rounds.rewardShare(p.roundId)).to.equal(0n);
      await finalize(p);
      expect(await p.rounds.rewardShare(p.roundId)).to.equal(GRD(1_000));
      await p.rounds.revokeContribution(uid, "poisoning verdict");
      expect(await p.rounds.rewardShare(p.roundId)).to.equal(0n);
    });

    it("sweeps nothing when the pool divides evenly among the valid contributions, but only once", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      await submit(p, 2n, p.bob.address);
      await finalize(p);
      await time.increaseTo((await p.rounds.getRound(p.roundId)).challengeEndsAt);
      const tx = p.rounds.sweepRemainder(p.roundId);
      await expect(tx).to.emit(p.rounds, "RemainderSwept").withArgs(p.roundId, 0n);
      await expect(tx).to.changeTokenBalances(p.token, [p.treasury, p.rounds], [0n, 0n]);
      await expect(p.rounds.sweepRemainder(p.roundId))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRemainderAlreadySwept")
        .withArgs(p.roundId);
    });
  });

  describe("cancelRound", () => {
    const Cancelled = 3n;

    it("lets anyone cancel a round its coordinator left unfinalized past the deadline, returning the pool", async () => {
      const p = await loadProtocol(withOpenRound);
      await submit(p, 1n, p.carol.address);
      const { finalizeBy } = await p.rounds.getRound(p.roundId);
      await time.increaseTo(finalizeBy);
      const tx = p.rounds.connect(p.bob).cancelRound(p.roundId);
      await expect(tx).to.emit(p.rounds, "RoundCancelled").withArgs(p.roundId, p.bob.address, GRD(1_000));
      await expect(tx).to.changeTokenBalances(p.token, [p.treasury, p.rounds], [GRD(1_000), -GRD(1_000)]);
      const round = await p.rounds.getRound(p.roundId);
      expect(round.status).to.equal(Cancelled);
      expect(round.remainderSwept).to.equal(true);
    });

    it("refunds each contribution's bond at once, without reward, and only once", async () => {
      const p = await loadProtocol(withOpenRound);
      const uid = await submit(p, 1n, p.carol.address);
      await p.rounds.cancelRound(p.roundId);
      const tx = p.rounds.connect(p.bob).claim(uid);
      await expect(tx).to.emit(p.rounds, "Claimed").withArgs(uid, p.carol.address, GRD(10), 0n);
      await expect(tx).to.changeTokenBalances(p.token, [p.carol, p.rounds], [GRD(10), -GRD(10)]);
      await expect(p.rounds.claim(uid))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerWrongAttestationStatus")
        .withArgs(uid, AttestationStatus.Claimed);
      expect(await p.rounds.rewardShare(p.roundId)).to.equal(0n);
    });

    it("lets governance cancel an open round at any time, which stops submissions", async () => {
      const p = await loadProtocol(withOpenRound);
      await expect(p.rounds.cancelRound(p.roundId))
        .to.emit(p.rounds, "RoundCancelled")
        .withArgs(p.roundId, p.admin.address, GRD(1_000));
      await expect(
        p.rounds
          .connect(p.submitter)
          .submit(p.roundId, MOCK_PROOF, await mockSignals(p, p.roundId, 1n, p.carol.address), SAMPLE_OPENING),
      )
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotOpen")
        .withArgs(p.roundId);
      await expect(p.rounds.connect(p.coordinator).finalizeRound(p.roundId, await mockAggregation(p, p.roundId), CANDIDATE))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotFinalizable")
        .withArgs(p.roundId);
    });

    it("refuses anyone else before the deadline, even after the window, and the coordinator too", async () => {
      const p = await loadProtocol(withOpenRound);
      const { closesAt, finalizeBy } = await p.rounds.getRound(p.roundId);
      await time.increaseTo(closesAt);
      for (const caller of [p.bob, p.coordinator]) {
        await expect(p.rounds.connect(caller).cancelRound(p.roundId))
          .to.be.revertedWithCustomError(p.rounds, "RoundManagerFinalizationDeadlineNotPassed")
          .withArgs(p.roundId, finalizeBy);
      }
    });

    it("refuses a round that does not exist, is finalized or is already cancelled", async () => {
      const p = await loadProtocol(withOpenRound);
      await expect(p.rounds.cancelRound(99n))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotCancellable")
        .withArgs(99n);
      const other = await openRound(p);
      await submit(p, 1n, p.carol.address);
      await finalize(p);
      // Past both deadlines: `other` opened after round 1, so its deadline is the later one.
      await time.increaseTo((await p.rounds.getRound(other)).finalizeBy);
      await expect(p.rounds.connect(p.bob).cancelRound(p.roundId))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotCancellable")
        .withArgs(p.roundId);
      await p.rounds.connect(p.bob).cancelRound(other);
      await expect(p.rounds.connect(p.bob).cancelRound(other))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundNotCancellable")
        .withArgs(other);
    });

    it("ends revocation and leaves nothing to sweep", async () => {
      const p = await loadProtocol(withOpenRound);
      const uid = await submit(p, 1n, p.carol.address);
      await p.rounds.cancelRound(p.roundId);
      await expect(p.rounds.revokeContribution(uid, "poisoning verdict"))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRoundWasCancelled")
        .withArgs(p.roundId);
      await expect(p.rounds.sweepRemainder(p.roundId))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerRemainderAlreadySwept")
        .withArgs(p.roundId);
    });

    it("moves no tokens when the round had no pool", async () => {
      const p = await loadProtocol(withOpenRound);
      const roundId = await openRound(p, { rewardPool: 0 });
      const tx = p.rounds.cancelRound(roundId);
      await expect(tx).to.emit(p.rounds, "RoundCancelled").withArgs(roundId, p.admin.address, 0n);
      await expect(tx).to.changeTokenBalances(p.token, [p.treasury, p.rounds], [0n, 0n]);
    });
  });

  describe("governance settings", () => {
    it("adds and removes aggregation verifiers by the shape they declare, admin only; an open round keeps its verifier", async () => {
      const p = await loadProtocol(withOpenRound);
      const deploy = (k: number, n: number, bits: number, h: number) =>
        ethers.deployContract("MockAggregationVerifier", [k, n, bits, h]);
      await expect(p.rounds.addAggregationVerifier(await deploy(4, CIRCUIT.n, CIRCUIT.bits, 5)))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerAggregationVerifierAlreadyRegistered")
        .withArgs(CIRCUIT.n, CIRCUIT.bits);
      const wider = await deploy(16, 64, 16, 5);
      await expect(p.rounds.connect(p.coordinator).addAggregationVerifier(wider)).to.be.revertedWithCustomError(
        p.rounds,
        "AccessControlUnauthorizedAccount",
      );
      await expect(p.rounds.addAggregationVerifier(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        p.rounds,
        "GuardiansZeroAddress",
      );
      for (const [k, n, bits, h] of [
        [0, 64, 16, 5],
        [16, 64, 16, 0],
        [32, 64, 16, 5],
        [16, 64, 16, 9],
        [16, 65_536, 16, 5],
        [16, 64, 256, 5],
      ]) {
        await expect(p.rounds.addAggregationVerifier(await deploy(k, n, bits, h)))
          .to.be.revertedWithCustomError(p.rounds, "RoundManagerAggregationVerifierUnsupported")
          .withArgs(k, n, bits, h);
      }
      await expect(p.rounds.addAggregationVerifier(await deploy(31, 64, 16, 5))).to.emit(p.rounds, "AggregationVerifierAdded");
      await expect(p.rounds.addAggregationVerifier(wider))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerAggregationVerifierAlreadyRegistered")
        .withArgs(64, 16);
      expect(await p.rounds.aggregationVerifierFor(CIRCUIT.n, CIRCUIT.bits)).to.equal(await p.aggregationVerifier.getAddress());
      await expect(
        p.rounds.connect(p.coordinator).removeAggregationVerifier(CIRCUIT.n, CIRCUIT.bits),
      ).to.be.revertedWithCustomError(p.rounds, "AccessControlUnauthorizedAccount");
      await expect(p.rounds.removeAggregationVerifier(CIRCUIT.n, CIRCUIT.bits))
        .to.emit(p.rounds, "AggregationVerifierRemoved")
        .withArgs(CIRCUIT.n, CIRCUIT.bits);
      await expect(p.rounds.removeAggregationVerifier(CIRCUIT.n, CIRCUIT.bits))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerAggregationVerifierNotRegistered")
        .withArgs(CIRCUIT.n, CIRCUIT.bits);
      expect((await p.rounds.getRound(p.roundId)).aggregationVerifier).to.equal(await p.aggregationVerifier.getAddress());
    });

    it("adds and removes verifiers, admin only; an open round keeps its verifier", async () => {
      const p = await loadProtocol(withOpenRound);
      const other = await ethers.deployContract("MockContributionVerifier");
      await expect(p.rounds.addVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth, other))
        .to.be.revertedWithCustomError(p.rounds, "RoundManagerVerifierAlreadyRegistered")
        .withArgs(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth);
      await expect(p.rounds.connect(p.coordinator).addVerifier(64, 16, 16, other)).to.be.revertedWithCustomError(
        p.rounds,
        "AccessControlUnauthorizedAccount",
      );
      await expect(p.rounds.addVerifier(64, 16, 16, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        p.rounds,
        "GuardiansZeroAddress",
      );
      await expect(p.rounds.addVerifier(64, 16, 16, other))
        .to.emit(p.rounds, "VerifierAdded")
        .withArgs(64, 16, 16, await other.getAddress());
      expect(await p.rounds.verifierFor(64, 16, 16)).to.equal(await other.getAddress());
      await expect(p.rounds.connect(p.coordinator).removeVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth))
        .to.be.revertedWithCustomError(p.rounds, "AccessControlUnauthorizedAccount")
        .withArgs(p.coordinator.address, await p.rounds.DEFAULT_ADMIN_ROLE());
      await expect(p.rounds.removeVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth)).to.emit(p.rounds, "VerifierRemoved");
      await expect(p.rounds.removeVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth)).to.be.revertedWithCustomError(
        p.rounds,
        "RoundManagerVerifierNotRegistered",
      );
      await expect(
        p.rounds
          .connect(p.submitter)
          .submit(p.roundId, MOCK_PROOF, await mockSignals(p, p.roundId, 1n, p.carol.address), SAMPLE_OPENING),
      ).to.emit(p.rounds, "ContributionSubmitted");
    });

    it("validates limits and the treasury", async () => {
      const p = await loadProtocol(withOpenRound);
      await expect(p.rounds.setLimits({ ...DEFAULT_LIMITS, minWindow: 0 })).to.be.revertedWithCustomError(
        p.rounds,
        "RoundManagerInvalidLimits",
      );
      const invalid = [
        { minWindow: BigInt(DEFAULT_LIMITS.maxWindow) + 1n },
        { minBond: BigInt(DEFAULT_LIMITS.maxBond) + 1n },
        { maxContributions: 0 },
        // Periods above 100 years: every deadline a round stores must fit in uint40.
        { maxWindow: 100n * 365n * BigInt(DAY) + 1n },
        { challengePeriod: 100n * 365n * BigInt(DAY) + 1n },
        { finalizationPeriod: 100n * 365n * BigInt(DAY) + 1n },
      ];
      for (const overrides of invalid) {
        await expect(p.rounds.setLimits({ ...DEFAULT_LIMITS, ...overrides })).to.be.revertedWithCustomError(
          p.rounds,
          "RoundManagerInvalidLimits",
        );
      }
      await expect(p.rounds.setLimits({ ...DEFAULT_LIMITS, maxContributions: 5 })).to.emit(p.rounds, "LimitsUpdated");
      expect((await p.rounds.limits()).maxContributions).to.equal(5n);
      await expect(p.rounds.setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(p.rounds, "GuardiansZeroAddress");
      await expect(p.rounds.setTreasury(p.carol)).to.emit(p.rounds, "TreasuryUpdated").withArgs(p.carol.address);
    });
  });
});
