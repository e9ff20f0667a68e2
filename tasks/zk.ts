import { task, types } from "hardhat/config";

import { createProgress } from "../src/cli/progress";
import { runCli } from "../src/cli/errors";

/*
 * zk:* tasks. The heavy modules load lazily, inside each action, so that every other Hardhat
 * command (and `--help`) starts without parsing snarkjs.
 */

task("zk:build", "Compiles the circuits of circuits/circuits.json, runs the cached development setup, and exports verifiers")
  .addOptionalParam("group", "Only this group of the manifest (e.g. test, bench)", undefined, types.string)
  .addOptionalParam("circuit", "Only this circuit of the manifest", undefined, types.string)
  .addOptionalParam(
    "ptau",
    "A prepared external powers-of-tau to use instead of the development ceremony",
    undefined,
    types.string,
  )
  .setAction(async (args: { group?: string; circuit?: string; ptau?: string }) =>
    runCli(async () => {
      const { buildCircuits } = await import("../src/zk/pipeline/build");
      const progress = createProgress();
      const started = performance.now();
      const built = await buildCircuits({
        groups: args.group ? [args.group] : [],
        circuits: args.circuit ? [args.circuit] : [],
        ptauFile: args.ptau,
        progress,
      });
      for (const b of built) {
        const what = b.rebuilt.compile || b.rebuilt.setup ? "built" : "cached";
        progress.info(
          `${b.spec.name}: ${b.info.nConstraints} constraints, 2^${b.ptauPower}, key ${b.vkeyHash.slice(0, 18)}… (${what})`,
        );
      }
      progress.info(`zk:build done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }),
  );

task("zk:check", "Checks that every committed verifier matches the current proving key").setAction(async () =>
  runCli(async () => {
    const { checkVerifiers } = await import("../src/zk/pipeline/build");
    const problems = await checkVerifiers();
    if (problems.length) {
      throw new Error(problems.map((p) => `${p.circuit}: ${p.problem}`).join("\n"));
    }
    console.log("every verifier matches its proving key");
  }),
);

task("zk:ptau:verify", "Verifies an externally produced powers-of-tau file (e.g. from the Hermez ceremony)")
  .addParam("file", "Path to the .ptau file", undefined, types.string)
  .setAction(async (args: { file: string }) =>
    runCli(async () => {
      const { verifyPtau } = await import("../src/zk/pipeline/ceremony");
      const { power, log } = await verifyPtau(args.file, createProgress());
      console.log(log.join("\n"));
      console.log(
        `powers of tau verified${Number.isFinite(power) ? `: power ${power}` : ""}. Build with: npx hardhat zk:build --ptau ${args.file}`,
      );
    }),
  );

task("zk:ceremony:init", "Starts a multi-party phase-2 ceremony for one circuit from an external ptau")
  .addParam("circuit", "Circuit name from the manifest", undefined, types.string)
  .addParam("ptau", "Prepared powers-of-tau file", undefined, types.string)
  .addParam("dir", "Ceremony folder (transcript and keys)", undefined, types.string)
  .setAction(async (args: { circuit: string; ptau: string; dir: string }) =>
    runCli(async () => {
      const { ceremonyInit } = await import("../src/zk/pipeline/ceremony");
      const t = await ceremonyInit(args.circuit, args.ptau, args.dir, createProgress());
      console.log(JSON.stringify(t, null, 2));
    }),
  );

task("zk:ceremony:contribute", "Adds one phase-2 contribution with fresh OS entropy")
  .addParam("dir", "Ceremony folder", undefined, types.string)
  .addParam("name", "Contributor's public name", undefined, types.string)
  .setAction(async (args: { dir: string; name: string }) =>
    runCli(async () => {
      const { ceremonyContribute } = await import("../src/zk/pipeline/ceremony");
      const c = await ceremonyContribute(args.dir, args.name, createProgress());
      console.log(`contribution #${c.index} by ${c.name}: ${c.zkey} sha256 ${c.sha256}`);
    }),
  );

task("zk:ceremony:verify", "Re-verifies every contribution of a ceremony and prints its transcript")
  .addParam("dir", "Ceremony folder", undefined, types.string)
  .setAction(async (args: { dir: string }) =>
    runCli(async () => {
      const { ceremonyVerify, readTranscript } = await import("../src/zk/pipeline/ceremony");
      const { ok, log } = await ceremonyVerify(args.dir, createProgress());
      console.log(log.join("\n"));
      console.log(JSON.stringify(readTranscript(args.dir), null, 2));
      if (!ok) throw new Error("the ceremony does NOT verify");
      console.log("the ceremony verifies");
    }),
  );

task("zk:ceremony:finalize", "Applies a public beacon, verifies, and installs the key and verifier")
  .addParam("dir", "Ceremony folder", undefined, types.string)
  .addParam("beacon", "Public beacon: 32 bytes of hex, e.g. a future block hash", undefined, types.string)
  .addOptionalParam("iterations", "Beacon hash iterations, as a power of two", 10, types.int)
  .setAction(async (args: { dir: string; beacon: string; iterations: number }) =>
    runCli(async () => {
      const { ceremonyFinalize } = await import("../src/zk/pipeline/ceremony");
      const built = await ceremonyFinalize(args.dir, args.beacon, args.iterations, createProgress());
      console.log(`${built.spec.name}: final key ${built.vkeyHash}; verifier and keys.json updated`);
    }),
  );
