/**
 * A real federated round between organizations, as separate processes: a node (Hardhat's or Anvil),
 * and the operator, the aggregator, three participants and an outsider, each a `npx hardhat <task>`
 * child process with its own keystore, identity or key file and working folder. Nothing is shared in
 * memory: the chain, the published model directory (served by `model serve`) and the public
 * deployment file are all that passes between them. The test process itself plays the attackers of
 * round 2, from their own development accounts, through the SDK.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { expect } from "chai";
import { JsonRpcProvider } from "ethers";

import { exampleDataFiles, loadLabelledCsv, trainUpdate } from "../../src/fl/validation";
import { openGuardians, type Guardians } from "../../src/sdk/client";
import { readDeployment } from "../../src/sdk/deployment-file";
import { encryptOpening } from "../../src/sdk/delivery";
import { encodeNpy } from "../../src/sdk/update-format";
import { aggregatorKeyOfFile } from "../../src/sdk/aggregator";
import { openingContext, roundDeliveries } from "../../src/sdk/openings";
import { stake } from "../../src/sdk/staking";
import { parseArtifact } from "../../src/sdk/model/artifact";
import { Identity } from "../../src/zk";
import { submitWithCiphertext } from "./adversary";
import { tempDir } from "./deployment";
import { runScript, walkthroughScript } from "./walkthrough";
import { HARDHAT_BIN, PROJECT_ROOT, startLocalNode, type LocalNode, type NodeKind, type TaskResult } from "./node";

/** One role: its folder, and the environment its processes get (its own passwords). */
interface Role {
  name: string;
  data?: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  keystore?: string;
  address?: string;
  identity?: string;
}

/**
 * `start: "walkthrough"` runs docs/OPERATIONS.md's walkthrough verbatim first (setup and round 1, with
 * its own processes), then plays round 2 on the state it left; `"fresh"` plays both rounds itself.
 */
export function realRoundSuite(kind: NodeKind, options: { start: "walkthrough" | "fresh"; badInput: boolean }): void {
  describe(`a real round across processes, against ${kind === "anvil" ? "Anvil" : "a Hardhat node"}`, function () {
    this.timeout(1_800_000);
    let node: LocalNode;
    let provider: JsonRpcProvider;
    let shared: string;
    let published: string;
    let server: ChildProcess | undefined;
    let serverUrl = "";
    const steps: Array<{ step: string; seconds: number }> = [];
    const operator: Role = { name: "operator", dir: "", env: {} };
    const aggregator: Role = { name: "aggregator", dir: "", env: {} };
    const outsider: Role = { name: "outsider", dir: "", env: {} };
    const participants: Role[] = [1, 2, 3].map((i) => ({ name: `P${i}`, dir: "", env: {} }));
    let aggregatorKeyFile = "";
    let validationFile = "";
    let root = "";
    /** Rounds whose contributions were claimed before this suite's claims (the walkthrough claims round 1). */
    let claimedRounds = 0;
    let aggregatorPublicKey = "";
    const versions: string[] = [];
    const aggregationFiles: Array<{ roundId: string; contributions: Array<{ uid: string; weight: string; why: string }> }> = [];
    const roundUids = new Map<string, string>();

    const run = (role: Role, args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
      node.hardhat(args, { env: { GUARDIANS_DEPLOYMENTS_DIR: shared, ...role.env, ...extraEnv } });
    const asRole = (role: Role, args: string[]) => run(role, role.keystore ? [...args, "--keystore", role.keystore] : args);

    async function ok(role: Role, args: string[]): Promise<string> {
      const result = await asRole(role, args);
      expect(result.code, `${role.name}: ${args.join(" ")}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).to.equal(0);
      return result.stdout;
    }

    /** A user's mistake: exit code 1, one `error:` line, no stack trace, and no block mined. */
    async function refused(role: Role, args: string[], message: RegExp, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
      const before = await provider.getBlockNumber();
      const result: TaskResult = await run(role, role.keystore ? [...args, "--keystore", role.keystore] : args, extraEnv);
      expect(result.code, `${args.join(" ")}\n${result.stdout}\n${result.stderr}`).to.equal(1);
      const errors = result.stderr.split("\n").filter((l) => l.startsWith("error: "));
      expect(errors, result.stderr).to.have.length(1);
      expect(errors[0]).to.match(message);
      expect(result.stderr).to.not.match(/^\s+at /m);
      expect(await provider.getBlockNumber(), `${args.join(" ")} sent a transaction`).to.equal(before);
    }

    /** The operator's open-round: a 10-minute window, a 1 GRD bond, `pool` GRD, to the aggregator's key. */
    const openRoundArgs = (pool: string) => [
      "coordinator",
      "open-round",
      "--window",
      "10m",
      "--bond",
      "1",
      "--pool",
      pool,
      "--l2-bound",
      "4",
      "--aggregator-key",
      aggregatorPublicKey,
    ];

    const field = (stdout: string, name: string): string => {
      const line = stdout.split("\n").find((l) => l.startsWith(`${name}: `));
      if (!line) throw new Error(`no "${name}:" in\n${stdout}`);
      return line.slice(name.length + 2).trim();
    };

    async function timed<T>(step: string, action: () => Promise<T>): Promise<T> {
      const started = performance.now();
      const result = await action();
      steps.push({ step, seconds: (performance.now() - started) / 1000 });
      return result;
    }

    const advance = async (seconds: number) => {
      await node.rpc("evm_increaseTime", [seconds]);
      await node.rpc("evm_mine");
    };

    /** The SDK session of a development account, for the attackers the test process plays. */
    async function devSession(index: number): Promise<Guardians> {
      const deployment = readDeployment(path.join(shared, "localhost.json"));
      return openGuardians({ signer: await provider.getSigner(index), deployment, pollMs: 50 });
    }

    /** Starts `model serve` over the published folder, as its own process, on `port`. */
    async function serve(port: number): Promise<void> {
      server = spawn(HARDHAT_BIN, ["model", "serve", "--dir", published, "--port", String(port)], {
        cwd: PROJECT_ROOT,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      await new Promise<void>((resolve, reject) => {
        let log = "";
        const timer = setTimeout(() => reject(new Error(`model serve did not start:\n${log}`)), 60_000);
        server?.stdout?.on("data", (d: Buffer) => {
          log += d.toString();
          const match = /serving .* at (http:\/\/\S+)/.exec(log);
          if (match) {
            serverUrl = match[1];
            clearTimeout(timer);
            resolve();
          }
        });
        server?.stderr?.on("data", (d: Buffer) => (log += d.toString()));
      });
    }

    /** Each role's folder and secrets: under `root` (fresh), or where the walkthrough put them. */
    function assignRoles(root: string, walkthrough: boolean): void {
      shared = path.join(root, "deployments");
      published = path.join(root, "published");
      for (const role of [operator, aggregator, outsider, ...participants]) {
        role.dir = path.join(root, walkthrough && role.name.startsWith("P") ? role.name.toLowerCase() : role.name);
        fs.mkdirSync(role.dir, { recursive: true });
      }
      fs.mkdirSync(shared, { recursive: true });
      fs.mkdirSync(published, { recursive: true });
      // The walkthrough's passwords (docs/OPERATIONS.md), which a fresh start uses too.
      aggregator.env = { GUARDIANS_AGGREGATOR_PASSWORD: "aggregator password" };
      aggregatorKeyFile = path.join(aggregator.dir, "key.json");
      participants.forEach((p, i) => {
        p.env = {
          GUARDIANS_KEYSTORE_PASSWORD: `keystore password ${i + 1}`,
          GUARDIANS_IDENTITY_PASSWORD: `identity password ${i + 1}`,
        };
        p.keystore = path.join(p.dir, "wallet.json");
        p.identity = path.join(p.dir, "identity.json");
        p.data = path.join(root, "data", `part-${i + 1}.csv`);
      });
      validationFile = path.join(root, "data", "validation.csv");
    }

    before(async () => {
      node = await startLocalNode(kind);
      provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
      root = tempDir(`guardians-real-round-${kind}-`);
      assignRoles(root, options.start === "walkthrough");
      if (options.start === "fresh") {
        // Each organization's own share of the example data, and the aggregator's validation set.
        const files = exampleDataFiles(3);
        fs.mkdirSync(path.join(root, "data"), { recursive: true });
        participants.forEach((p, i) => fs.writeFileSync(p.data as string, files.shards[i]));
        fs.writeFileSync(validationFile, files.validation);
        await serve(20_000 + Math.floor(Math.random() * 20_000));
      }
    });

    after(async () => {
      provider?.destroy();
      if (server?.pid !== undefined) {
        try {
          process.kill(-server.pid, "SIGTERM");
        } catch {
          // Already gone.
        }
      }
      await node?.stop();
      const width = Math.max(...steps.map((s) => s.step.length));
      console.log(`\n    time of each step (${kind}):`);
      for (const s of steps) console.log(`      ${s.step.padEnd(width)}  ${s.seconds.toFixed(1)} s`);
    });

    /**
     * One round, every role in its own processes: open; each participant shows the round, fetches the
     * base model (checked against the chain), trains on its own data with its own tool (here the
     * reference trainer, writing a .npy) and contributes; after the window the aggregator aggregates
     * from the chain with its validation data and publishes; the operator finalizes; governance
     * activates the candidate.
     */
    async function playRound(round: number, attack?: (roundId: bigint) => Promise<void>, exclude?: (uids: string[]) => string[]) {
      const label = `round ${round}`;
      const opened = await timed(`${label}: open-round`, () => ok(operator, openRoundArgs("90")));
      const roundId = field(opened, "round");
      await timed(`${label}: participants show, fetch, train, contribute (3 in parallel)`, () =>
        Promise.all(
          participants.map(async (p) => {
            if (p === participants[0]) {
              const shown = await ok(p, ["round", "show", "--round", roundId]);
              expect(field(shown, "aggregator key")).to.equal(aggregatorPublicKey);
            }
            const base = path.join(p.dir, `base-${roundId}.json`);
            const fetched = await ok(p, ["model", "fetch", "--champion", "--out", base]);
            expect(fetched).to.include("✓ verifies");
            const artifact = parseArtifact(new Uint8Array(fs.readFileSync(base)));
            const global = artifact.weights.map((w) => Number(w) / 2 ** artifact.fracBits);
            const update = trainUpdate(global, loadLabelledCsv(p.data as string), undefined, round);
            const file = path.join(p.dir, `update-${roundId}.npy`);
            fs.writeFileSync(file, encodeNpy(update));
            const contributed = await ok(p, [
              "participant",
              "contribute",
              "--update",
              file,
              "--round",
              roundId,
              "--identity",
              p.identity as string,
              "--base-model",
              base,
              "--reveal-out",
              path.join(p.dir, `reveal-${roundId}.json`),
            ]);
            expect(field(contributed, "opening delivered")).to.match(/^146 bytes/);
            roundUids.set(`${roundId}:${p.name}`, field(contributed, "attestation uid"));
          }),
        ),
      );
      if (attack) await attack(BigInt(roundId));
      await advance(10 * 60 + 1);
      const modelOut = path.join(aggregator.dir, `round-${roundId}.model.json`);
      const aggregationOut = path.join(aggregator.dir, `round-${roundId}.aggregation.json`);
      const parent = path.join(aggregator.dir, `base-${roundId}.json`);
      await ok(aggregator, ["model", "fetch", "--champion", "--out", parent]);
      const excluded = exclude
        ? exclude([...roundUids.entries()].filter(([k]) => k.startsWith(`${roundId}:`)).map(([, v]) => v))
        : [];
      const aggregated = await timed(`${label}: coordinator aggregate (decrypt, audit, prove)`, () =>
        ok(aggregator, [
          "coordinator",
          "aggregate",
          "--round",
          roundId,
          "--key",
          aggregatorKeyFile,
          "--parent-model",
          parent,
          "--validation",
          validationFile,
          "--model-out",
          modelOut,
          "--aggregation-out",
          aggregationOut,
          ...(excluded.length ? ["--exclude", excluded.join(",")] : []),
        ]),
      );
      const accuracyBps = /\((\d+) bps\)/.exec(field(aggregated, "validation accuracy"))?.[1] ?? "0";
      const publishedUri = field(
        await timed(`${label}: model publish`, () =>
          ok(aggregator, ["model", "publish", "--file", modelOut, "--dir", published, "--base-url", serverUrl]),
        ),
        "uri",
      );
      // The aggregation file goes out with the model: anyone checks its exclusions.
      fs.copyFileSync(aggregationOut, path.join(published, `round-${roundId}.aggregation.json`));
      const finalized = await timed(`${label}: coordinator finalize`, () =>
        ok(operator, [
          "coordinator",
          "finalize",
          "--round",
          roundId,
          "--aggregation",
          aggregationOut,
          "--model",
          modelOut,
          "--uri",
          publishedUri,
          "--accuracy-bps",
          accuracyBps,
        ]),
      );
      const version = field(finalized, "candidate version");
      versions.push(version);
      await timed(`${label}: governance (propose, vote, queue, execute)`, async () => {
        await advance(2);
        const proposal = field(await ok(operator, ["gov", "propose-model", "--model-version", version]), "proposal");
        await advance(61);
        await ok(operator, ["gov", "vote", "--proposal", proposal, "--support", "for", "--reason", `round ${roundId}`]);
        await advance(10 * 60 + 1);
        await ok(operator, ["gov", "queue", "--proposal", proposal]);
        await advance(5 * 60 + 1);
        await ok(operator, ["gov", "execute", "--proposal", proposal]);
      });
      aggregationFiles.push(JSON.parse(fs.readFileSync(aggregationOut, "utf8")));
      return { roundId, aggregated, aggregationOut, version };
    }

    if (options.start === "walkthrough")
      it("runs docs/OPERATIONS.md's walkthrough verbatim: every role's processes, setup and round 1, a verified champion", async () => {
        const script = path.join(root, "walkthrough.sh");
        fs.writeFileSync(script, walkthroughScript());
        const result = await timed("the walkthrough (setup and round 1, verbatim)", () =>
          runScript(script, { W: root, LOCALHOST_RPC_URL: node.url }),
        );
        expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).to.equal(0);
        expect(result.stdout).to.match(/^selection: [1-3] of 3 contributions included$/m);
        expect(result.stdout).to.match(/^executed: \d+$/m);
        expect(result.stdout.match(/^total paid: [\d.]+ GRD$/gm)).to.have.length(3);
        // The outsider's fetch of the champion: version 2, verified back to the genesis.
        expect(result.stdout).to.match(/^version: 2$/m);
        expect(result.stdout).to.include("✓ verifies");
        expect(fs.existsSync(path.join(outsider.dir, "champion.json"))).to.equal(true);
        // Round 2 goes on from the state the walkthrough left, its published files served again.
        aggregatorPublicKey = aggregatorKeyOfFile(aggregatorKeyFile);
        versions.push("2");
        aggregationFiles.push(JSON.parse(fs.readFileSync(path.join(published, "round-1.aggregation.json"), "utf8")));
        for (const p of participants)
          roundUids.set(`1:${p.name}`, JSON.parse(fs.readFileSync(path.join(p.dir, "reveal-1.json"), "utf8")).uid);
        claimedRounds = 1;
        await serve(8090);
      });

    if (options.start === "fresh")
      it("sets up: the operator deploys; the aggregator makes its key; three organizations get wallets, GRD, identities and stake", async () => {
        await timed("deploy", () => ok(operator, ["deploy"]));
        await ok(operator, ["gov", "delegate"]);
        aggregatorPublicKey = field(
          await timed("aggregator keygen", () => ok(aggregator, ["aggregator", "keygen", "--out", aggregatorKeyFile])),
          "public key",
        );
        await Promise.all(
          participants.map(async (p) => {
            p.address = (await ok({ ...p, keystore: undefined }, ["wallet:create", "--out", p.keystore as string])).trim();
            await ok({ ...p, keystore: undefined }, ["participant", "identity", "--out", p.identity as string]);
          }),
        );
        for (const p of participants) {
          await ok(operator, ["local", "fund", "--to", p.address as string]);
          await ok(operator, ["token", "transfer", "--to", p.address as string, "--amount", "300"]);
        }
        await timed("participants stake (3 in parallel)", () =>
          Promise.all(
            participants.map((p) => ok(p, ["participant", "stake", "--amount", "100", "--identity", p.identity as string])),
          ),
        );
      });

    if (options.start === "fresh")
      it("round 1: every organization's update is delivered, included, proved, published and activated", async () => {
        const { aggregated, version } = await playRound(1);
        // Each honest update is included, unless the aggregator's leave-one-out audit flags it, which the
        // table then says.
        const [file] = aggregationFiles;
        for (const c of file.contributions)
          expect(c.weight === "1" || /^flagged by the audit: /.test(c.why), c.why).to.equal(true);
        expect(field(aggregated, "selection")).to.match(/^[1-3] of 3 contributions included$/);
        expect(field(await ok(outsider, ["model", "show", "--model-version", version]), `model version ${version}`)).to.match(
          /Active \(champion\)/,
        );
      });

    it("round 2: garbage, a replayed ciphertext and a wrong opening are left out with evidence; a left-out valid contribution shows", async () => {
      const attackers: string[] = [];
      const { roundId, aggregationOut } = await playRound(
        2,
        async (roundId) => {
          // Three attackers, each a staked member on a development account, play from the test process.
          const deployer = await devSession(0);
          const sessions = await Promise.all([7, 8, 9].map((i) => devSession(i)));
          const identities = sessions.map(() => Identity.generate());
          const values = Array.from({ length: 31 }, (_, j) => ((j % 5) - 2) / 32);
          for (const [i, s] of sessions.entries()) {
            await (await deployer.protocol.token.transfer(s.account, 200n * 10n ** 18n)).wait();
            await (await s.protocol.token.approve(await s.protocol.roundManager.getAddress(), 2n ** 255n)).wait();
            await stake(s, 100n * 10n ** 18n, identities[i].commitment);
          }
          const replayed = (await roundDeliveries(deployer, roundId)).get(
            (roundUids.get(`${roundId}:P1`) as string).toLowerCase(),
          );
          const shape = { n: 32, bits: 16 };
          const garbage = await submitWithCiphertext(sessions[0], identities[0], roundId, values, async () =>
            new Uint8Array(146).map((_, i) => (i * 37 + 11) % 256),
          );
          const replay = await submitWithCiphertext(
            sessions[1],
            identities[1],
            roundId,
            values,
            async () => replayed?.[0].ciphertext ?? new Uint8Array(1),
          );
          const wrong = await submitWithCiphertext(sessions[2], identities[2], roundId, values, async (own) =>
            encryptOpening(
              aggregatorPublicKey,
              await openingContext(sessions[2], roundId, own.nullifier, own.updateCommitment),
              { values: own.quantized.map((v) => -v), salt: own.salt },
              shape,
            ),
          );
          attackers.push(garbage.uid, replay.uid, wrong.uid);
        },
        // The aggregator leaves out P3's valid contribution by its own decision.
        () => [roundUids.get("2:P3") as string],
      );
      const file = JSON.parse(fs.readFileSync(aggregationOut, "utf8")) as {
        contributions: Array<{ uid: string; weight: string; why: string }>;
      };
      const byUid = new Map(file.contributions.map((c) => [c.uid, c]));
      for (const p of ["P1", "P2"]) {
        const c = byUid.get(roundUids.get(`2:${p}`) as string);
        expect(c?.weight === "1" || /^flagged by the audit: /.test(c?.why ?? ""), c?.why).to.equal(true);
      }
      expect(byUid.get(roundUids.get("2:P3") as string)?.why).to.match(/^excluded by the aggregator/);
      expect(byUid.get(attackers[0])?.why).to.match(/malformed/);
      expect(byUid.get(attackers[1])?.why).to.match(/does not decrypt/);
      expect(byUid.get(attackers[2])?.why).to.match(/another commitment/);
      for (const uid of attackers) expect(byUid.get(uid)?.weight).to.equal("0");

      // An outsider, from the chain and the published aggregation file alone: the three exclusions
      // with evidence hold; P3's is not backed by evidence, and says so.
      const check = await run(outsider, [
        "round",
        "check-aggregation",
        "--round",
        roundId,
        "--aggregation",
        path.join(published, `round-${roundId}.aggregation.json`),
      ]);
      expect(check.code).to.equal(1);
      expect(check.stdout).to.include("evidence: 3 of 4 exclusions confirmed");
      expect(check.stderr).to.match(/error: 1 exclusion\(s\) of round 2 are not backed by evidence/);
      const status = await ok(participants[2], ["participant", "status"]);
      expect(status).to.match(new RegExp(`round 2 ${roundUids.get("2:P3")} Valid, left out`));
    });

    it("claims: every included contribution is paid bond and reward; the left-out one its bond", async () => {
      await advance(30 * 60);
      const paid = await timed("claims (3 in parallel)", () =>
        Promise.all(participants.map((p) => ok(p, ["participant", "claim"]))),
      );
      // Each round's 90 GRD pool goes in equal shares to the contributions its proven selection
      // included; every contribution gets its 1 GRD bond back.
      for (const [i, p] of participants.entries()) {
        let expected = 0;
        for (const file of aggregationFiles.filter((f) => Number(f.roundId) > claimedRounds)) {
          const own = file.contributions.find((c) => c.uid === roundUids.get(`${file.roundId}:${p.name}`));
          const included = file.contributions.filter((c) => c.weight !== "0").length;
          expected += 1 + (own && own.weight !== "0" ? 90 / included : 0);
        }
        expect(Number(field(paid[i], "total paid").replace(" GRD", "")), p.name).to.be.closeTo(expected, 1e-9);
      }
      // P3 was left out of round 2 by the aggregator's decision: bond only there.
      expect(aggregationFiles[1].contributions.find((c) => c.uid === roundUids.get("2:P3"))?.weight).to.equal("0");
    });

    it("an outsider verifies every model version from the chain and the published files alone, and refuses a file that does not match its hash", async () => {
      for (const version of versions) {
        const out = path.join(outsider.dir, `v${version}.json`);
        const fetched = await timed(`outsider fetches and verifies version ${version}`, () =>
          ok(outsider, ["model", "fetch", "--model-version", version, "--out", out, "--ancestors-dir", outsider.dir]),
        );
        expect(fetched).to.include("✓ verifies");
      }
      const servedFile = path.join(
        published,
        `${field(await ok(outsider, ["model", "show", "--model-version", versions[1]]), "  hash").slice(2)}.json`,
      );
      const genuine = fs.readFileSync(servedFile);
      // The server now hands out other bytes under the version's URI (a tampered or swapped file).
      fs.writeFileSync(servedFile, Buffer.concat([genuine, Buffer.from(" ")]));
      const target = path.join(outsider.dir, "tampered.json");
      await refused(
        outsider,
        ["model", "fetch", "--model-version", versions[1], "--out", target],
        /hashes to 0x[0-9a-f]{64}, the chain records 0x[0-9a-f]{64}/,
      );
      expect(fs.existsSync(target)).to.equal(false);
      fs.writeFileSync(servedFile, genuine);
    });

    if (options.badInput)
      it("refuses bad input at every new task in one line, sending nothing", async () => {
        const identityOfP1 = participants[0].identity as string;
        await refused(
          aggregator,
          ["aggregator", "keygen", "--out", aggregatorKeyFile],
          /already exists; nothing was overwritten/,
        );
        await refused(aggregator, ["aggregator", "show", "--key", path.join(aggregator.dir, "none.json")], /none\.json/);
        await refused(outsider, ["round", "show", "--round", "99"], /round 99 does not exist \(rounds are 1 to 2\)/);
        const aggregate = (key: string, round = "2") => [
          "coordinator",
          "aggregate",
          "--round",
          round,
          "--key",
          key,
          "--parent-model",
          path.join(outsider.dir, "v2.json"),
          "--no-audit",
          "--model-out",
          path.join(aggregator.dir, "again.model.json"),
          "--aggregation-out",
          path.join(aggregator.dir, "again.aggregation.json"),
        ];
        await refused(aggregator, aggregate(identityOfP1), /is not an encrypted guardians-aggregator-key file/);
        await refused(aggregator, aggregate(aggregatorKeyFile), /wrong password for aggregator key/, {
          GUARDIANS_AGGREGATOR_PASSWORD: "not the password",
        });
        await refused(aggregator, aggregate(aggregatorKeyFile), /round 2 is finalized already/);
        await refused(
          operator,
          [
            "coordinator",
            "finalize",
            "--round",
            "1",
            "--aggregation",
            path.join(published, "round-2.aggregation.json"),
            "--uri",
            "x",
            "--accuracy-bps",
            "1",
          ],
          /aggregates round 2, not round 1/,
        );
        await refused(
          aggregator,
          ["model", "publish", "--file", path.join(PROJECT_ROOT, "package.json"), "--dir", published, "--base-url", serverUrl],
          /is not a guardians-model\/1 file/,
        );
        await refused(
          outsider,
          ["model", "fetch", "--model-version", "2", "--champion", "--out", path.join(outsider.dir, "x.json")],
          /give exactly one of --model-version <id> and --champion/,
        );
        await refused(
          participants[0],
          ["participant", "redeliver", "--reveal", path.join(participants[0].dir, "reveal-1.json"), "--round", "2"],
          /reveals a contribution to round 1, not 2/,
        );
        await refused(
          operator,
          ["gov", "propose-revoke-contribution", "--uid", `0x${"ab".repeat(32)}`, "--reason", "x"],
          /no contribution has attestation uid/,
        );
        await refused(
          outsider,
          ["round", "check-aggregation", "--round", "1", "--aggregation", path.join(published, "round-2.aggregation.json")],
          /aggregates round 2, not round 1/,
        );
        await refused(outsider, ["model", "serve", "--dir", path.join(outsider.dir, "none")], /no directory at .*none/);
        await refused(
          outsider,
          ["fl", "example-data", "--parts", "0", "--out-dir", outsider.dir],
          /--parts must be an integer from 1 to 20/,
        );
        await refused(
          outsider,
          [
            "fl",
            "train",
            "--model",
            path.join(outsider.dir, "v2.json"),
            "--data",
            path.join(root, "none.csv"),
            "--out",
            path.join(root, "u.npy"),
          ],
          /none\.csv/,
        );
        // A round open for the format checks: a wrong length against the base model, a malformed file.
        const opened = await ok(operator, openRoundArgs("0"));
        const roundId = field(opened, "round");
        const short = path.join(participants[0].dir, "short.npy");
        fs.writeFileSync(short, encodeNpy(Array<number>(30).fill(0.01)));
        const contribute = (file: string) => [
          "participant",
          "contribute",
          "--update",
          file,
          "--round",
          roundId,
          "--identity",
          identityOfP1,
          "--base-model",
          path.join(outsider.dir, `v${versions[1]}.json`),
        ];
        await refused(
          participants[0],
          contribute(short),
          /the update has 30 values, but round \d+'s base model \(version \d+\) has 31 weights/,
        );
        const broken = path.join(participants[0].dir, "broken.safetensors");
        fs.writeFileSync(broken, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0x7b]));
        await refused(participants[0], contribute(broken), /broken\.safetensors/);
        await refused(
          participants[0],
          ["participant", "contribute", "--update", short, "--round", "77", "--identity", identityOfP1],
          /round 77 does not exist/,
        );
      });
  });
}
