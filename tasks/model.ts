import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";
import { openFromHre, withAccountParams, type AccountArgs } from "../src/cli/hardhat";

const model = scope("model", "Model versions: verify a version's file and its provenance against the chain");

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
