import fs from "node:fs";
import path from "node:path";

import { formatEther } from "ethers";

import { RoundSummary, RunSummary } from "./summary";

/** Writes summary.json and report.html into `outDir` (created if missing); returns their paths. */
export function writeReport(outDir: string, summary: RunSummary): { summary: string; report: string } {
  fs.mkdirSync(outDir, { recursive: true });
  const summaryPath = path.join(outDir, "summary.json");
  const reportPath = path.join(outDir, "report.html");
  fs.writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(reportPath, renderHtml(summary));
  return { summary: summaryPath, report: reportPath };
}

/** Gas per action summed over the whole run (setup, rounds, closing), largest first. */
export function totalGasByAction(summary: RunSummary): [string, number][] {
  const totals = new Map<string, number>();
  for (const gasByAction of [summary.setupGas, ...summary.rounds.map((r) => r.gas), summary.closingGas]) {
    for (const [action, gas] of Object.entries(gasByAction)) totals.set(action, (totals.get(action) ?? 0) + gas);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function alignTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const gasCell = (gas: number | undefined) => (gas === undefined ? "" : gas.toLocaleString("en-US"));

/**
 * The final tables printed at the end of the run: one line per round (contributions accepted and
 * rejected, test accuracy and loss, total gas), then gas per action by phase (setup, each round,
 * closing) with its total.
 */
/** The proven selection as "P1×3 P2×0 …": each participant's weight, 0 for one left out. */
export function selectionCell(r: RoundSummary): string {
  return Object.entries(r.selection)
    .map(([member, weight]) => `${member}×${weight}`)
    .join(" ");
}

/** The activated version and model verify's verdict: "v2 ✓", "v2 ✗", or "" offline. */
export function modelCell(r: RoundSummary): string {
  if (r.modelVersion === undefined) return "";
  return `v${r.modelVersion} ${r.verified ? "✓ verified" : "✗ NOT verified"}`;
}

export function formatTable(summary: RunSummary): string {
  const total = (gas: Record<string, number>) => Object.values(gas).reduce((a, b) => a + b, 0);
  const rounds = alignTable(
    ["round", "accepted", "rejected", "selection", "model", "accuracy", "loss", "gas"],
    [
      [
        "0 (setup)",
        "",
        "",
        "",
        "",
        pct(summary.initialAccuracy),
        summary.initialLoss.toFixed(4),
        gasCell(total(summary.setupGas) || undefined),
      ],
      ...summary.rounds.map((r) => [
        String(r.round),
        String(r.accepted),
        String(r.rejected),
        selectionCell(r),
        modelCell(r),
        pct(r.accuracy),
        r.loss.toFixed(4),
        gasCell(total(r.gas) || undefined),
      ]),
    ],
  );
  const actions = totalGasByAction(summary);
  if (actions.length === 0) return rounds;
  const phases: [string, Record<string, number>][] = [
    ["setup", summary.setupGas],
    ...summary.rounds.map((r): [string, Record<string, number>] => [`round ${r.round}`, r.gas]),
    ["closing", summary.closingGas],
  ];
  const gas = alignTable(
    ["gas per action", ...phases.map(([name]) => name), "total"],
    actions.map(([action, sum]) => [action, ...phases.map(([, g]) => gasCell(g[action])), gasCell(sum)]),
  );
  return `${rounds}\n\n${gas}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Line chart of test accuracy per round (round 0 is the initial model), as inline SVG. */
export function accuracyChart(summary: RunSummary): string {
  const points = [summary.initialAccuracy, ...summary.rounds.map((r) => r.accuracy)];
  const [w, h, left, bottom, top, right] = [480, 240, 48, 32, 16, 16];
  const x = (i: number) => left + (points.length === 1 ? 0 : (i * (w - left - right)) / (points.length - 1));
  const y = (a: number) => top + (1 - a) * (h - top - bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (a) =>
        `<line x1="${left}" x2="${w - right}" y1="${y(a)}" y2="${y(a)}" stroke="#ddd"/>` +
        `<text x="${left - 6}" y="${y(a) + 4}" text-anchor="end" font-size="11">${a * 100}%</text>`,
    )
    .join("");
  const labels = points.map((_, i) => `<text x="${x(i)}" y="${h - 10}" text-anchor="middle" font-size="11">${i}</text>`).join("");
  const path = points.map((a, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(a).toFixed(1)}`).join(" ");
  const dots = points
    .map(
      (a, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(a).toFixed(1)}" r="4" fill="#1f6feb"><title>round ${i}: ${pct(a)}</title></circle>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="test accuracy per round">${grid}${labels}<path d="${path}" fill="none" stroke="#1f6feb" stroke-width="2"/>${dots}</svg>`;
}

/** Horizontal bars of total gas per action, as inline SVG. */
export function gasChart(summary: RunSummary): string {
  const totals = totalGasByAction(summary);
  if (totals.length === 0) return "<p>No on-chain actions were run.</p>";
  const [labelWidth, barWidth, rowHeight] = [150, 300, 22];
  const max = Math.max(...totals.map(([, g]) => g));
  const rows = totals
    .map(([action, gas], i) => {
      const y = i * rowHeight;
      const width = Math.max(1, (gas / max) * barWidth);
      return (
        `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(action)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${width.toFixed(1)}" height="${rowHeight - 6}" fill="#2da44e"/>` +
        `<text x="${labelWidth + width + 6}" y="${y + 15}" font-size="11">${gas.toLocaleString("en-US")}</text>`
      );
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 110}" height="${totals.length * rowHeight}" role="img" aria-label="gas per action">${rows}</svg>`;
}

/** A GRD amount given in wei (a decimal string), in GRD: "10 GRD", "2.5 GRD". */
export function formatGrdAmount(wei: string): string {
  return `${formatEther(BigInt(wei)).replace(/\.0$/, "")} GRD`;
}

/**
 * An HTML table in a box that scrolls sideways when it is wider than the page; the columns listed in
 * `code` (addresses, hashes, paths) are monospace and break anywhere, so they never widen the page.
 */
function table(header: string[], rows: string[][], code: readonly number[] = []): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const cell = (c: string, i: number) =>
    code.includes(i) ? `<td class="code">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`;
  const body = rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("");
  return `<div class="wide"><table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The run's deployment: chain, journal and the contracts a reader looks up; a note offline. */
function deploymentSection(summary: RunSummary): string {
  const d = summary.deployment;
  if (!d) return `<h2>Deployment</h2><p>Offline run: nothing was deployed.</p>`;
  return (
    `<h2>Deployment</h2><p>Network ${escapeHtml(d.network)} (chain ${d.chainId}), journal <code>${escapeHtml(d.journal)}</code>.</p>` +
    table(
      ["contract", "address"],
      Object.entries(d.contracts).map(([name, address]) => [name, address]),
      [1],
    )
  );
}

/** Each round's activated model version, its weightsHash on chain and the model file the run wrote. */
function modelsSection(summary: RunSummary): string {
  const rows = summary.rounds.flatMap((r) =>
    r.modelVersion === undefined ? [] : [[String(r.round), `v${r.modelVersion}`, r.weightsHash ?? "", r.modelFile ?? ""]],
  );
  if (rows.length === 0) return `<h2>Models</h2><p>Offline run: no model version was registered.</p>`;
  return `<h2>Models</h2>` + table(["round", "version", "weightsHash", "model file"], rows, [2, 3]);
}

export function renderHtml(summary: RunSummary): string {
  const c = summary.config;
  const gasActions = totalGasByAction(summary).map(([a]) => a);
  const sections = [
    `<h1>Guardians federated training run</h1>`,
    `<p>${c.participants} participants, ${c.rounds} rounds, model <b>${escapeHtml(c.model)}</b>, aggregator <b>${escapeHtml(c.aggregator)}</b>, seed ${c.seed}, network ${escapeHtml(c.network)}. ` +
      `Data: UCI Breast Cancer Wisconsin (Diagnostic), Wolberg, Street, Mangasarian (1995), DOI 10.24432/C5DW2B, CC BY 4.0.</p>`,
    `<p>Test accuracy: <b>${pct(summary.initialAccuracy)}</b> initially, <b>${pct(summary.finalAccuracy)}</b> after the last round ` +
      `(${c.testExamples} held-out examples; log-loss ${summary.initialLoss.toFixed(3)} → ${summary.finalLoss.toFixed(3)}).</p>`,
    `<h2>Accuracy per round</h2>${accuracyChart(summary)}`,
    `<h2>Gas per action (whole run)</h2>${gasChart(summary)}`,
    `<h2>Rounds</h2>` +
      table(
        [
          "round",
          "accepted",
          "rejected",
          "flagged",
          "selection (weights)",
          "model",
          "accuracy",
          "loss",
          ...gasActions.map((a) => `gas ${a}`),
        ],
        summary.rounds.map((r) => [
          String(r.round),
          String(r.accepted),
          String(r.rejected),
          r.flagged.join(", "),
          selectionCell(r),
          modelCell(r),
          pct(r.accuracy),
          r.loss.toFixed(4),
          ...gasActions.map((a) => (r.gas[a] === undefined ? "" : r.gas[a].toLocaleString("en-US"))),
        ]),
      ),
    modelsSection(summary),
    deploymentSection(summary),
    `<h2>Adversaries</h2>` +
      table(
        ["attack", "participant", "round", "outcome", "stopped"],
        summary.adversaries.map((a) => [
          a.attack,
          a.participant,
          a.round === undefined ? "" : String(a.round),
          a.outcome,
          a.stopped ? "yes" : "NO",
        ]),
      ),
    `<h2>Slashed</h2>` +
      table(
        ["member", "reason", "amount", "whistleblower", "reward"],
        summary.slashed.map((s) => [
          s.member,
          s.reason,
          formatGrdAmount(s.amount),
          s.whistleblower ?? "",
          s.whistleblowerReward === undefined ? "" : formatGrdAmount(s.whistleblowerReward),
        ]),
      ),
    `<h2>Revoked contributions</h2>` +
      table(
        ["round", "participant", "bond forfeited", "reason"],
        summary.revoked.map((r) => [String(r.round), r.participant, formatGrdAmount(r.bondForfeited), r.reason]),
      ),
    `<h2>Participants' shards (non-IID)</h2>` +
      table(
        ["participant", "examples", "malignant"],
        c.shards.map((s, i) => [`P${i + 1}`, String(s.examples), String(s.malignant)]),
      ),
    `<h2>Timings</h2>` +
      table(
        ["phase", "seconds"],
        Object.entries(summary.timings).map(([k, v]) => [k, v.toFixed(1)]),
      ),
  ];
  const style =
    `body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#1f2328;box-sizing:border-box}` +
    `.wide{max-width:100%;overflow-x:auto}svg{max-width:100%;height:auto}` +
    `table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:right}` +
    `th{background:#f6f8fa}td:first-child,th:first-child{text-align:left}` +
    `td.code,code{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all;overflow-wrap:anywhere}td.code{text-align:left;max-width:36em}`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Guardians demo report</title><style>${style}</style></head><body>\n${sections.join("\n")}\n</body></html>\n`;
}
