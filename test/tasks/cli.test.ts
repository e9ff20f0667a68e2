import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { Contract, JsonRpcProvider, parseEther, type JsonRpcSigner } from "ethers";

import { startLocalNode, type LocalNode, type TaskResult } from "../support/node";
import { tempDir } from "../support/deployment";
import { SHIPPED_GENESIS_FILE } from "../support/sdk";

/**
 * The tasks as a user runs them: a real `npx hardhat node` on 127.0.0.1, and every command a child
 * process `npx hardhat <task> --network localhost`. Steps run in order and share the chain.
 */
describe("tasks against a real JSON-RPC node", function () {
  this.timeout(900_000);

  const KEYSTORE_PASSWORD = "keystore password 1";
  const IDENTITY_PASSWORD = "identity password 1";
  const AGGREGATOR_PASSWORD = "aggregator password 1";
  let node: LocalNode;
  let dir: string;
  let provider: JsonRpcProvider;
  let deployer: JsonRpcSigner;
  let keystore: string;
  let member: string;
  let identity: string;
  let aggregatorKey: string;
  let proposalId: string;
  type JournalFile = { steps: Record<string, { kind: string; address?: string; txHash: string }> };
  let journal: JournalFile;

  const env = () => ({
    GUARDIANS_DEPLOYMENTS_DIR: dir,
    GUARDIANS_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD,
    GUARDIANS_IDENTITY_PASSWORD: IDENTITY_PASSWORD,
    GUARDIANS_AGGREGATOR_PASSWORD: AGGREGATOR_PASSWORD,
  });
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => node.hardhat(args, { env: { ...env(), ...extraEnv } });
  const asMember = (args: string[]) => run([...args, "--keystore", keystore]);

  /** A task that must succeed: exit code 0; returns its stdout. */
  async function ok(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
    const result = await run(args, extraEnv);
    expect(result.code, `${args.join(" ")}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).to.equal(0);
    return result.stdout;
  }

  /** A user's mistake: exit code 1, one `error:` line on stderr, no stack trace. */
  function expectUserError(result: TaskResult, message: RegExp): void {
    expect(result.code, result.stderr).to.equal(1);
    const errors = result.stderr.split("\n").filter((l) => l.startsWith("error: "));
    expect(errors, result.stderr).to.have.length(1);
    expect(errors[0]).to.match(message);
    expect(result.stderr).to.not.match(/^\s+at /m);
  }

  /** The coordinator's open-round: a 10-minute window, a 1 GRD bond and a 100 GRD pool, to `key`. */
  const openRoundArgs = (key: string) => [
    "coordinator",
    "open-round",
    "--window",
    "10m",
    "--bond",
    "1",
    "--pool",
    "100",
    "--l2-bound",
    "4",
    "--aggregator-key",
    key,
  ];

  const field = (stdout: string, name: string): string => {
    const line = stdout.split("\n").find((l) => l.startsWith(`${name}: `));
    if (!line) throw new Error(`no "${name}:" in\n${stdout}`);
    return line.slice(name.length + 2).trim();
  };

  async function advance(seconds: number): Promise<void> {
    await node.rpc("evm_increaseTime", [seconds]);
    await node.rpc("evm_mine");
  }

  async function contractCreationsSince(fromBlock: number): Promise<number> {
    const latest = await provider.getBlockNumber();
    let count = 0;
    for (let n = fromBlock; n <= latest; n++) {
      const block = await provider.getBlock(n, true);
      for (const tx of block?.prefetchedTransactions ?? []) if (tx.to === null) count++;
    }
    return count;
  }

  before(async () => {
    dir = tempDir("guardians-cli-");
    node = await startLocalNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
    deployer = await provider.getSigner(0);
    keystore = path.join(dir, "member.keystore.json");
    identity = path.join(dir, "member.identity.json");
    aggregatorKey = path.join(dir, "aggregator.key.json");
  });

  after(async () => {
    provider?.destroy();
    await node?.stop();
  });

  it("deploy: deploys the whole protocol and writes the journal", async () => {
    const stdout = await ok(["deploy"]);
    expect(stdout).to.match(/deployment complete: \d+ transactions sent/);
    journal = JSON.parse(fs.readFileSync(path.join(dir, "localhost.json"), "utf8"));
    expect(journal.steps.RoundManager.address).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(await ok(["deploy"])).to.include("deployment already complete: nothing sent");
  });

  it("deploy: an interrupted deployment resumes and deploys nothing twice", async () => {
    const journalPath = path.join(dir, "interrupted.json");
    const firstBlock = (await provider.getBlockNumber()) + 1;
    const killed = await node.hardhat(["deploy", "--journal", journalPath], { env: env(), killWhen: /✓ ParticipantRegistry/ });
    expect(killed.code, "the first run was killed").to.equal(null);
    // Killed right after the registry's transaction was mined: the journal holds it as done, or as
    // pending (sent, receipt not recorded yet) if the kill came first. Either way it has its hash.
    const partial = JSON.parse(fs.readFileSync(journalPath, "utf8")) as JournalFile;
    expect(partial.steps.ParticipantRegistry?.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(partial).to.not.have.property("completedAt");

    expect(await ok(["deploy", "--journal", journalPath])).to.match(/deployment complete/);
    const final = JSON.parse(fs.readFileSync(journalPath, "utf8")) as JournalFile;
    for (const [name, step] of Object.entries(partial.steps)) {
      expect(final.steps[name].txHash, name).to.equal(step.txHash);
      if (step.address) expect(final.steps[name].address, name).to.equal(step.address);
    }
    const deploySteps = Object.values(final.steps).filter((s) => s.kind === "deploy").length;
    expect(await contractCreationsSince(firstBlock)).to.equal(deploySteps);
  });

  it("wallet:create writes a 0600 keystore and prints only the address", async () => {
    const stdout = await ok(["wallet:create", "--out", keystore]);
    member = stdout.trim();
    expect(member).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(fs.statSync(keystore).mode & 0o777).to.equal(0o600);
  });

  it("token transfer sends GRD from the deployer, and refuses more than the balance in one line in GRD", async () => {
    const sent = await ok(["token", "transfer", "--to", member, "--amount", "500"]);
    expect(field(sent, "transferred")).to.match(new RegExp(`^500\\.0 GRD from 0x[0-9a-fA-F]{40} to ${member}$`));
    const token = new Contract(
      journal.steps.GuardiansToken.address as string,
      ["function balanceOf(address) view returns (uint256)"],
      provider,
    );
    expect(await token.balanceOf(member)).to.equal(parseEther("500"));
    const before = await provider.getBlockNumber();
    expectUserError(
      await run(["token", "transfer", "--to", deployer.address, "--amount", "100000", "--keystore", keystore]),
      new RegExp(`insufficient GRD balance for the transfer: ${member} has 500\\.0 GRD, needs 100000\\.0 GRD$`),
    );
    expect(await provider.getBlockNumber()).to.equal(before);
  });

  it("a wallet without ETH gets one line saying so and how to fund it; local fund gives it ETH", async () => {
    const before = await provider.getBlockNumber();
    expectUserError(
      await asMember(["participant", "deposit-bonds", "--amount", "1"]),
      new RegExp(
        `^error: ${member} has no ETH to pay gas on localhost; fund it \\(on a local node: npx hardhat local fund --to ${member}\\)$`,
      ),
    );
    expect(await provider.getBlockNumber()).to.equal(before);
    expect(field(await ok(["local", "fund", "--to", member]), "funded")).to.equal(`${member} with 10 ETH (hardhat_setBalance)`);
    expect(await provider.getBalance(member)).to.equal(parseEther("10"));
  });

  it("participant identity stores the identity encrypted", async () => {
    const stdout = await ok(["participant", "identity", "--out", identity]);
    expect(field(stdout, "commitment")).to.match(/^\d+$/);
    const text = fs.readFileSync(identity, "utf8");
    expect(JSON.parse(text).kind).to.equal("guardians-identity");
    expect(text).to.not.include("guardians-identity-v1:");
  });

  it("participant stake rejects a bad password and an insufficient balance without sending anything", async () => {
    const before = await provider.getBlockNumber();
    expectUserError(
      await run(["participant", "stake", "--amount", "200", "--identity", identity, "--keystore", keystore], {
        GUARDIANS_KEYSTORE_PASSWORD: "not the password",
      }),
      /wrong password for keystore/,
    );
    expectUserError(
      await asMember(["participant", "stake", "--amount", "100000", "--identity", identity]),
      /insufficient GRD balance/,
    );
    expectUserError(
      await asMember(["participant", "stake", "--amount", "lots", "--identity", identity]),
      /--amount must be an amount of GRD/,
    );
    expect(await provider.getBlockNumber()).to.equal(before);
  });

  it("participant stake stakes from the keystore with a permit", async () => {
    const stdout = await asMember(["participant", "stake", "--amount", "200", "--identity", identity]);
    expect(stdout.code, stdout.stderr).to.equal(0);
    expect(field(stdout.stdout, "staked")).to.equal(`200.0 GRD from ${member}`);
    const status = await asMember(["participant", "status"]);
    expect(field(status.stdout, "status")).to.equal("Active");
    expect(field(status.stdout, "member of the tree")).to.equal("yes");
  });

  it("participant deposit-bonds and withdraw-bonds move GRD in and out of the bond balance, which status shows", async () => {
    const deposited = await asMember(["participant", "deposit-bonds", "--amount", "3"]);
    expect(deposited.code, deposited.stderr).to.equal(0);
    expect(field(deposited.stdout, "deposited")).to.equal(`3.0 GRD from ${member}`);
    expect(field(deposited.stdout, "bond balance")).to.equal("3.0 GRD");
    const status = (await asMember(["participant", "status"])).stdout;
    expect(field(status, "bond balance")).to.equal("3.0 GRD");
    expect(field(status, "GRD balance")).to.equal("297.0 GRD");

    const part = await asMember(["participant", "withdraw-bonds", "--amount", "1"]);
    expect(part.code, part.stderr).to.equal(0);
    expect(field(part.stdout, "withdrawn")).to.equal(`1.0 GRD to ${member}`);
    expect(field(part.stdout, "bond balance")).to.equal("2.0 GRD");
    const rest = await asMember(["participant", "withdraw-bonds"]);
    expect(rest.code, rest.stderr).to.equal(0);
    expect(field(rest.stdout, "withdrawn")).to.equal(`2.0 GRD to ${member}`);
    expect(field(rest.stdout, "bond balance")).to.equal("0.0 GRD");
    const after = (await asMember(["participant", "status"])).stdout;
    expect(field(after, "bond balance")).to.equal("0.0 GRD");
    expect(field(after, "GRD balance")).to.equal("300.0 GRD");
  });

  it("participant withdraw-bonds and deposit-bonds refuse bad amounts in one line, sending nothing", async () => {
    await ok(["participant", "deposit-bonds", "--amount", "2", "--no-permit", "--keystore", keystore]);
    const before = await provider.getBlockNumber();
    expectUserError(
      await asMember(["participant", "withdraw-bonds", "--amount", "5"]),
      /cannot withdraw 5\.0 GRD: the bond balance of 0x[0-9a-fA-F]{40} is 2\.0 GRD; nothing was sent/,
    );
    expectUserError(await asMember(["participant", "withdraw-bonds", "--amount", "0"]), /--amount must be positive/);
    expectUserError(await asMember(["participant", "deposit-bonds", "--amount", "lots"]), /--amount must be an amount of GRD/);
    expectUserError(
      await asMember(["participant", "deposit-bonds", "--amount", "100000"]),
      /insufficient GRD balance for the bond deposit/,
    );
    expect(await provider.getBlockNumber()).to.equal(before);
    expect(field((await asMember(["participant", "status"])).stdout, "bond balance")).to.equal("2.0 GRD");
    await ok(["participant", "withdraw-bonds", "--keystore", keystore]);
  });

  it("aggregator keygen writes a 0600 key file and prints its public key; a second run refuses to overwrite it", async () => {
    const stdout = await ok(["aggregator", "keygen", "--out", aggregatorKey]);
    expect(field(stdout, "public key")).to.match(/^0x[0-9a-f]{64}$/);
    expect(fs.statSync(aggregatorKey).mode & 0o777).to.equal(0o600);
    expectUserError(await run(["aggregator", "keygen", "--out", aggregatorKey]), /already exists; nothing was overwritten/);
  });

  it("coordinator open-round opens round 1 with the aggregator's key, and round show prints what to train", async () => {
    const before = await provider.getBlockNumber();
    const open = (key: string) => run(openRoundArgs(key));
    expectUserError(await open("0x1234"), /the aggregator key must be an x-only secp256k1 public key/);
    expectUserError(await open(path.join(dir, "no-such.key")), /no-such\.key/);
    expect(await provider.getBlockNumber()).to.equal(before);
    const stdout = (await open(aggregatorKey)).stdout;
    expect(field(stdout, "round")).to.equal("1");
    const shown = await ok(["round", "show", "--round", "1"]);
    expect(field(shown, "update length (N)")).to.equal("32");
    expect(field(shown, "L2 bound")).to.match(/^4 \(squared, quantized: 1048576\)$/);
    expect(field(shown, "aggregator key")).to.equal(field(stdout, "aggregator key"));
    expect(field(shown, "base model")).to.match(/^version 1 \(Active\), 0x[0-9a-f]{64}, /);
    expectUserError(await run(["round", "show", "--round", "9"]), /round 9 does not exist \(rounds are 1 to 1\)/);
  });

  it("participant contribute rejects a missing file, a malformed update, a wrong round and an over-bound update", async () => {
    const before = await provider.getBlockNumber();
    const malformed = path.join(dir, "malformed.json");
    fs.writeFileSync(malformed, "[0.1, 0.2,");
    const good = path.join(dir, "update.json");
    fs.writeFileSync(good, JSON.stringify(Array.from({ length: 32 }, (_, i) => ((i % 5) - 2) * 0.1)));
    const large = path.join(dir, "large.json");
    fs.writeFileSync(large, JSON.stringify(Array.from({ length: 32 }, () => 1.5)));
    const contribute = (update: string, round = "1") =>
      asMember(["participant", "contribute", "--update", update, "--round", round, "--identity", identity]);
    expectUserError(await contribute(path.join(dir, "nope.json")), /update file .*nope\.json not found/);
    expectUserError(await contribute(malformed), /is not valid JSON/);
    expectUserError(await contribute(good, "7"), /round 7 does not exist/);
    expectUserError(await contribute(large), /L2 norm 8\.4853 exceeds the round's bound 4\.0000/);
    expect(await provider.getBlockNumber()).to.equal(before);
  });

  /** The member contributes update.json (written by the test before) to `round`. */
  const contributeUpdate = (round: string, reveal = `reveal-${round}.json`) =>
    asMember([
      "participant",
      "contribute",
      "--update",
      path.join(dir, "update.json"),
      "--round",
      round,
      "--identity",
      identity,
      "--reveal-out",
      path.join(dir, reveal),
    ]);

  it("participant contribute proves and submits, printing the attestation uid, transaction and gas", async () => {
    const result = await contributeUpdate("1");
    expect(result.code, result.stderr).to.equal(0);
    expect(field(result.stdout, "attestation uid")).to.match(/^0x[0-9a-f]{64}$/);
    // The bond balance was empty: exactly the 1 GRD bond was deposited, and the submission took it.
    expect(field(result.stdout, "bond deposited")).to.equal("1.0 GRD");
    expect(field((await asMember(["participant", "status"])).stdout, "bond balance")).to.equal("0.0 GRD");
    expect(field(result.stdout, "tx")).to.match(/^0x[0-9a-f]{64}$/);
    expect(Number(field(result.stdout, "gas"))).to.be.greaterThan(100_000);
    expect(result.stderr).to.include("proving");
    const list = await ok(["coordinator", "contributions", "--round", "1"]);
    expect(list).to.include("round 1: 1 contribution");
    expectUserError(await contributeUpdate("1"), /reveal-1\.json exists; choose another path \(nothing was overwritten\)/);
    expectUserError(await contributeUpdate("1", "reveal-1-again.json"), /already contributed to round 1/);
  });

  it("coordinator aggregate decrypts the delivered opening from the chain, proves, and writes the candidate's files; finalize registers it", async () => {
    const candidateFile = path.join(dir, "model-v2.json");
    const aggregationFile = path.join(dir, "round-1.aggregation.json");
    const aggregateArgs = (key = aggregatorKey, parent = SHIPPED_GENESIS_FILE, extra: string[] = []) => [
      "coordinator",
      "aggregate",
      "--round",
      "1",
      "--key",
      key,
      "--parent-model",
      parent,
      "--no-audit",
      "--model-out",
      candidateFile,
      "--aggregation-out",
      aggregationFile,
      ...extra,
    ];
    const aggregate = (key?: string, parent?: string, extra: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) =>
      run(aggregateArgs(key, parent, extra), extraEnv);
    const finalizeArgs = [
      "coordinator",
      "finalize",
      "--round",
      "1",
      "--aggregation",
      aggregationFile,
      "--model",
      candidateFile,
      "--uri",
      "ipfs://round-1",
      "--accuracy-bps",
      "9100",
    ];
    expectUserError(await aggregate(path.join(dir, "nope.key")), /nope\.key/);
    expectUserError(
      await aggregate(aggregatorKey, SHIPPED_GENESIS_FILE, ["--validation", "x.csv"]),
      /--validation and --no-audit exclude each other/,
    );
    expectUserError(await aggregate(), /round 1 is open for \d+ s more/);
    await advance(10 * 60 + 1);
    expectUserError(await aggregate(aggregatorKey, path.join(dir, "reveal-1.json")), /guardians-model|model file|field/);
    expectUserError(
      await aggregate(aggregatorKey, SHIPPED_GENESIS_FILE, [], { GUARDIANS_AGGREGATOR_PASSWORD: "wrong password 9" }),
      /wrong password for aggregator key/,
    );
    expect(fs.existsSync(candidateFile)).to.equal(false);
    const aggregated = await ok(aggregateArgs());
    expect(field(aggregated, "selection")).to.equal("1 of 1 contributions included");
    expect(aggregated).to.match(/✓ ×1 +valid/);
    const stdout = await ok(finalizeArgs);
    expect(field(stdout, "candidate version")).to.equal("2");
    expect(field(stdout, "selection")).to.equal("1 of 1 contributions");
    expect(field(stdout, "weightsHash")).to.equal(field(aggregated, "weightsHash"));
    expectUserError(await run(finalizeArgs), /round 1 is finalized already/);
  });

  it("model verify checks the candidate's file against the chain, and refuses a tampered one", async () => {
    const candidateFile = path.join(dir, "model-v2.json");
    const verified = await ok([
      "model",
      "verify",
      "--model-version",
      "2",
      "--file",
      candidateFile,
      "--ancestors",
      SHIPPED_GENESIS_FILE,
    ]);
    expect(verified).to.include("model version 2: ✓ verified");
    const tampered = path.join(dir, "tampered.json");
    fs.writeFileSync(tampered, fs.readFileSync(candidateFile, "utf8").replace('"weights":["', '"weights":["1'));
    const refused = await run([
      "model",
      "verify",
      "--model-version",
      "2",
      "--file",
      tampered,
      "--ancestors",
      SHIPPED_GENESIS_FILE,
    ]);
    expectUserError(refused, /model version 2 does not verify/);
    expect(refused.stdout).to.include("✗ file hash = on-chain weightsHash");
  });

  it("model list and model show print each version, its provenance and, given its files, whether it verifies", async () => {
    const list = await ok(["model", "list"]);
    expect(field(list, "versions")).to.equal("2");
    expect(list).to.include("model version 1: Active (champion)");
    expect(list).to.include("model version 2: Candidate");
    expect(list).to.include("provenance: registered by governance");
    const show = await ok([
      "model",
      "show",
      "--model-version",
      "2",
      "--file",
      path.join(dir, "model-v2.json"),
      "--ancestors",
      SHIPPED_GENESIS_FILE,
    ]);
    expect(show).to.include("  parent: version 1");
    expect(show).to.include("  round: 1");
    expect(show).to.include("  provenance: round 1's aggregation proof, verified on chain: 1 of 1 contributions selected");
    expect(show).to.include("  file: ✓ verifies");
    expect(await ok(["model", "show", "--model-version", "2"])).to.include("  file: not given (--file)");
    expectUserError(await run(["model", "show", "--model-version", "9"]), /model version 9 is unknown \(versions are 1 to 2\)/);
  });

  it("gov: propose the candidate, vote, queue and execute it (moving time with RPC calls)", async () => {
    await ok(["gov", "delegate"]);
    expect(field(await ok(["local", "advance", "--seconds", "2"]), "block")).to.match(/^\d+$/);
    const proposed = await ok(["gov", "propose-model", "--model-version", "2"]);
    proposalId = field(proposed, "proposal");
    expectUserError(await run(["gov", "vote", "--proposal", proposalId, "--support", "for"]), /is Pending/);
    await advance(61);
    expectUserError(
      await run(["gov", "vote", "--proposal", proposalId, "--support", "maybe"]),
      /support must be for, against or abstain/,
    );
    await ok(["gov", "vote", "--proposal", proposalId, "--support", "for", "--reason", "better accuracy"]);
    await advance(10 * 60 + 1);
    await ok(["gov", "queue", "--proposal", proposalId]);
    expectUserError(await run(["gov", "execute", "--proposal", proposalId]), /in the timelock until/);
    await advance(5 * 60 + 1);
    expect(field(await ok(["gov", "execute", "--proposal", proposalId]), "executed")).to.equal(proposalId);
  });

  it("gov status shows the proposal states, the proposed model's provenance and verdict, the champion and the history", async () => {
    const files = `${path.join(dir, "model-v2.json")},${SHIPPED_GENESIS_FILE}`;
    const stdout = await ok(["gov", "status", "--model-files", files]);
    expect(stdout).to.include("model version 2: round 1's aggregation proof, verified on chain: 1 of 1 contributions selected");
    expect(stdout).to.include("✓ verifies");
    expect(field(stdout, "champion")).to.equal("version 2");
    expect(stdout).to.match(new RegExp(`${proposalId} Executed for [\\d.]+ GRD`));
    expect(field(stdout, "history")).to.equal("2 activations");
    expect(stdout).to.match(/Promotion version 2 \(was 1\) proposal \d+/);
  });

  it("participant status shows the reward due and claim pays it", async () => {
    // The challenge period (30 min on localhost) outlasts the whole proposal above: wait it out.
    await advance(30 * 60);
    const status = await asMember(["participant", "status"]);
    expect(field(status.stdout, "rewards due")).to.equal("101.0 GRD");
    const claimed = await asMember(["participant", "claim"]);
    expect(claimed.code, claimed.stderr).to.equal(0);
    expect(claimed.stdout).to.match(
      new RegExp(
        `^claimed: 0x[0-9a-f]{64} paid 101\\.0 GRD \\(bond 1\\.0 GRD \\+ reward 100\\.0 GRD\\) to ${member} tx 0x[0-9a-f]{64} gas \\d+$`,
        "m",
      ),
    );
    expect(field(claimed.stdout, "total paid")).to.equal("101.0 GRD");
    const after = await asMember(["participant", "status"]);
    expect(field(after.stdout, "rewards due")).to.equal("0.0 GRD");
    // 500 funded − 200 staked − 1 bond (deposited, then taken by the submission) + (1 bond + 100 pool) claimed.
    expect(field(after.stdout, "GRD balance")).to.equal("400.0 GRD");
  });

  it("coordinator cancel-round: anyone cancels a round left unfinalized past its deadline, and bonds come back", async () => {
    expect(field(await ok(openRoundArgs(aggregatorKey)), "round")).to.equal("2");
    const contributed = await contributeUpdate("2");
    expect(contributed.code, contributed.stderr).to.equal(0);
    // The deployer coordinates but does not govern: it must wait for the finalization deadline (1h after the close).
    expectUserError(
      await run(["coordinator", "cancel-round", "--round", "2"]),
      /round 2 can still be finalized for \d+ s; only governance/,
    );
    await advance(10 * 60 + 60 * 60 + 1);
    expect(await ok(["coordinator", "cancel-round", "--round", "2"])).to.include(
      "round 2 cancelled; 100.0 GRD of pool returned to the treasury",
    );
    expectUserError(await run(["coordinator", "cancel-round", "--round", "2"]), /round 2 is cancelled; only an open round/);
    expect(field((await asMember(["participant", "status"])).stdout, "rewards due")).to.equal("1.0 GRD");
    expect((await asMember(["participant", "claim"])).code).to.equal(0);
    expect(field((await asMember(["participant", "status"])).stdout, "GRD balance")).to.equal("400.0 GRD");
  });

  it("participant unstake leaves the tree and starts unbonding; withdraw waits for it, then prints the stake it paid back", async () => {
    const unstaked = await asMember(["participant", "unstake"]);
    expect(unstaked.code, unstaked.stderr).to.equal(0);
    const status = await asMember(["participant", "status"]);
    expect(field(status.stdout, "status")).to.equal("Unbonding");
    expect(field(status.stdout, "member of the tree")).to.equal("no");
    expectUserError(await asMember(["participant", "withdraw"]), /unbonding ends in \d+ s/);
    await ok(["local", "advance", "--seconds", String(60 * 60 + 1)]);
    const withdrawn = await asMember(["participant", "withdraw"]);
    expect(withdrawn.code, withdrawn.stderr).to.equal(0);
    expect(field(withdrawn.stdout, "withdrawn")).to.equal(`200.0 GRD to ${member}`);
  });
});
