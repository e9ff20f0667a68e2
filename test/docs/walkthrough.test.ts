import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { expect } from "chai";

import { tempDir } from "../support/deployment";
import { PROJECT_ROOT, startLocalNode, type LocalNode } from "../support/node";

const OPERATIONS = path.join(PROJECT_ROOT, "docs", "OPERATIONS.md");

/** The shell block between the walkthrough markers of docs/OPERATIONS.md, exactly as a reader sees it. */
function walkthroughScript(): string {
  const text = fs.readFileSync(OPERATIONS, "utf8");
  const block = /<!-- walkthrough:start -->\n```sh\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(text);
  if (!block) throw new Error("docs/OPERATIONS.md has no walkthrough block between its markers");
  return block[1];
}

describe("docs/OPERATIONS.md: running a real round on a local node", function () {
  this.timeout(1_200_000);
  let node: LocalNode;

  before(async () => {
    node = await startLocalNode();
  });

  after(async () => {
    await node?.stop();
  });

  it("runs verbatim, as a newcomer runs it against a fresh node: every role, one round, a verified champion", async () => {
    const dir = tempDir("guardians-walkthrough-");
    const script = path.join(dir, "walkthrough.sh");
    fs.writeFileSync(script, walkthroughScript());
    const child = spawn("bash", [script], {
      cwd: PROJECT_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      // Only where the reader's setup differs: its folder, and the node's address (8545 for them).
      env: { ...process.env, W: path.join(dir, "w"), LOCALHOST_RPC_URL: node.url },
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    } catch {
      // The script's group is gone already.
    }
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).to.equal(0);
    expect(stdout).to.match(/^selection: [1-3] of 3 contributions included$/m);
    expect(stdout).to.match(/^candidate version: 2$/m);
    expect(stdout).to.match(/^executed: \d+$/m);
    expect(stdout.match(/^total paid: [\d.]+ GRD$/gm)).to.have.length(3);
    expect(stdout).to.match(/^written: .*champion\.json$/m);
    expect(stdout).to.include("✓ verifies");
  });
});
