import fs from "node:fs";
import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { DEV_AGGREGATOR_KEY } from "../../src/deployment/local/protocol";
import {
  aggregateRound,
  aggregationFile,
  checkAggregationEvidence,
  finalizeFromFiles,
  reviewRoundOpenings,
} from "../../src/sdk/aggregator";
import { openRound } from "../../src/sdk/coordinator";
import { contributionsOf } from "../../src/sdk/contributions";
import { encryptOpening, generateAggregatorKey } from "../../src/sdk/delivery";
import { openingContext, redeliverOpening, roundDeliveries } from "../../src/sdk/openings";
import { stake } from "../../src/sdk/staking";
import { contribute } from "../../src/sdk/contribute";
import type { Contribution } from "../../src/sdk/submission";
import { ArgumentError, UserError } from "../../src/sdk/errors";
import { Identity, contributionCircuit, updateCommitment } from "../../src/zk";
import { expectRejection } from "../support/expect";
import { SHIPPED_GENESIS_FILE, TEST_ROUND, deployedSessions } from "../support/sdk";
import { submitWithCiphertext } from "../support/adversary";

const GENESIS = new Uint8Array(fs.readFileSync(SHIPPED_GENESIS_FILE));
const CIRCUIT = contributionCircuit("contribution_n32_b16_d16");
const update = (seed: number) => Array.from({ length: 31 }, (_, j) => (((j + seed) % 7) - 3) / 16);

describe("aggregator: openings delivered on chain, reviewed, selected and proved", function () {
  this.timeout(300_000);

  /** Six members staked; round 1 open to the development aggregator key. */
  async function sixMembers() {
    const { sessions } = await deployedSessions(7);
    const [coordinator, ...members] = sessions;
    const identities = members.map(() => Identity.generate());
    for (const [i, member] of members.entries()) {
      await (await member.protocol.token.approve(await member.protocol.roundManager.getAddress(), ethers.MaxUint256)).wait();
      await stake(member, ethers.parseEther("100"), identities[i].commitment);
    }
    const { roundId } = await openRound(coordinator, TEST_ROUND);
    return { coordinator, members, identities, roundId };
  }

  it("includes honest contributions and leaves out, with evidence anyone can check, garbage, a copied ciphertext and a wrong opening", async () => {
    const { coordinator, members, identities, roundId } = await sixMembers();
    const honest: Contribution[] = [];
    for (let i = 0; i < 2; i++)
      honest.push(await contribute(members[i], { identity: identities[i], update: update(i), roundId }));
    // Garbage: random bytes of the right length.
    const garbage = await submitWithCiphertext(members[2], identities[2], roundId, update(2), async () =>
      ethers.randomBytes(honest[0].encryptedOpening.length),
    );
    // A ciphertext copied from another contribution: bound to that contribution, it does not decrypt here.
    const copied = await submitWithCiphertext(
      members[3],
      identities[3],
      roundId,
      update(3),
      async () => honest[1].encryptedOpening,
    );
    // Encrypted correctly for this contribution, but to an opening of something else.
    const wrong = await submitWithCiphertext(members[4], identities[4], roundId, update(4), async (c) =>
      encryptOpening(
        DEV_AGGREGATOR_KEY.publicKey,
        await openingContext(members[4], roundId, c.nullifier, c.updateCommitment),
        { values: c.quantized.map((v) => -v), salt: c.salt },
        { n: 32, bits: 16 },
      ),
    );
    await time.increase(TEST_ROUND.window);

    const reviews = await reviewRoundOpenings(coordinator, roundId, DEV_AGGREGATOR_KEY);
    expect(reviews.map((r) => r.opening !== null)).to.deep.equal([true, true, false, false, false]);
    expect(reviews[2].deliveries[0].why).to.match(/^malformed: /);
    expect(reviews[3].deliveries[0].why).to.match(/does not decrypt/);
    expect(reviews[4].deliveries[0].why).to.equal("decrypts to an opening of another commitment");
    // Random bytes fail at the header, which anyone can see; the other two need the shared point.
    for (const r of reviews.slice(3)) expect(r.deliveries[0].evidence, r.contribution.uid).to.not.equal(undefined);

    const aggregation = await aggregateRound(coordinator, roundId, DEV_AGGREGATOR_KEY, { parentBytes: GENESIS });
    expect(aggregation.prepared.weights).to.deep.equal([1n, 1n, 0n, 0n, 0n]);
    const file = aggregationFile(aggregation);
    const findings = await checkAggregationEvidence(coordinator, file);
    expect(findings.map((f) => [f.uid, f.confirmed])).to.deep.equal([
      [garbage.uid, true],
      [copied.uid, true],
      [wrong.uid, true],
    ]);
    const { candidateVersion } = await finalizeFromFiles(coordinator, file, aggregation.candidate.bytes, {
      uri: "ipfs://round-1",
      accuracyBps: 9000,
    });
    expect(candidateVersion).to.equal(2n);
    const [included] = await contributionsOf(members[0], members[0].account);
    const [leftOut] = await contributionsOf(members[2], members[2].account);
    expect([included.inclusion, leftOut.inclusion]).to.deep.equal(["included", "left out"]);
  });

  it("shows an aggregator who leaves out a valid contribution: its claimed evidence is refuted, and status says left out", async () => {
    const { coordinator, members, identities, roundId } = await sixMembers();
    const a = await contribute(members[0], { identity: identities[0], update: update(0), roundId });
    const b = await contribute(members[1], { identity: identities[1], update: update(1), roundId });
    await time.increase(TEST_ROUND.window);
    const aggregation = await aggregateRound(coordinator, roundId, DEV_AGGREGATOR_KEY, {
      parentBytes: GENESIS,
      // A dishonest aggregator: it drops b and pretends its delivery does not decrypt.
      weigh: (kept) => new Map(kept.map((u) => [u.uid, u.uid === b.uid.toLowerCase() ? 0n : 1n])),
    });
    const file = aggregationFile(aggregation);
    const dropped = file.contributions.find((c) => c.uid === b.uid);
    if (!dropped) throw new Error("b is not in the aggregation file");
    dropped.deliveries[0].opens = false;
    dropped.deliveries[0].why = "does not decrypt (authentication failed)";
    // It cannot make evidence for a delivery that decrypts: the best it can cite is a false shared point.
    dropped.deliveries[0].evidence = {
      // secp256k1's generator, compressed: a valid point, but not this delivery's shared point.
      sharedPoint: "0x0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
      challenge: ethers.ZeroHash,
      response: ethers.ZeroHash,
    };
    const [finding] = await checkAggregationEvidence(coordinator, file);
    expect(finding.uid).to.equal(b.uid);
    expect(finding.confirmed).to.equal(false);
    expect(finding.why).to.match(/the evidence is false/);
    await finalizeFromFiles(coordinator, file, aggregation.candidate.bytes, { uri: "ipfs://round-1", accuracyBps: 9000 });
    const [status] = await contributionsOf(members[1], members[1].account);
    expect(status.inclusion).to.equal("left out");
    expect((await contributionsOf(members[0], members[0].account))[0].inclusion).to.equal("included");
    expect(a.uid).to.not.equal(b.uid);
  });

  it("lets a recipient whose submission was copied with another ciphertext deliver the right one, which the aggregator uses", async () => {
    const { coordinator, members, identities, roundId } = await sixMembers();
    const honest = await contribute(members[0], { identity: identities[0], update: update(0), roundId });
    // A front-runner's copy landed first with garbage; the recipient (members[1] here) delivers again.
    const victim = await submitWithCiphertext(members[1], identities[1], roundId, update(1), async () => ethers.randomBytes(146));
    await expectRejection(
      redeliverOpening(members[2], victim.uid, { update: victim.quantized, salt: victim.salt }),
      UserError,
      /only contribution .* recipient/,
    );
    await expectRejection(
      redeliverOpening(members[1], victim.uid, { update: victim.quantized.map((v) => v + 1n), salt: victim.salt }),
      ArgumentError,
      /does not open contribution .* commitment; nothing was sent/,
    );
    await redeliverOpening(members[1], victim.uid, { update: victim.quantized, salt: victim.salt });
    expect((await roundDeliveries(coordinator, roundId)).get(victim.uid.toLowerCase())).to.have.length(2);
    await time.increase(TEST_ROUND.window);
    const reviews = await reviewRoundOpenings(coordinator, roundId, DEV_AGGREGATOR_KEY);
    expect(reviews[1].why).to.equal("its opening (delivery 2 of 2) opens its commitment");
    expect(updateCommitment(reviews[1].opening?.update ?? [], reviews[1].opening?.salt ?? 0n, CIRCUIT)).to.equal(
      victim.updateCommitment,
    );
    expect(honest.encryptedOpening.length).to.equal(146);
  });

  it("refuses a key that is not the round's, in one line, before reading any opening", async () => {
    const { coordinator, members, identities, roundId } = await sixMembers();
    await contribute(members[0], { identity: identities[0], update: update(0), roundId });
    await expectRejection(
      reviewRoundOpenings(coordinator, roundId, generateAggregatorKey()),
      UserError,
      /is not round 1's aggregator key/,
    );
  });
});
