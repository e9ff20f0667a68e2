import { scope, types } from "hardhat/config";

import { runCli } from "../src/cli/errors";

const fl = scope(
  "fl",
  "The reference trainer for the demo's logistic model, and example data: participants may use any tool that computes local − global weights",
);

fl.task(
  "example-data",
  "Writes example model-ready data: one CSV per organization and the aggregator's validation CSV (wdbc, standardized)",
)
  .addOptionalParam("parts", "Number of organizations", 3, types.int)
  .addParam("outDir", "Folder to write part-1.csv … part-N.csv and validation.csv into", undefined, types.string)
  .setAction(async (args: { parts: number; outDir: string }) =>
    runCli(async () => {
      const fs = await import("node:fs");
      const path = await import("node:path");
      const { exampleDataFiles } = await import("../src/fl/validation");
      const { ArgumentError } = await import("../src/sdk");
      const files = exampleDataFiles(args.parts);
      const names = [...files.shards.map((_, i) => `part-${i + 1}.csv`), "validation.csv"];
      fs.mkdirSync(args.outDir, { recursive: true });
      for (const name of names)
        if (fs.existsSync(path.join(args.outDir, name)))
          throw new ArgumentError(`${path.join(args.outDir, name)} exists; choose another folder (nothing was overwritten)`);
      [...files.shards, files.validation].forEach((csv, i) => fs.writeFileSync(path.join(args.outDir, names[i]), csv));
      for (const name of names) console.log(`wrote: ${path.join(args.outDir, name)}`);
    }),
  );

fl.task("train", "Trains locally from a model file on your data and writes the update (local − global weights) as a .npy")
  .addParam("model", "The base model file (model fetch)", undefined, types.string)
  .addParam("data", "Your model-ready data: a CSV of label, then the features", undefined, types.string)
  .addParam("out", "Where to write the update (.npy, float64)", undefined, types.string)
  .addOptionalParam("seed", "Seed of the example order", 1, types.int)
  .setAction(async (args: { model: string; data: string; out: string; seed: number }) =>
    runCli(async () => {
      const fs = await import("node:fs");
      const sdk = await import("../src/sdk");
      const { loadLabelledCsv, trainUpdate } = await import("../src/fl/validation");
      if (fs.existsSync(args.out))
        throw new sdk.ArgumentError(`${args.out} exists; choose another path (nothing was overwritten)`);
      const artifact = sdk.parseArtifact(new Uint8Array(fs.readFileSync(sdk.requireFile(args.model, "model"))));
      const global = artifact.weights.map((w) => Number(w) / 2 ** artifact.fracBits);
      const update = trainUpdate(global, loadLabelledCsv(sdk.requireFile(args.data, "data")), undefined, args.seed, args.data);
      fs.writeFileSync(args.out, sdk.encodeNpy(update));
      const norm = Math.sqrt(update.reduce((s, x) => s + x * x, 0));
      console.log(`update: ${args.out} (${update.length} values, L2 norm ${norm.toFixed(4)})`);
    }),
  );
