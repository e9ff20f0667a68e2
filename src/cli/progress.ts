/**
 * The terminal Progress: on a terminal it redraws one line with a bar; elsewhere (CI logs, child
 * processes) it prints a line at each step boundary so logs stay readable.
 */
import type { Progress } from "../core/progress";

export { silentProgress, type Progress, type StepHandle } from "../core/progress";

const BAR_WIDTH = 24;

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const interactive = Boolean(stream.isTTY) && process.env.CI !== "true";
  const write = (text: string) => {
    if (!quiet) stream.write(text);
  };
  return {
    info(message) {
      write(`${message}\n`);
    },
    step(label, initialTotal) {
      const started = performance.now();
      let total = initialTotal;
      let lastPrintedDecile = -1;
      write(interactive ? `  … ${label}` : `  … ${label}\n`);
      return {
        update(done, newTotal, detail) {
          if (newTotal !== undefined) total = newTotal;
          if (!total) return;
          const fraction = Math.min(1, done / total);
          if (interactive) {
            const filled = Math.round(fraction * BAR_WIDTH);
            const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
            write(`\r\x1b[2K  … ${label} ${bar} ${(fraction * 100).toFixed(0)}%${detail ? ` ${detail}` : ""}`);
          } else {
            const decile = Math.floor(fraction * 10);
            if (decile > lastPrintedDecile && decile < 10) {
              lastPrintedDecile = decile;
              write(`    ${label}: ${(fraction * 100).toFixed(0)}%${detail ? ` ${detail}` : ""}\n`);
            }
          }
        },
        done(detail) {
          const elapsed = performance.now() - started;
          const suffix = `${formatMs(elapsed)}${detail ? `, ${detail}` : ""}`;
          write(interactive ? `\r\x1b[2K  ✓ ${label} (${suffix})\n` : `  ✓ ${label} (${suffix})\n`);
          return elapsed;
        },
      };
    },
  };
}
