import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { UserError } from "../../src/core/errors";
import { releaseSnarkjsWorkers } from "../../src/zk/pipeline/snarkjs";
import type { ContributionN32B16D16Verifier } from "../../typechain-types";
import {
  ContributionRequest,
  Identity,
  MemberTree,
  ProofInputError,
  buildContributionInput,
  contributionCircuit,
  maxL2BoundSq,
  roundScope,
  sumOfSquares,
  updateCommitment,
} from "../../src/zk";
import { proveContribution } from "../../src/zk/prover";

/**
 * src/zk's prover end to end: a Contribution(32, 16, 16) proof made by proveContribution and checked
 * by the Solidity verifier zk:build generated from the same proving key; and every mistake a caller
 * can make refused with a ProofInputError before proving starts.
 */
describe("src/zk prover: proveContribution", () => {
  const circuit = contributionCircuit();
  const RECIPIENT = "0x00000000000000000000000000000000000000Aa";

  function request(): ContributionRequest {
    const members = [1n, 2n, 3n, 4n, 5n].map((s) => new Identity(s * 7919n));
    const tree = new MemberTree(members.map((m) => m.commitment));
    // Every value of the range appears at least once near its edges: -2^15, 2^15 - 1, 0, ±1.
    const update = Array.from({ length: circuit.n }, (_, i) => BigInt(((i * 4099) % 65536) - 32768));
    update[0] = -32768n;
    update[1] = 32767n;
    return {
      identity: members[3],
      tree,
      update,
      salt: 123456789n,
      roundScope: roundScope(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 7n),
      l2BoundSq: sumOfSquares(update),
      recipient: RECIPIENT,
    };
  }

  async function proveAndDeploy() {
    const verifier = (await ethers.deployContract("ContributionN32B16D16Verifier")) as unknown as ContributionN32B16D16Verifier;
    const stages: string[] = [];
    const req = request();
    const proof = await proveContribution(req, { onProgress: (stage) => stages.push(stage) });
    return { verifier, proof, req, stages };
  }

  after(releaseSnarkjsWorkers);

  it("proves a norm exactly at the bound, with the public signals TypeScript computes", async () => {
    const { proof, req } = await loadFixture(proveAndDeploy);
    expect(proof.calldata.pubSignals).to.deep.equal([
      req.tree.root,
      req.identity.nullifier(req.roundScope),
      updateCommitment(req.update, req.salt, circuit),
      req.roundScope,
      req.l2BoundSq,
      BigInt(RECIPIENT),
    ]);
  });

  it("reports its stages to the progress callback, in order", async () => {
    const { stages } = await loadFixture(proveAndDeploy);
    expect(stages[0]).to.equal("checked");
    expect(stages.at(-1)).to.equal("proved");
    expect(stages).to.include("proving");
  });

  it("is accepted by the generated ContributionN32B16D16Verifier", async () => {
    const { verifier, proof } = await loadFixture(proveAndDeploy);
    const { pA, pB, pC, pubSignals } = proof.calldata;
    expect(await verifier.verifyProof(pA, pB, pC, pubSignals)).to.equal(true);
  });

  for (const [index, name] of ["root", "nullifier", "updateCommitment", "roundScope", "l2BoundSq", "recipient"].entries()) {
    it(`is rejected by the verifier once "${name}" is changed`, async () => {
      const { verifier, proof } = await loadFixture(proveAndDeploy);
      const { pA, pB, pC, pubSignals } = proof.calldata;
      const tampered = [...pubSignals] as typeof pubSignals;
      tampered[index] += 1n;
      expect(await verifier.verifyProof(pA, pB, pC, tampered)).to.equal(false);
    });
  }

  it("explains how to build the circuit when its proving key is missing", async () => {
    const error = await proveContribution(request(), { cacheDir: "/nonexistent" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(UserError);
    expect((error as Error).message).to.equal(
      `circuit ${circuit.name} is not built: run npx hardhat zk:build --circuit ${circuit.name}`,
    );
  });

  describe("refuses, before proving, a request the circuit would reject", () => {
    const refuses = (change: (r: ContributionRequest) => void, message: RegExp) => async () => {
      const r = request();
      change(r);
      expect(() => buildContributionInput(r, circuit)).to.throw(ProofInputError, message);
      const error = await proveContribution(r).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(ProofInputError);
      expect((error as Error).message).to.match(message);
    };

    it(
      "an update of the wrong length",
      refuses((r) => (r.update = r.update.slice(1)), /has 31 values, the circuit takes exactly 32/),
    );
    it(
      "a value that is not an integer",
      refuses((r) => (r.update = [0.5 as unknown as bigint, ...r.update.slice(1)]), /update\[0\] = 0.5 is not an integer/),
    );
    it(
      "a value below -2^15",
      refuses((r) => (r.update = [-32769n, ...r.update.slice(1)]), /update\[0\] = -32769 is outside \[-32768, 32767\]/),
    );
    it(
      "a value of 2^15",
      refuses((r) => (r.update = [32768n, ...r.update.slice(1)]), /update\[0\] = 32768 is outside/),
    );
    it("a norm over the bound, naming the norm and the bound", async () => {
      const r = request();
      const normSq = sumOfSquares(r.update);
      r.l2BoundSq = normSq - 1n;
      const message = new RegExp(`squared L2 norm is ${normSq} .* over the round's bound l2BoundSq = ${normSq - 1n}`);
      expect(() => buildContributionInput(r, circuit)).to.throw(ProofInputError, message);
    });
    it(
      "a bound the circuit cannot represent",
      refuses((r) => (r.l2BoundSq = maxL2BoundSq(circuit) + 1n), /l2BoundSq = \d+ is outside/),
    );
    it(
      "a member who is not in the tree",
      refuses((r) => (r.identity = new Identity(99n)), /identity commitment \d+ is not in the member tree \(5 members\)/),
    );
    it(
      "a recipient that is not an address",
      refuses((r) => (r.recipient = "0x1234"), /recipient "0x1234" is not a 20-byte 0x address/),
    );
  });
});
