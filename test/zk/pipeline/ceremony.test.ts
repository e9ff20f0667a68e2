import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { silentProgress } from "../../../src/core/progress";
import { expectRejection } from "../../support/expect";
import { ZkBuildError, buildCircuits, devPtauPath, requiredPower } from "../../../src/zk/pipeline/build";
import {
  ceremonyContribute,
  ceremonyFinalize,
  ceremonyInit,
  ceremonyVerify,
  readTranscript,
} from "../../../src/zk/pipeline/ceremony";

/**
 * The production path, on the smallest circuit of the manifest: an external powers-of-tau (here the
 * cached development one stands in for, say, a Hermez file) is verified, then a multi-party phase-2
 * ceremony runs and its transcript is re-verified. Finalizing installs keys, so only its refusals
 * are exercised here.
 */
describe("zk ceremony: multi-party phase 2 from an external powers of tau", () => {
  const circuit = "membership_d1";
  let dir: string;
  let ptau: string;

  before(async () => {
    const [built] = await buildCircuits({ groups: [], circuits: [circuit], progress: silentProgress });
    ptau = devPtauPath(built.ptauPower);
    expect(built.ptauPower).to.be.at.least(requiredPower(built.info));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-ceremony-"));
    await ceremonyInit(circuit, ptau, dir, silentProgress);
    await ceremonyContribute(dir, "alice", silentProgress);
    await ceremonyContribute(dir, "bob", silentProgress);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("records every key of the chain, with its contributor and hash, in the transcript", () => {
    const transcript = readTranscript(dir);
    expect(transcript.circuit).to.equal(circuit);
    expect(transcript.contributions.map((c) => [c.index, c.name, c.kind])).to.deep.equal([
      [0, "initial", "initial"],
      [1, "alice", "contribution"],
      [2, "bob", "contribution"],
    ]);
    for (const c of transcript.contributions) expect(c.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(transcript.finalized).to.equal(false);
  });

  it("re-verifies the whole chain against the r1cs and the powers of tau", async () => {
    const { ok, log } = await ceremonyVerify(dir, silentProgress);
    expect(ok, log.join("\n")).to.equal(true);
    // snarkjs lists each contribution it checked.
    expect(log.join("\n")).to.match(/alice/).and.to.match(/bob/);
  });

  it("fails verification when a key no longer matches its transcript hash", async () => {
    const transcript = readTranscript(dir);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-ceremony-tampered-"));
    try {
      for (const file of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, file), path.join(copy, file));
      const tampered = path.join(copy, transcript.contributions[1].zkey);
      const bytes = fs.readFileSync(tampered);
      bytes[bytes.length - 1] ^= 0xff;
      fs.writeFileSync(tampered, bytes);
      const { ok, log } = await ceremonyVerify(copy, silentProgress);
      expect(ok).to.equal(false);
      expect(log.join("\n")).to.include("hash differs from the transcript");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("refuses a beacon that is not 32 bytes of hex, and a second ceremony in the same folder", async () => {
    await expectRejection(ceremonyFinalize(dir, "not-hex", 10, silentProgress), ZkBuildError, /32 bytes of hex/);
    await expectRejection(ceremonyInit(circuit, ptau, dir, silentProgress), ZkBuildError, /already holds a ceremony/);
  });

  it("refuses a powers-of-tau file that does not exist", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-ceremony-missing-"));
    try {
      const missing = path.join(other, "missing.ptau");
      await expectRejection(
        ceremonyInit(circuit, missing, path.join(other, "c"), silentProgress),
        ZkBuildError,
        /ptau file not found/,
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
