import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { execFileSync, spawn } from "node:child_process";

import { PROJECT_ROOT, type TaskResult } from "./node";

const OPERATIONS = path.join(PROJECT_ROOT, "docs", "OPERATIONS.md");

/** The shell block between the walkthrough markers of docs/OPERATIONS.md, exactly as a reader sees it. */
export function walkthroughScript(): string {
  const text = fs.readFileSync(OPERATIONS, "utf8");
  const block = /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(text);
  if (!block) throw new Error("docs/OPERATIONS.md has no walkthrough block between its markers");
  return block[1];
}

/**
 * A folder whose `npx` runs `npx hardhat …` as the project's hardhat binary directly (what npx
 * resolves it to) and anything else with the real npx: the walkthrough's text stays verbatim, without
 * npx's own start-up (about 0.35 s) on each of its ~50 calls.
 */
function npxShimDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guardians-npx-"));
  const real = execFileSync("bash", ["-c", "command -v npx"], { encoding: "utf8" }).trim();
  const hardhat = path.join(PROJECT_ROOT, "node_modules", ".bin", "hardhat");
  fs.writeFileSync(
    path.join(dir, "npx"),
    `#!/usr/bin/env bash\nif [ "$1" = hardhat ]; then shift; exec "${hardhat}" "$@"; fi\nexec "${real}" "$@"\n`,
    { mode: 0o755 },
  );
  return dir;
}

/**
 * Runs a bash script from the project's root, as a reader runs the walkthrough, with `env` on top of
 * this process's environment; then ends whatever it left running (its own process group).
 */
export async function runScript(script: string, env: NodeJS.ProcessEnv): Promise<TaskResult> {
  const child = spawn("bash", [script], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: `${npxShimDir()}${path.delimiter}${process.env.PATH ?? ""}`, ...env },
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
  return { code, stdout, stderr };
}
