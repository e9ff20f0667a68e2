import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { openRound } from "../../src/sdk/coordinator";
import { publishModelFile, serveModelDirectory, type ModelDirectoryServer } from "../../src/sdk/model/publish";
import { stake } from "../../src/sdk/staking";
import { contribute } from "../../src/sdk/contribute";
import { Identity } from "../../src/zk";
import { localConfig, tempDir } from "./deployment";
import { startFakeKubo, type FakeKubo } from "./ipfs";
import { SHIPPED_GENESIS_FILE, TEST_ROUND, deployedSessions, finalizeByProof } from "./sdk";

/**
 * Model versions whose on-chain URIs resolve: a directory served over HTTP on 127.0.0.1 (the SDK's
 * serveModelDirectory) holds the published files, and a fake Kubo (./ipfs.ts) plays IPFS. The
 * genesis is the shipped file, registered with its URL in that directory; round 1 (one member's
 * contribution, finalized by proof) registers version 2, published to the directory or to IPFS.
 * Each call makes its own servers and fixtures (loadFixture snapshots per fixture function);
 * `close` stops the servers (call it in `after`).
 */
export function servedModelVersions() {
  const dir = tempDir("served-models-");
  let server: ModelDirectoryServer | undefined;
  let kubo: FakeKubo | undefined;

  const servers = async () => {
    server ??= await serveModelDirectory(dir);
    kubo ??= await startFakeKubo();
    return { server, kubo };
  };

  async function publishTo(kind: "directory" | "ipfs", bytes: Uint8Array): Promise<string> {
    const { server, kubo } = await servers();
    const file = path.join(tempDir("candidate-"), "candidate.json");
    fs.writeFileSync(file, bytes);
    const target = kind === "directory" ? { kind, dir, baseUrl: server.url } : { kind, api: kubo.url };
    return (await publishModelFile(file, target)).uri;
  }

  async function roundVersion(kind: "directory" | "ipfs") {
    const { server, kubo } = await servers();
    const genesis = await publishModelFile(SHIPPED_GENESIS_FILE, { kind: "directory", dir, baseUrl: server.url });
    const deployer = (await ethers.getSigners())[0];
    const base = localConfig(await deployer.getAddress());
    if (base.genesisModel === undefined) throw new Error("the localhost config registers no genesis");
    const config = { ...base, genesisModel: { ...base.genesisModel, uri: genesis.uri } };
    const { sessions } = await deployedSessions(2, { config });
    const [coordinator, alice] = sessions;
    const identity = new Identity(201n);
    await stake(alice, ethers.parseEther("100"), identity.commitment);
    const { roundId } = await openRound(coordinator, TEST_ROUND);
    const c = await contribute(alice, { identity, update: [0.5, -0.25, 0.125], roundId });
    await time.increase(61);
    const { candidateVersion, file } = await finalizeByProof(
      coordinator,
      roundId,
      [{ uid: c.uid, opening: { update: c.quantized, salt: c.salt } }],
      undefined,
      (bytes) => publishTo(kind, bytes),
    );
    const genesisBytes = new Uint8Array(fs.readFileSync(SHIPPED_GENESIS_FILE));
    return { coordinator, candidateVersion, file, genesis: genesisBytes, genesisUri: genesis.uri, dir, server, kubo };
  }

  return {
    dir,
    /** Version 2 published to the served directory. */
    withDirectoryVersion: () => roundVersion("directory"),
    /** Version 2 published to the fake Kubo. */
    withIpfsVersion: () => roundVersion("ipfs"),
    close: async () => {
      await server?.close();
      await kubo?.close();
    },
  };
}
