import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { ArgumentError } from "../../../src/sdk/errors";
import { artifactHash } from "../../../src/sdk/model/artifact";
import { publishedFileName } from "../../../src/sdk/model/publish";
import {
  ModelSourceError,
  base32Decode,
  base32Encode,
  fetchChampion,
  fetchModelBytes,
  fetchModelVersion,
  formatFetchedModel,
  rawLeafCid,
  rawLeafCidDigest,
} from "../../../src/sdk/model/source";
import { expectRejection } from "../../support/expect";
import { startHttpServer } from "../../support/http";
import { kuboRawLeafCid, startFakeKubo } from "../../support/ipfs";
import { servedModelVersions } from "../../support/model-files";
import { tempDir } from "../../support/deployment";
import { SHIPPED_GENESIS_FILE } from "../../support/sdk";

const genesisBytes = () => new Uint8Array(fs.readFileSync(SHIPPED_GENESIS_FILE));

/** The CID every IPFS implementation gives the empty file with --cid-version=1 --raw-leaves. */
const EMPTY_FILE_CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

/** One line that names the URI: what runCli prints after "error: ". */
const oneLine = (uri: string) => new RegExp(`^cannot fetch model ${uri.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: [^\n]+$`);

describe("sdk/model/source: fetching model files from their URIs", () => {
  describe("fetchModelBytes", () => {
    it("reads a model file from a local path (relative to the working directory) and from a file:// URL", async () => {
      const expected = genesisBytes();
      expect(await fetchModelBytes(SHIPPED_GENESIS_FILE)).to.deep.equal(expected);
      expect(await fetchModelBytes(path.relative(process.cwd(), SHIPPED_GENESIS_FILE))).to.deep.equal(expected);
      expect(await fetchModelBytes(pathToFileURL(SHIPPED_GENESIS_FILE).href)).to.deep.equal(expected);
    });

    it("fetches a file over http from a real server on 127.0.0.1", async () => {
      const bytes = genesisBytes();
      const server = await startHttpServer((_, response) => response.end(bytes));
      try {
        expect(await fetchModelBytes(`${server.url}/genesis.json`)).to.deep.equal(bytes);
        expect(server.requests).to.deep.equal(["GET /genesis.json"]);
      } finally {
        await server.close();
      }
    });

    it("refuses a 404, a server that does not answer in time and a file above the size limit, each in one line naming the URI", async () => {
      const server = await startHttpServer((request, response) => {
        if (request.url === "/missing.json") response.writeHead(404).end("not found");
        else if (request.url === "/slow.json") setTimeout(() => response.end("{}"), 2_000).unref();
        else if (request.url === "/chunked.json") {
          // No content-length: the limit must hold while streaming.
          response.write(Buffer.alloc(600));
          response.end(Buffer.alloc(600));
        } else response.end(Buffer.alloc(2_000));
      });
      try {
        const missing = `${server.url}/missing.json`;
        const error404 = await expectRejection(fetchModelBytes(missing), ModelSourceError, oneLine(missing));
        expect(error404.message).to.contain("HTTP 404");
        const slow = `${server.url}/slow.json`;
        const timeout = await expectRejection(fetchModelBytes(slow, { timeoutMs: 200 }), ModelSourceError, oneLine(slow));
        expect(timeout.message).to.contain("no answer within 200 ms");
        const big = `${server.url}/big.json`;
        const oversize = await expectRejection(fetchModelBytes(big, { maxBytes: 1_000 }), ModelSourceError, oneLine(big));
        expect(oversize.message).to.contain("more than the limit of 1000");
        const chunked = `${server.url}/chunked.json`;
        await expectRejection(fetchModelBytes(chunked, { maxBytes: 1_000 }), ModelSourceError, /more than the limit of 1000/);
        const local = await expectRejection(fetchModelBytes(SHIPPED_GENESIS_FILE, { maxBytes: 10 }), ModelSourceError);
        expect(local.message).to.contain("more than the limit of 10");
      } finally {
        await server.close();
      }
    });

    it("refuses an unsupported scheme, a missing file, a malformed IPFS URI and an unreachable server in one line naming the URI", async () => {
      await expectRejection(
        fetchModelBytes("ftp://example.com/m.json"),
        ModelSourceError,
        /^cannot fetch model ftp:\/\/example\.com\/m\.json: the scheme "ftp:" is not supported/,
      );
      const missing = path.join(tempDir(), "nothing.json");
      await expectRejection(fetchModelBytes(missing), ModelSourceError, oneLine(missing));
      await expectRejection(
        fetchModelBytes("file:///no/such/model.json"),
        ModelSourceError,
        /no file at \/no\/such\/model\.json$/,
      );
      await expectRejection(fetchModelBytes("ipfs://"), ModelSourceError, /ipfs:\/\/<cid>/);
      const closed = await startHttpServer((_, response) => response.end());
      await closed.close();
      const unreachable = `${closed.url}/m.json`;
      const error = await expectRejection(fetchModelBytes(unreachable), ModelSourceError, oneLine(unreachable));
      expect(error.message).to.contain("unreachable");
    });
  });

  describe("IPFS", () => {
    it("computes raw-leaf CIDs as IPFS does (the empty file's is bafkrei…vyku) and decodes them by hand-written base32", () => {
      expect(rawLeafCid(new Uint8Array())).to.equal(EMPTY_FILE_CID);
      expect(kuboRawLeafCid(new Uint8Array())).to.equal(EMPTY_FILE_CID);
      const bytes = genesisBytes();
      expect(rawLeafCid(bytes)).to.equal(kuboRawLeafCid(bytes));
      for (const length of [0, 1, 2, 3, 4, 5, 6, 31, 36]) {
        const data = new Uint8Array(length).map((_, i) => (i * 37 + 11) & 0xff);
        expect(base32Decode(base32Encode(data))).to.deep.equal(data);
      }
      expect(base32Encode(new TextEncoder().encode("foobar"))).to.equal("mzxw6ytboi"); // RFC 4648 §10, lowercase
      expect(base32Decode("MZXW6YTBOI"), "uppercase is another multibase").to.equal(undefined);
      expect(rawLeafCidDigest(EMPTY_FILE_CID)).to.have.length(32);
    });

    it("checks only CIDv1 raw-leaf sha2-256 CIDs: a CIDv0 or a dag-pb CID is left to the keccak256 check", () => {
      expect(rawLeafCidDigest("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH")).to.equal(undefined);
      expect(rawLeafCidDigest("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")).to.equal(undefined);
      expect(rawLeafCidDigest("round-1")).to.equal(undefined);
    });

    it("fetches ipfs://<cid> through the gateway, and refuses a gateway that serves other bytes for a raw-leaf CID", async () => {
      const kubo = await startFakeKubo();
      try {
        const bytes = genesisBytes();
        const cid = kuboRawLeafCid(bytes);
        kubo.blocks.set(cid, bytes);
        expect(await fetchModelBytes(`ipfs://${cid}`, { gateway: kubo.url })).to.deep.equal(bytes);
        expect(await fetchModelBytes(`ipfs://${cid}`, { gateway: `${kubo.url}/` })).to.deep.equal(bytes);
        kubo.serve(cid, new TextEncoder().encode("{}\n"));
        const lie = await expectRejection(
          fetchModelBytes(`ipfs://${cid}`, { gateway: kubo.url }),
          ModelSourceError,
          oneLine(`ipfs://${cid}`),
        );
        expect(lie.message).to.contain("the CID names");
        const unknown = kuboRawLeafCid(new TextEncoder().encode("never added"));
        await expectRejection(fetchModelBytes(`ipfs://${unknown}`, { gateway: kubo.url }), ModelSourceError, /HTTP 404/);
      } finally {
        await kubo.close();
      }
    });
  });

  describe("fetchModelVersion over the deployed contracts", () => {
    const served = servedModelVersions();
    after(() => served.close());

    it("fetches a round version and its genesis from their on-chain URIs and verifies the chain back to the genesis", async () => {
      const { coordinator, candidateVersion, file, genesis, genesisUri } = await loadFixture(served.withDirectoryVersion);
      const fetched = await fetchModelVersion(coordinator.protocol, candidateVersion);
      expect(fetched.bytes).to.deep.equal(file);
      expect(fetched.weightsHash).to.equal((await coordinator.protocol.modelRegistry.versionOf(candidateVersion)).weightsHash);
      expect(fetched.ancestors.map((a) => [a.versionId, a.uri])).to.deep.equal([[1n, genesisUri]]);
      expect(fetched.ancestors[0].bytes).to.deep.equal(genesis);
      expect(fetched.report.verified).to.equal(true);
      expect(fetched.report.links.map((l) => l.versionId)).to.deep.equal([candidateVersion, 1n]);
      const lines = formatFetchedModel(fetched);
      expect(lines).to.include(`version: ${candidateVersion}`);
      expect(lines).to.include(`weightsHash: ${artifactHash(file)}`);
      expect(lines).to.include("✓ verifies");
    });

    it("fetches the champion, the version the registry holds Active (the genesis before any activation)", async () => {
      const { coordinator, genesis } = await loadFixture(served.withDirectoryVersion);
      const champion = await fetchChampion(coordinator.protocol);
      expect(champion.versionId).to.equal(1n);
      expect(champion.bytes).to.deep.equal(genesis);
      expect(champion.ancestors).to.deep.equal([]);
    });

    it("refuses a file whose bytes do not match the on-chain hash in one line that prints both hashes", async () => {
      const { coordinator, candidateVersion, file, dir } = await loadFixture(served.withDirectoryVersion);
      const published = path.join(dir, publishedFileName(artifactHash(file)));
      const tampered = new TextEncoder().encode(new TextDecoder().decode(file).replace('"weights":["', '"weights":["1'));
      fs.writeFileSync(published, tampered);
      try {
        const error = await expectRejection(fetchModelVersion(coordinator.protocol, candidateVersion), ModelSourceError);
        expect(error.message).to.equal(
          `model version ${candidateVersion}: the file at ${(await coordinator.protocol.modelRegistry.versionOf(candidateVersion)).uri} ` +
            `hashes to ${artifactHash(tampered)}, the chain records ${artifactHash(file)}`,
        );
      } finally {
        fs.writeFileSync(published, file);
      }
    });

    it("refuses a version whose ancestor's file was tampered with, naming the ancestor", async () => {
      const { coordinator, candidateVersion, genesis, dir } = await loadFixture(served.withDirectoryVersion);
      const published = path.join(dir, publishedFileName(artifactHash(genesis)));
      fs.writeFileSync(published, new TextEncoder().encode(new TextDecoder().decode(genesis).replace('"0"', '"1"')));
      try {
        await expectRejection(
          fetchModelVersion(coordinator.protocol, candidateVersion),
          ModelSourceError,
          new RegExp(`^model version 1: the file at \\S+ hashes to 0x[0-9a-f]{64}, the chain records ${artifactHash(genesis)}$`),
        );
      } finally {
        fs.writeFileSync(published, genesis);
      }
    });

    it("refuses an unknown version in one line", async () => {
      const { coordinator } = await loadFixture(served.withDirectoryVersion);
      await expectRejection(
        fetchModelVersion(coordinator.protocol, 9n),
        ArgumentError,
        /^model version 9 is unknown \(versions are 1 to 2\)$/,
      );
    });
  });
});
