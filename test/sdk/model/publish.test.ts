import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { ArgumentError } from "../../../src/sdk/errors";
import { artifactHash } from "../../../src/sdk/model/artifact";
import { ModelPublishError, publishModelFile, publishedFileName, serveModelDirectory } from "../../../src/sdk/model/publish";
import { fetchModelBytes, fetchModelVersion } from "../../../src/sdk/model/source";
import { expectRejection } from "../../support/expect";
import { rawRequest, startHttpServer } from "../../support/http";
import { kuboRawLeafCid, startFakeKubo } from "../../support/ipfs";
import { servedModelVersions } from "../../support/model-files";
import { tempDir } from "../../support/deployment";
import { SHIPPED_GENESIS_FILE } from "../../support/sdk";

const genesisBytes = () => new Uint8Array(fs.readFileSync(SHIPPED_GENESIS_FILE));

describe("sdk/model/publish: publishing model files and serving them", () => {
  describe("to a directory", () => {
    it("copies the file in as <weightsHash>.json, leaves no temporary file and returns <baseUrl>/<name>", async () => {
      const dir = path.join(tempDir(), "models");
      const published = await publishModelFile(SHIPPED_GENESIS_FILE, {
        kind: "directory",
        dir,
        baseUrl: "https://models.example/v1/",
      });
      const hash = artifactHash(genesisBytes());
      expect(published).to.deep.equal({
        uri: `https://models.example/v1/${hash.slice(2)}.json`,
        weightsHash: hash,
        bytes: genesisBytes().length,
      });
      expect(fs.readdirSync(dir)).to.deep.equal([`${hash.slice(2)}.json`]);
      expect(new Uint8Array(fs.readFileSync(path.join(dir, publishedFileName(hash))))).to.deep.equal(genesisBytes());
    });

    it("publishes the same file again to the same URI, and refuses to replace a different file of that name", async () => {
      const dir = tempDir();
      const target = { kind: "directory" as const, dir, baseUrl: "http://127.0.0.1:8081" };
      const first = await publishModelFile(SHIPPED_GENESIS_FILE, target);
      expect(await publishModelFile(SHIPPED_GENESIS_FILE, target)).to.deep.equal(first);
      const name = path.join(dir, publishedFileName(first.weightsHash));
      fs.writeFileSync(name, "something else\n");
      await expectRejection(
        publishModelFile(SHIPPED_GENESIS_FILE, target),
        ModelPublishError,
        /exists and is a different file .*; not replaced$/,
      );
      expect(fs.readFileSync(name, "utf8")).to.equal("something else\n");
    });

    it("refuses a file that is not a guardians-model/1 file, a missing file and a bad base URL in one line, writing nothing", async () => {
      const dir = path.join(tempDir(), "models");
      const target = { kind: "directory" as const, dir, baseUrl: "http://127.0.0.1:8081" };
      const notModel = path.join(tempDir(), "notes.json");
      fs.writeFileSync(notModel, '{"hello":"world"}\n');
      await expectRejection(
        publishModelFile(notModel, target),
        ArgumentError,
        /^\S+notes\.json is not a guardians-model\/1 file \(model artifact: [^\n]+\)$/,
      );
      const pretty = path.join(tempDir(), "pretty.json");
      fs.writeFileSync(pretty, JSON.stringify(JSON.parse(fs.readFileSync(SHIPPED_GENESIS_FILE, "utf8")), null, 2));
      await expectRejection(publishModelFile(pretty, target), ArgumentError, /not canonical/);
      await expectRejection(publishModelFile(path.join(dir, "none.json"), target), ArgumentError, /^no model file at /);
      await expectRejection(
        publishModelFile(SHIPPED_GENESIS_FILE, { ...target, baseUrl: "models.example" }),
        ArgumentError,
        /base URL/,
      );
      expect(fs.existsSync(dir)).to.equal(false);
    });
  });

  describe("to IPFS through a Kubo RPC API (a test double, test/support/ipfs.ts)", () => {
    it("adds the file as a pinned CIDv1 with raw leaves, returns ipfs://<the CID the node computed>, and the gateway serves it back", async () => {
      const kubo = await startFakeKubo();
      try {
        const published = await publishModelFile(SHIPPED_GENESIS_FILE, { kind: "ipfs", api: kubo.url });
        const cid = kuboRawLeafCid(genesisBytes());
        expect(published.uri).to.equal(`ipfs://${cid}`);
        expect(published.weightsHash).to.equal(artifactHash(genesisBytes()));
        expect(Object.fromEntries(kubo.adds[0])).to.deep.equal({ "cid-version": "1", "raw-leaves": "true", pin: "true" });
        expect(kubo.blocks.get(cid)).to.deep.equal(genesisBytes());
        expect(await fetchModelBytes(published.uri, { gateway: kubo.url })).to.deep.equal(genesisBytes());
      } finally {
        await kubo.close();
      }
    });

    it("refuses an IPFS node that is unreachable, answers an error, or names a raw-leaf CID that is not the file's", async () => {
      const closed = await startFakeKubo();
      await closed.close();
      await expectRejection(
        publishModelFile(SHIPPED_GENESIS_FILE, { kind: "ipfs", api: closed.url }),
        ModelPublishError,
        /^cannot add \S+genesis\.json to IPFS through http:\/\/127\.0\.0\.1:\d+: unreachable \([^\n]+\)$/,
      );
      const failing = await startHttpServer((request, response) => {
        request.resume();
        if (request.url?.startsWith("/error")) return void response.writeHead(500).end('{"Message":"no space left"}');
        request.on("end", () => response.end(JSON.stringify({ Name: "f", Hash: kuboRawLeafCid(new Uint8Array()), Size: "0" })));
      });
      try {
        await expectRejection(
          publishModelFile(SHIPPED_GENESIS_FILE, { kind: "ipfs", api: `${failing.url}/error` }),
          ModelPublishError,
          /HTTP 500 \{"Message":"no space left"\}$/,
        );
        await expectRejection(
          publishModelFile(SHIPPED_GENESIS_FILE, { kind: "ipfs", api: failing.url }),
          ModelPublishError,
          /the node named the file bafkrei\w+, its raw-leaf CID is bafkrei\w+$/,
        );
      } finally {
        await failing.close();
      }
      await expectRejection(
        publishModelFile(SHIPPED_GENESIS_FILE, { kind: "ipfs", api: "127.0.0.1:5001" }),
        ArgumentError,
        /IPFS API/,
      );
    });
  });

  describe("round trips with the chain", () => {
    const served = servedModelVersions();
    after(() => served.close());

    it("a version published to a served directory is fetched by its on-chain URI, and its hash is the on-chain hash", async () => {
      const { coordinator, candidateVersion, file, server } = await loadFixture(served.withDirectoryVersion);
      const onChain = await coordinator.protocol.modelRegistry.versionOf(candidateVersion);
      expect(onChain.uri).to.equal(`${server.url}/${publishedFileName(artifactHash(file))}`);
      const fetched = await fetchModelVersion(coordinator.protocol, candidateVersion);
      expect(fetched.bytes).to.deep.equal(file);
      expect(artifactHash(fetched.bytes)).to.equal(onChain.weightsHash);
      expect(fetched.report.verified).to.equal(true);
    });

    it("a version published to IPFS is registered as ipfs://<CID> and fetched and verified through the gateway", async () => {
      const { coordinator, candidateVersion, file, kubo } = await loadFixture(served.withIpfsVersion);
      const onChain = await coordinator.protocol.modelRegistry.versionOf(candidateVersion);
      expect(onChain.uri).to.equal(`ipfs://${kuboRawLeafCid(file)}`);
      const fetched = await fetchModelVersion(coordinator.protocol, candidateVersion, { gateway: kubo.url });
      expect(fetched.bytes).to.deep.equal(file);
      expect(fetched.weightsHash).to.equal(onChain.weightsHash);
      expect(fetched.report.verified).to.equal(true);
    });
  });

  describe("serveModelDirectory", () => {
    it("serves the directory's files over GET, and refuses path traversal, other methods, subfolders and missing files", async () => {
      const dir = tempDir();
      const published = await publishModelFile(SHIPPED_GENESIS_FILE, { kind: "directory", dir, baseUrl: "http://unused" });
      fs.mkdirSync(path.join(dir, "sub"));
      fs.writeFileSync(path.join(dir, "sub", "x.json"), "{}");
      fs.writeFileSync(path.join(dir, ".hidden"), "secret");
      fs.symlinkSync(path.resolve("package.json"), path.join(dir, "link.json"));
      const server = await serveModelDirectory(dir);
      try {
        const name = publishedFileName(published.weightsHash);
        expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(await fetchModelBytes(`${server.url}/${name}`)).to.deep.equal(genesisBytes());
        const get = (p: string) => rawRequest(server.url, "GET", p);
        expect((await get(`/${name}`)).body).to.equal(fs.readFileSync(SHIPPED_GENESIS_FILE, "utf8"));
        for (const traversal of [
          "/../package.json",
          "/%2e%2e/package.json",
          "/%2E%2E%2Fpackage.json",
          "/..%2fpackage.json",
          "/%2e%2e%5cpackage.json",
          "/sub/x.json",
          "/sub%2fx.json",
          "/.hidden",
          "/link.json",
          "/",
          "/nothing.json",
          "/%zz",
        ]) {
          const answer = await get(traversal);
          expect(answer.status, traversal).to.be.oneOf([400, 404]);
          expect(answer.body, traversal).not.to.contain("guardians");
        }
        for (const method of ["POST", "PUT", "DELETE", "HEAD"]) {
          const answer = await rawRequest(server.url, method, `/${name}`);
          expect(answer.status, method).to.equal(405);
        }
        expect(fs.readdirSync(dir).sort()).to.deep.equal([".hidden", "link.json", name, "sub"].sort());
      } finally {
        await server.close();
      }
      await expectRejection(serveModelDirectory(path.join(dir, "none")), ArgumentError, /^no directory at /);
    });
  });
});
