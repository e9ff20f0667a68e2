import fs from "node:fs";
import path from "node:path";
import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const model = scope(
  "model",
  "Model versions: list them, show one with its provenance, verify a version's file against the chain, fetch, publish and serve model files",
);

interface VerifyArgs extends AccountArgs {
  modelVersion: string;
  file: string;
  ancestors?: string;
}

withAccountParams(
  model
    .task(
      "verify",
      "Checks a version's file against the chain, link by link back to the genesis: hashes, parent links, the proven aggregate, the rule",
    )
    .addParam("modelVersion", "Model version id", undefined, types.string)
    .addParam("file", "The version's model file (guardians-model/1)", undefined, types.string)
    .addOptionalParam(
      "ancestors",
      "Comma-separated model files of its ancestors (parent, grandparent, … genesis), in any order",
      undefined,
      types.string,
    ),
).setAction(async (args: VerifyArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const versionId = sdk.parseId(args.modelVersion, "model-version");
    const ancestors = args.ancestors === undefined ? [] : sdk.parseList(args.ancestors, "ancestors");
    const g = await openFromHre(hre, args);
    const files = sdk.modelFilesFromPaths(g.protocol, versionId, args.file, ancestors);
    const report = await sdk.verifyModel(g.protocol, versionId, files);
    for (const line of sdk.formatVerificationReport(report)) console.log(line);
    if (!report.verified) throw new sdk.UserError(`model version ${versionId} does not verify (see the ✗ checks above)`);
  }),
);

withAccountParams(
  model.task("list", "Lists every model version: hash, URI, accuracy, parent, round, status, registrar and provenance"),
).setAction(async (args: AccountArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const g = await openFromHre(hre, args);
    const versions = await sdk.listModelVersions(g.protocol);
    console.log(`versions: ${versions.length}`);
    for (const v of versions) for (const line of sdk.formatModelVersion(v)) console.log(line);
  }),
);

interface ShowArgs extends AccountArgs {
  modelVersion: string;
  file?: string;
  ancestors?: string;
}

withAccountParams(
  model
    .task("show", "Shows one model version and its provenance; with --file, also whether the file verifies")
    .addParam("modelVersion", "Model version id", undefined, types.string)
    .addOptionalParam("file", "The version's model file: also check it (as model verify does)", undefined, types.string)
    .addOptionalParam(
      "ancestors",
      "With --file: comma-separated model files of its ancestors (parent, grandparent, … genesis), in any order",
      undefined,
      types.string,
    ),
).setAction(async (args: ShowArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    const versionId = sdk.parseId(args.modelVersion, "model-version");
    if (args.ancestors !== undefined && args.file === undefined)
      throw new sdk.ArgumentError("--ancestors needs --file (the version's own model file)");
    const ancestors = args.ancestors === undefined ? [] : sdk.parseList(args.ancestors, "ancestors");
    const g = await openFromHre(hre, args);
    const info = await sdk.modelVersionInfo(g.protocol, versionId);
    for (const line of sdk.formatModelVersion(info)) console.log(line);
    if (args.file === undefined) {
      console.log("  file: not given (--file)");
      return;
    }
    const files = sdk.modelFilesFromPaths(g.protocol, versionId, args.file, ancestors);
    const report = await sdk.verifyModel(g.protocol, versionId, files);
    console.log(`  file: ${report.verified ? "✓ verifies" : "✗ does NOT verify"}`);
    for (const line of sdk.formatVerificationReport(report)) console.log(`  ${line}`);
    if (!report.verified) throw new sdk.UserError(`model version ${versionId} does not verify (see the ✗ checks above)`);
  }),
);

interface FetchArgs extends AccountArgs {
  modelVersion?: string;
  champion: boolean;
  out?: string;
  gateway?: string;
  ancestorsDir?: string;
  force: boolean;
}

/** Writes `bytes` to `file` through a temporary file in the same folder and a rename. */
function writeAtomically(file: string, bytes: Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
}

withAccountParams(
  model
    .task(
      "fetch",
      "Fetches a version's model file from its on-chain URI (path, file://, http(s)://, ipfs://), checks its hash and verifies its provenance back to the genesis, then writes it",
    )
    .addOptionalParam("modelVersion", "Model version id (or --champion)", undefined, types.string)
    .addFlag("champion", "Fetch the current champion (or --model-version)")
    .addOptionalParam("out", "Where to write the version's file", undefined, types.string)
    .addOptionalParam(
      "gateway",
      "HTTP gateway for ipfs:// URIs (default $GUARDIANS_IPFS_GATEWAY, else http://127.0.0.1:8080)",
      undefined,
      types.string,
    )
    .addOptionalParam("ancestorsDir", "Also write the ancestors' files here, as <weightsHash>.json", undefined, types.string)
    .addFlag("force", "Overwrite --out if it exists"),
).setAction(async (args: FetchArgs, hre) =>
  runCli(async () => {
    const sdk = await import("../src/sdk");
    if ((args.modelVersion === undefined) === !args.champion)
      throw new sdk.ArgumentError("give exactly one of --model-version <id> and --champion");
    const versionId = args.modelVersion === undefined ? undefined : sdk.parseId(args.modelVersion, "model-version");
    if (args.out === undefined) throw new sdk.ArgumentError("--out is required: where to write the model file");
    const out = args.out;
    if (fs.existsSync(out) && !args.force) throw new sdk.ArgumentError(`${out} exists; pass --force to overwrite it`);
    if (args.ancestorsDir !== undefined && fs.existsSync(args.ancestorsDir) && !fs.statSync(args.ancestorsDir).isDirectory())
      throw new sdk.ArgumentError(`--ancestors-dir ${args.ancestorsDir} is not a directory`);
    const options = { gateway: args.gateway ?? process.env.GUARDIANS_IPFS_GATEWAY };
    const g = await openFromHre(hre, args);
    let fetched;
    try {
      fetched =
        versionId === undefined
          ? await sdk.fetchChampion(g.protocol, options)
          : await sdk.fetchModelVersion(g.protocol, versionId, options);
    } catch (error) {
      if (error instanceof sdk.ModelNotVerifiedError)
        for (const line of sdk.formatVerificationReport(error.report)) console.log(line);
      throw error;
    }
    // Every check passed before anything is written; an ancestor file already there must be the same.
    const ancestorFiles = fetched.ancestors.map((a) => ({
      file: path.join(args.ancestorsDir ?? ".", sdk.publishedFileName(a.weightsHash)),
      bytes: a.bytes,
    }));
    if (args.ancestorsDir !== undefined)
      for (const { file, bytes } of ancestorFiles)
        if (fs.existsSync(file) && Buffer.compare(fs.readFileSync(file), bytes) !== 0)
          throw new sdk.UserError(`${file} exists and is a different file; not replaced`);
    for (const line of sdk.formatFetchedModel(fetched)) console.log(line);
    writeAtomically(out, fetched.bytes);
    console.log(`written: ${out}`);
    if (args.ancestorsDir !== undefined)
      for (const { file, bytes } of ancestorFiles) {
        writeAtomically(file, bytes);
        console.log(`ancestor: ${file}`);
      }
  }),
);

interface PublishArgs {
  file?: string;
  dir?: string;
  baseUrl?: string;
  ipfsApi?: string;
}

model
  .task(
    "publish",
    "Publishes a model file: into a served directory as <weightsHash>.json (--dir, --base-url) or to IPFS through a Kubo RPC API (--ipfs-api); prints its URI",
  )
  .addOptionalParam("file", "The model file (guardians-model/1)", undefined, types.string)
  .addOptionalParam("dir", "A directory a web server serves (model serve): the file is copied in", undefined, types.string)
  .addOptionalParam("baseUrl", "With --dir: the URL the directory is served at", undefined, types.string)
  .addOptionalParam(
    "ipfsApi",
    "A Kubo RPC API, e.g. http://127.0.0.1:5001: the file is added and pinned",
    undefined,
    types.string,
  )
  .setAction(async (args: PublishArgs) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      if (args.file === undefined) throw new sdk.ArgumentError("--file is required: the model file to publish");
      const toDir = args.dir !== undefined || args.baseUrl !== undefined;
      if (toDir === (args.ipfsApi !== undefined))
        throw new sdk.ArgumentError("give exactly one target: --dir with --base-url, or --ipfs-api");
      if (toDir && (args.dir === undefined || args.baseUrl === undefined))
        throw new sdk.ArgumentError("--dir and --base-url go together: the directory and the URL it is served at");
      const target =
        args.ipfsApi !== undefined
          ? { kind: "ipfs" as const, api: args.ipfsApi }
          : { kind: "directory" as const, dir: args.dir as string, baseUrl: args.baseUrl as string };
      const published = await sdk.publishModelFile(args.file, target);
      console.log(`file: ${args.file}`);
      console.log(`weightsHash: ${published.weightsHash}`);
      console.log(`bytes: ${published.bytes}`);
      console.log(`uri: ${published.uri}`);
    }),
  );

interface ServeArgs {
  dir?: string;
  port: number;
}

model
  .task("serve", "Serves a directory of published model files over HTTP (GET only) until interrupted")
  .addOptionalParam("dir", "The directory (as given to model publish --dir)", undefined, types.string)
  .addOptionalParam("port", "TCP port on 127.0.0.1", 8081, types.int)
  .setAction(async (args: ServeArgs) =>
    runCli(async () => {
      const sdk = await import("../src/sdk");
      if (args.dir === undefined) throw new sdk.ArgumentError("--dir is required: the directory to serve");
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535)
        throw new sdk.ArgumentError(`--port must be 0 to 65535, got ${args.port}`);
      const server = await sdk.serveModelDirectory(args.dir, args.port);
      console.log(`serving ${args.dir} at ${server.url}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await server.close();
      console.log("stopped");
    }),
  );
