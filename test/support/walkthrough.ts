import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";

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
 * Runs a bash script from the project's root, as a reader runs the walkthrough, with `env` on top of
 * this process's environment; then ends whatever it left running (its own process group).
 */
export async function runScript(script: string, env: NodeJS.ProcessEnv): Promise<TaskResult> {
  const child = spawn("bash", [script], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
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
