/**
 * The gas benchmark's side-by-side anchors: Guardians' actions beside the nearest Semaphore v4 function, measured in
 * the same run (bench/semaphore.ts), with the ratio Guardians ÷ Semaphore. Stored in bench/results/gas.json under
 * `anchors` and rendered as their own table in bench/results/README.md.
 */
import { UserError } from "../src/cli/errors";
import type { GasStat } from "./gas-log";

/** Which Guardians action (a key of gas.json) stands beside which Semaphore function. */
export const ANCHOR_PAIRS: readonly { guardians: string; semaphore: string }[] = [
  { guardians: "stake", semaphore: "addMember" },
  { guardians: "memberTreeInsertAlone", semaphore: "addMember" },
  { guardians: "submitContribution", semaphore: "validateProof" },
];

/**
 * One comparison. Its string fields name it (`anchors.rows[stake addMember].ratio`, see bench/figures.ts); the
 * numbers are gas, and the ratio is Guardians ÷ Semaphore on the averages.
 */
export interface AnchorRow {
  guardians: string;
  semaphore: string;
  guardiansAvg: number;
  guardiansMax: number;
  semaphoreAvg: number;
  semaphoreMax: number;
  ratio: number;
}

export interface Anchors {
  /** What the Semaphore side is: package versions, group size, where the proofs came from. */
  semaphore: string;
  rows: AnchorRow[];
}

/** Guardians ÷ Semaphore, to three decimals. */
export function gasRatio(guardians: number, semaphore: number): number {
  if (!(semaphore > 0)) throw new Error(`cannot take a ratio to ${semaphore} gas`);
  return Math.round((guardians / semaphore) * 1000) / 1000;
}

/** The anchor rows from both sides' measurements; a pair missing on either side is an error, not a silent gap. */
export function buildAnchors(
  guardians: Record<string, GasStat>,
  semaphore: Record<string, GasStat>,
  description: string,
): Anchors {
  const rows = ANCHOR_PAIRS.map((pair) => {
    const g = guardians[pair.guardians];
    const s = semaphore[pair.semaphore];
    if (!g) throw new Error(`anchors: Guardians' "${pair.guardians}" was not measured`);
    if (!s) throw new Error(`anchors: Semaphore's "${pair.semaphore}" was not measured`);
    return {
      guardians: pair.guardians,
      semaphore: pair.semaphore,
      guardiansAvg: g.avg,
      guardiansMax: g.max,
      semaphoreAvg: s.avg,
      semaphoreMax: s.max,
      ratio: gasRatio(g.avg, s.avg),
    };
  });
  return { semaphore: description, rows };
}

const NUMBER_FIELDS = ["guardiansAvg", "guardiansMax", "semaphoreAvg", "semaphoreMax", "ratio"] as const;

/** The anchors of a parsed gas.json, or undefined when it has none; a malformed `anchors` is reported, not skipped. */
export function anchorsOf(gasJson: unknown): Anchors | undefined {
  if (gasJson === null || typeof gasJson !== "object" || !("anchors" in gasJson)) return undefined;
  const anchors = (gasJson as { anchors: unknown }).anchors as Partial<Anchors> | null;
  const valid =
    anchors !== null &&
    typeof anchors === "object" &&
    typeof anchors.semaphore === "string" &&
    Array.isArray(anchors.rows) &&
    anchors.rows.every(
      (row: Partial<AnchorRow> | null) =>
        row !== null &&
        typeof row === "object" &&
        typeof row.guardians === "string" &&
        typeof row.semaphore === "string" &&
        NUMBER_FIELDS.every((field) => typeof row[field] === "number" && Number.isFinite(row[field])),
    );
  if (!valid) {
    throw new UserError(
      `gas.json: "anchors" must be { semaphore: string, rows: [{ guardians, semaphore, ${NUMBER_FIELDS.join(", ")} }] }.`,
    );
  }
  return anchors as Anchors;
}

/** The Markdown table of the anchors, for bench/results/README.md. */
export function renderAnchors(anchors: Anchors): string[] {
  const lines = [
    "### Side by side with Semaphore v4",
    "",
    `${anchors.semaphore}. Ratio: Guardians ÷ Semaphore, on the averages.`,
    "",
    "| Guardians | avg gas | max gas | Semaphore v4 | avg gas | max gas | Guardians ÷ Semaphore |",
    "|---|---:|---:|---|---:|---:|---:|",
  ];
  for (const row of anchors.rows) {
    lines.push(
      `| \`${row.guardians}\` | ${row.guardiansAvg} | ${row.guardiansMax} | \`${row.semaphore}\` | ${row.semaphoreAvg} | ` +
        `${row.semaphoreMax} | ${row.ratio.toFixed(3)} |`,
    );
  }
  lines.push("");
  return lines;
}
