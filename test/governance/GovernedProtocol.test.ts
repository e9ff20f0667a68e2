import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { CIRCUIT, DEFAULT_LIMITS, MOCK_PROOF, packSelection, roundConfig, SAMPLE_OPENING } from "../support/protocol";
import {
  GOVERNANCE_LATENCY,
  HOLDINGS,
  KIND,
  STATE,
  STATUS,
  VOTE,
  buildProposal,
  candidate,
  closeVoting,
  deployGovernedProtocol,
  execute,
  openVoting,
  passProposal,
  propose,
  queue,
  type GovernedProtocol,
} from "../support/governance";

/** IRoundManager.AttestationStatus, in order. */
const ATTESTATION = { None: 0n, Valid: 1n, Revoked: 2n, Claimed: 3n } as const;

/** Opens a round on the genesis model as the coordinator; returns its id. */
async function openRound(f: GovernedProtocol): Promise<bigint> {
  await f.rounds.connect(f.coordinator).openRound(roundConfig(f.genesisVersion));
  return f.rounds.roundCount();
}

/** `submitter` submits a contribution with `nullifier` (the verifier is a mock); returns its uid. */
async function submit(f: GovernedProtocol, roundId: bigint, nullifier: bigint, submitter: HardhatEthersSigner) {
  const round = await f.rounds.getRound(roundId);
  const signals: [bigint, bigint, bigint, bigint, bigint, bigint] = [
    await f.participants.currentRoot(),
    nullifier,
    12345n,
    await f.rounds.roundScope(roundId),
    round.l2BoundSq,
    BigInt(submitter.address),
  ];
  return f.rounds.connect(submitter).submit(roundId, MOCK_PROOF, signals, SAMPLE_OPENING);
}

/**
 * Closes `roundId`'s window and finalizes it with a candidate model and a mock aggregation proof of every
 * contribution (weight 1 each); returns the candidate's version id.
 */
async function finalize(f: GovernedProtocol, roundId: bigint): Promise<bigint> {
  await time.increaseTo((await f.rounds.getRound(roundId)).closesAt);
  const { contributions } = await f.rounds.getRound(roundId);
  const aggregation = {
    proof: MOCK_PROOF,
    aggregateCommitment: 1n,
    selection: packSelection(Array.from({ length: Number(contributions) }, () => 1n)),
    commitments: Array.from({ length: Number(contributions) }, () => 12345n),
  };
  const candidate = {
    weightsHash: ethers.id("round-weights"),
    uri: "ipfs://round",
    accuracyBps: 9100,
    metricsHash: ethers.id("m"),
  };
  await f.rounds.connect(f.coordinator).finalizeRound(roundId, aggregation, candidate);
  return (await f.rounds.getRound(roundId)).candidateVersion;
}

describe("Governed protocol", () => {
  it("leaves the deployer no role anywhere, the Timelock the admin of everything", async () => {
    const f = await loadFixture(deployGovernedProtocol);
    const timelock = await f.timelock.getAddress();
    const admins = [f.timelock, f.registry, f.rounds, f.participants];
    for (const contract of admins) {
      const admin = await contract.DEFAULT_ADMIN_ROLE();
      expect(await contract.hasRole(admin, f.deployer.address)).to.equal(false);
      expect(await contract.hasRole(admin, timelock)).to.equal(true);
    }
    expect(await f.participants.hasRole(await f.participants.SLASHER_ROLE(), timelock)).to.equal(true);
    expect(await f.registry.hasRole(await f.registry.REGISTRAR_ROLE(), await f.rounds.getAddress())).to.equal(true);
    expect(await f.rounds.hasRole(await f.rounds.PAUSER_ROLE(), f.guardian.address)).to.equal(true);
    expect(await f.timelock.hasRole(await f.timelock.CANCELLER_ROLE(), f.guardian.address)).to.equal(false);
  });

  it("lets a member vote with the stake the ParticipantRegistry holds for it", async () => {
    const f = await loadFixture(deployGovernedProtocol);
    expect(await f.token.balanceOf(f.carol.address)).to.equal(0n);
    expect(await f.votes.getVotes(f.carol.address)).to.equal(HOLDINGS.carol);
    expect(await f.votes.getVotes(await f.participants.getAddress())).to.equal(0n);
  });

  it("revokes a contribution by a governance proposal executed by the Timelock, end to end", async () => {
    const f = await loadFixture(deployGovernedProtocol);
    const roundId = await openRound(f);
    await submit(f, roundId, 777n, f.outsider);
    const uid = await f.rounds.attestationUid(roundId, 777n);
    const candidateVersion = await finalize(f, roundId);
    const bond = (await f.rounds.getRound(roundId)).bond;
    const treasuryBefore = await f.token.balanceOf(f.timelock);

    const revocation = f.rounds.interface.encodeFunctionData("revokeContribution", [uid, "poisoned update"]);
    const proposal = await passProposal(f, [{ target: f.rounds, data: revocation }], "Revoke contribution 777");

    expect(await f.governor.state(proposal.id)).to.equal(STATE.Executed);
    expect((await f.rounds.getAttestation(uid)).status).to.equal(ATTESTATION.Revoked);
    expect(await f.token.balanceOf(f.timelock)).to.equal(treasuryBefore + bond);
    await time.increaseTo((await f.rounds.getRound(roundId)).challengeEndsAt);
    await expect(f.rounds.claim(uid))
      .to.be.revertedWithCustomError(f.rounds, "RoundManagerWrongAttestationStatus")
      .withArgs(uid, ATTESTATION.Revoked);
    expect(await f.registry.statusOf(candidateVersion)).to.equal(STATUS.Candidate);
  });

  it("gives no coordinator or other account a way to register a candidate without an aggregation proof", async () => {
    const f = await loadFixture(deployGovernedProtocol);
    const role = await f.registry.REGISTRAR_ROLE();
    for (const account of [f.coordinator, f.deployer, f.guardian, f.outsider]) {
      await expect(f.registry.connect(account).registerCandidate(candidate(7, f.genesisVersion)))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(account.address, role);
    }
  });

  it("registers a round's candidate through the RoundManager, which governance then activates", async () => {
    const f = await loadFixture(deployGovernedProtocol);
    const roundId = await openRound(f);
    await submit(f, roundId, 1n, f.outsider);
    const candidateVersion = await finalize(f, roundId);
    const version = await f.registry.versionOf(candidateVersion);
    expect(version.registrar).to.equal(await f.rounds.getAddress());
    expect(version.roundId).to.equal(roundId);
    expect(version.parentId).to.equal(f.genesisVersion);

    const activation = f.registry.interface.encodeFunctionData("activate", [candidateVersion]);
    const proposal = await passProposal(f, [{ target: f.registry, data: activation }], "Promote round 1", [f.alice, f.carol]);
    expect(await f.registry.champion()).to.equal(candidateVersion);
    expect(await f.registry.statusOf(f.genesisVersion)).to.equal(STATUS.Deprecated);
    const history = await f.registry.activations(0n, 10n);
    expect(history.map((a) => [a.versionId, a.proposalId, a.kind])).to.deep.equal([
      [f.genesisVersion, 0n, KIND.Promotion],
      [candidateVersion, proposal.id, KIND.Promotion],
    ]);
  });

  it("slashes a member by proposal: the GRD goes to the treasury and the member's votes shrink", async () => {
    const f = await loadFixture(deployGovernedProtocol);
    const amount = HOLDINGS.carol / 4n;
    const treasuryBefore = await f.token.balanceOf(f.timelock);
    const slash = f.participants.interface.encodeFunctionData("slash", [
      f.carol.address,
      amount,
      "disclosed data",
      "ipfs://evidence",
    ]);
    await passProposal(f, [{ target: f.participants, data: slash }], "Slash carol");
    expect(await f.token.balanceOf(f.timelock)).to.equal(treasuryBefore + amount);
    expect(await f.votes.getVotes(f.carol.address)).to.equal(HOLDINGS.carol - amount);
  });

  it("moves the treasury, changes round limits and adds a verifier in one proposal", async () => {
    const f = await loadFixture(deployGovernedProtocol);
    const grant = ethers.parseEther("5000");
    const limits = { ...DEFAULT_LIMITS, challengePeriod: GOVERNANCE_LATENCY, maxContributions: 50 };
    const newVerifier = await (await ethers.deployContract("MockContributionVerifier")).getAddress();
    await passProposal(
      f,
      [
        { target: f.token, data: f.token.interface.encodeFunctionData("transfer", [f.bob.address, grant]) },
        { target: f.rounds, data: f.rounds.interface.encodeFunctionData("setLimits", [limits]) },
        {
          target: f.rounds,
          data: f.rounds.interface.encodeFunctionData("addVerifier", [CIRCUIT.n, CIRCUIT.bits, 20, newVerifier]),
        },
      ],
      "Grant bob, cap rounds at 50 contributions, support depth-20 trees",
    );
    expect(await f.rounds.verifierFor(CIRCUIT.n, CIRCUIT.bits, 20)).to.equal(newVerifier);
    expect(await f.token.balanceOf(f.bob.address)).to.equal(HOLDINGS.bob + grant);
    expect((await f.rounds.limits()).maxContributions).to.equal(50n);
    expect((await f.rounds.limits()).challengePeriod).to.equal(GOVERNANCE_LATENCY);
  });

  describe("guardian", () => {
    it("pauses new submissions; only governance unpauses", async () => {
      const f = await loadFixture(deployGovernedProtocol);
      const roundId = await openRound(f);
      await f.rounds.connect(f.guardian).pause();
      await expect(submit(f, roundId, 5n, f.outsider)).to.be.revertedWithCustomError(f.rounds, "EnforcedPause");
      await expect(f.rounds.connect(f.guardian).unpause())
        .to.be.revertedWithCustomError(f.rounds, "AccessControlUnauthorizedAccount")
        .withArgs(f.guardian.address, await f.rounds.DEFAULT_ADMIN_ROLE());

      await passProposal(f, [{ target: f.rounds, data: f.rounds.interface.encodeFunctionData("unpause") }], "Unpause");
      const reopened = await openRound(f);
      await expect(submit(f, reopened, 5n, f.outsider)).to.emit(f.rounds, "ContributionSubmitted");
    });

    it("cannot slash, revoke a contribution, change limits or verifiers, grant roles or move the treasury", async () => {
      const f = await loadFixture(deployGovernedProtocol);
      const g = f.guardian;
      const admin = await f.rounds.DEFAULT_ADMIN_ROLE();
      const roundId = await openRound(f);
      await submit(f, roundId, 9n, f.outsider);
      const uid = await f.rounds.attestationUid(roundId, 9n);

      await expect(f.participants.connect(g).slash(f.carol.address, 1n, "x", "y"))
        .to.be.revertedWithCustomError(f.participants, "AccessControlUnauthorizedAccount")
        .withArgs(g.address, await f.participants.SLASHER_ROLE());
      const roundsChecks = [
        () => f.rounds.connect(g).revokeContribution(uid, "x"),
        () => f.rounds.connect(g).setLimits(DEFAULT_LIMITS),
        () => f.rounds.connect(g).addVerifier(CIRCUIT.n, CIRCUIT.bits, CIRCUIT.depth + 1, f.verifier),
        () => f.rounds.connect(g).setTreasury(g.address),
        () => f.rounds.connect(g).grantRole(admin, g.address),
      ];
      for (const call of roundsChecks) {
        await expect(call())
          .to.be.revertedWithCustomError(f.rounds, "AccessControlUnauthorizedAccount")
          .withArgs(g.address, admin);
      }
      await expect(f.token.connect(g).transferFrom(f.timelock, g.address, 1n)).to.be.revertedWithCustomError(
        f.token,
        "ERC20InsufficientAllowance",
      );
    });

    it("loses pause and cancel powers in one governance proposal, which it cannot cancel", async () => {
      const f = await loadFixture(deployGovernedProtocol);
      const pauser = await f.rounds.PAUSER_ROLE();
      const retire = await buildProposal(
        f.governor,
        [
          { target: f.rounds, data: f.rounds.interface.encodeFunctionData("revokeRole", [pauser, f.guardian.address]) },
          { target: f.governor, data: f.governor.interface.encodeFunctionData("setProposalGuardian", [ethers.ZeroAddress]) },
        ],
        "Retire the security council",
      );
      await propose(f.governor, f.alice, retire);
      await openVoting(f.governor, retire);
      await f.governor.connect(f.alice).castVote(retire.id, VOTE.For);
      await closeVoting(f.governor, retire);
      await queue(f.governor, retire);
      await expect(f.governor.connect(f.guardian).cancel(retire.targets, retire.values, retire.calldatas, retire.descriptionHash))
        .to.be.revertedWithCustomError(f.governor, "GuardiansGovernorCannotCancelGuardianRemoval")
        .withArgs(retire.id);
      await execute(f.governor, retire);
      await expect(f.rounds.connect(f.guardian).pause())
        .to.be.revertedWithCustomError(f.rounds, "AccessControlUnauthorizedAccount")
        .withArgs(f.guardian.address, pauser);

      const next = await buildProposal(
        f.governor,
        [{ target: f.rounds, data: f.rounds.interface.encodeFunctionData("pause") }],
        "Pause by governance",
      );
      await propose(f.governor, f.alice, next);
      await openVoting(f.governor, next);
      await f.governor.connect(f.alice).castVote(next.id, VOTE.For);
      await expect(f.governor.connect(f.guardian).cancel(next.targets, next.values, next.calldatas, next.descriptionHash))
        .to.be.revertedWithCustomError(f.governor, "GovernorUnableToCancel")
        .withArgs(next.id, f.guardian.address);
    });
  });
});
