import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const model = scope(
  "model",
  "Model versions: list them, show one with its provenance, verify a version's file against the chain",
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
