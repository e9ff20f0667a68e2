/**
 * Contribute: pick the open round, load an update file, see the local checks, then prove in a Web
 * Worker (progress, cancel) and submit. Nothing is sent before the proof is complete, so leaving or
 * reloading the page while proving leaves nothing half-sent.
 */
import { facts, field, h, replace, section, uid, when } from "../dom";
import { asSentence, errorSentence } from "../errors";
import { storedIdentityFile, unlockIdentity } from "../identity-store";
import { loadCircuitKeys } from "../keys";
import type { Page } from "../main";
import type { ProverMessage, ProveRequest } from "../prover.worker";
import {
  formatDuration,
  parentModelOf,
  grd,
  parseUpdate,
  prepareContribution,
  reviewUpdate,
  roundInfo,
  submitPreparedContribution,
  UserError,
  type Groth16Proof,
  type Guardians,
  type RoundInfo,
  type UpdateReview,
} from "../sdk";
import { appState, readSession } from "../state";
import { nextFrame, runAction, StatusArea } from "../status";
import { loaded, loading, walletNeeded } from "./common";

/** The phases of a Groth16 proof in which snarkjs reports "x/y" progress (about: ABC, six FFTs, joins, multiexps). */
const PROVING_PHASES = 12;

/** The open rounds, newest first (a round is open while its window is). */
async function openRounds(g: Guardians, scan = 32): Promise<RoundInfo[]> {
  const count = await g.protocol.roundManager.roundCount();
  const rounds: RoundInfo[] = [];
  for (let id = count; id >= 1n && id > count - BigInt(scan); id--) {
    const info = await roundInfo(g, id);
    if (info.status === "Open" && info.secondsLeft > 0n) rounds.push(info);
  }
  return rounds;
}

export function contributePage(): Page {
  let proving = false;
  let worker: Worker | undefined;
  return {
    title: "Contribute",
    busy: () => proving,
    render(main) {
      const need = walletNeeded("contribute to a round");
      main.append(
        h(
          "p",
          { class: "lead" },
          "Submit your model update to an open round: the app checks it, proves in the background that it is bounded and that you are a member, then submits the proof with the round's bond.",
        ),
      );
      if (need) {
        main.append(need);
        return;
      }
      if (!storedIdentityFile()) {
        main.append(
          h(
            "p",
            { class: "notice" },
            "Create or import your identity on the ",
            h("a", { href: "#/join" }, "Join"),
            " page first.",
          ),
        );
      }
      const roundsBox = loading("open rounds");
      main.append(section("Open rounds", roundsBox));
      const form = h("div");
      main.append(form);
      void (async () => {
        let rounds: RoundInfo[];
        try {
          rounds = await openRounds(readSession());
        } catch (error) {
          loaded(roundsBox);
          replace(roundsBox, h("p", { class: "error" }, errorSentence(error)));
          return;
        }
        loaded(roundsBox);
        if (rounds.length === 0) {
          replace(roundsBox, h("p", {}, "No round is open for contributions right now."));
          return;
        }
        const name = uid("round");
        let selected = rounds[0];
        const details = h("div");
        const showDetails = () =>
          replace(
            details,
            facts([
              ["Update length (N)", String(selected.n)],
              [
                "Per-value range",
                `±${2 ** (selected.bits - 1 - selected.fracBits)} (${selected.bits} bits, ${selected.fracBits} fractional)`,
              ],
              ["L2 bound", String(selected.l2Bound)],
              ["Window closes", h("span", {}, when(selected.closesAt), ` (in ${formatDuration(Number(selected.secondsLeft))})`)],
              ["Bond", grd(selected.bond)],
              ["Reward pool", grd(selected.rewardPool)],
              ["Contributions", `${selected.contributions} of at most ${selected.maxContributions}`],
              ["Base model", `version ${selected.baseModel.versionId}`],
            ]),
          );
        const radios = h(
          "fieldset",
          {},
          h("legend", {}, "Round"),
          rounds.map((r, i) => {
            const id = uid("r");
            const input = h("input", { type: "radio", name, id, value: String(r.roundId), checked: i === 0 });
            input.addEventListener("change", () => {
              selected = r;
              showDetails();
              review();
            });
            return h("div", { class: "choice" }, input, h("label", { for: id }, `Round ${r.roundId} (N = ${r.n})`));
          }),
        );
        showDetails();
        replace(roundsBox, radios, details);

        // ——— the update and its checks ———
        const file = field(
          "Update file",
          { type: "file", accept: ".json,.npy,.safetensors" },
          "JSON (an array of numbers), .npy or .safetensors: the formats the command line accepts.",
        );
        const baseFile = field(
          "Base model file (optional)",
          { type: "file", accept: ".json,application/json" },
          "The round's base model (npx hardhat model fetch): checked against the chain, and the update must then have one value per weight.",
        );
        let baseModel: Uint8Array | undefined;
        const checks = h("div", { class: "checks", "aria-live": "polite" });
        const passphrase = field(
          "Passphrase",
          { type: "password", autocomplete: "current-password" },
          "Opens your identity for the proof; it never leaves this page.",
        );
        const prove = h("button", { type: "button", disabled: true }, "Prove and submit");
        const cancel = h("button", { type: "button", class: "secondary", hidden: true }, "Cancel proving");
        const barId = uid("bar");
        const bar = h("progress", { id: barId, max: 100, value: 0, hidden: true });
        const barLabel = h("label", { for: barId, hidden: true }, "Proving progress");
        const barText = h("p", { class: "hint", "aria-live": "off" });
        const ui = new StatusArea("Contribution status");
        let values: number[] | undefined;
        let lastReview: UpdateReview | undefined;

        const review = async () => {
          prove.disabled = true;
          lastReview = undefined;
          const chosen = file.input.files?.[0];
          if (!chosen) {
            replace(checks);
            return;
          }
          replace(checks, h("p", { "aria-busy": "true" }, "Checking the update…"));
          try {
            const parsed = parseUpdate(new Uint8Array(await chosen.arrayBuffer()), chosen.name);
            const parsedValues = parsed.values;
            values = parsedValues;
            const r = await reviewUpdate(readSession(), selected.roundId, parsedValues);
            const problems = r.problems.map((p) => ({ check: p.check as string, message: p.message }));
            const baseChosen = baseFile.input.files?.[0];
            baseModel = undefined;
            let baseFact: [string, string] | undefined;
            if (baseChosen) {
              try {
                const bytes = new Uint8Array(await baseChosen.arrayBuffer());
                const base = await parentModelOf(readSession(), selected.roundId, bytes);
                baseModel = bytes;
                const weights = base.artifact.weights.length;
                baseFact = ["Base model", `version ${base.version}, ${weights} weights`];
                if (weights !== parsedValues.length)
                  problems.push({
                    check: "base model",
                    message: `the update has ${parsedValues.length} values, but the base model has ${weights} weights: the update is local − global weights, one value per weight`,
                  });
              } catch (error) {
                problems.push({ check: "base model", message: errorSentence(error) });
              }
            }
            const ok = problems.length === 0;
            lastReview = ok ? r : undefined;
            replace(
              checks,
              h("h3", {}, "Local checks"),
              facts([
                ["File", `${chosen.name} (${parsed.format}, ${values.length} values)`],
                ["Length", `${r.length} values; the round takes at most ${r.n}`],
                [
                  "Range",
                  r.clipped.length === 0
                    ? `every value within ±${2 ** (r.bits - 1 - r.fracBits)}`
                    : `${r.clipped.length} value(s) outside ±${2 ** (r.bits - 1 - r.fracBits)}`,
                ],
                ["L2 norm", `${r.norm.toFixed(4)}; the round's bound is ${r.bound.toFixed(4)}`],
                ...(baseFact ? [baseFact] : []),
              ]),
              ok
                ? h(
                    "p",
                    { class: "ok", "data-check": "ok" },
                    "The update passes every local check: nothing has been proved or sent yet.",
                  )
                : [
                    h(
                      "p",
                      { class: "error", "data-check": "failed" },
                      "The update fails the local checks; nothing will be proved or sent:",
                    ),
                    h(
                      "ul",
                      { class: "problems" },
                      problems.map((p) => h("li", { "data-check": p.check }, asSentence(p.message))),
                    ),
                  ],
            );
            prove.disabled = !ok;
          } catch (error) {
            values = undefined;
            replace(checks, h("p", { class: "error", "data-check": "failed" }, errorSentence(error)));
          }
        };
        file.input.addEventListener("change", () => void review());
        baseFile.input.addEventListener("change", () => void review());

        // snarkjs reports several phases, each from 0: the bar only moves forward.
        const setBar = (fraction: number, text: string) => {
          bar.value = fraction === 0 ? 0 : Math.max(bar.value, Math.round(fraction * 100));
          barText.textContent = text;
        };
        const showProving = (on: boolean) => {
          proving = on;
          bar.hidden = barLabel.hidden = !on;
          cancel.hidden = !on;
          prove.hidden = on;
          if (!on) barText.textContent = "";
        };

        let cancelled: ((reason: Error) => void) | undefined;
        cancel.addEventListener("click", () => {
          worker?.terminate();
          worker = undefined;
          cancelled?.(new UserError("Proving was cancelled; nothing was sent."));
          prove.focus();
        });

        prove.addEventListener("click", async () => {
          if (!values || !lastReview) return;
          const update = values;
          const roundId = selected.roundId;
          const s = appState();
          showProving(true);
          setBar(0, "Preparing…");
          cancel.focus();
          await runAction(
            ui,
            `Contribution to round ${roundId}`,
            [prove],
            async (g) => {
              if (!s.identity) {
                ui.say("working", "Opening your identity (about a second)…");
                await nextFrame();
                s.identity = await unlockIdentity(passphrase.input.value);
              }
              ui.say("working", "Checking the round and rebuilding the member tree…");
              const prepared = await prepareContribution(g, { identity: s.identity, update, roundId, baseModel });
              ui.say("working", "Loading the proving key…");
              const keys = await loadCircuitKeys(prepared.circuit.name, (d, t) =>
                setBar((0.15 * d) / t, `Loading the proving key: ${Math.round((100 * d) / t)}%`),
              );
              ui.say(
                "working",
                "Proving in the background; you can keep using the page. Nothing is sent until the proof is complete.",
              );
              const proof = await new Promise<{ proof: Groth16Proof; publicSignals: string[]; ms: number }>((resolve, reject) => {
                cancelled = reject;
                let phase = 0;
                let lastDone = 0;
                worker = new Worker(new URL("../prover.worker.ts", import.meta.url), { type: "module" });
                worker.onmessage = (event: MessageEvent<ProverMessage>) => {
                  const m = event.data;
                  if (m.type === "progress") {
                    if (m.stage === "proving" && m.done !== undefined && m.total) {
                      // snarkjs counts each phase (ABC, the FFTs, the multiexps) from 0: a drop starts the next.
                      if (m.done < lastDone) phase += 1;
                      lastDone = m.done;
                      const fraction = Math.min(0.98, (phase + m.done / m.total) / PROVING_PHASES);
                      setBar(0.15 + 0.85 * fraction, `Proving: ${Math.round(fraction * 100)}%`);
                    } else
                      setBar(Math.max(bar.value / 100, 0.15), m.stage === "checked" ? "Witness computed; proving…" : "Proving…");
                  } else if (m.type === "done") resolve(m);
                  else reject(new UserError(`proving failed: ${m.message}`));
                };
                worker.onerror = (event) => reject(new UserError(`the prover stopped: ${event.message || "worker error"}`));
                const request: ProveRequest = { input: prepared.input, wasm: keys.wasm, zkey: keys.zkey };
                worker.postMessage(request, [keys.wasm.buffer, keys.zkey.buffer]);
              }).finally(() => {
                worker?.terminate();
                worker = undefined;
                cancelled = undefined;
              });
              setBar(1, `Proved in ${(proof.ms / 1000).toFixed(1)} s.`);
              cancel.hidden = true;
              ui.say("working", "Proof complete; submitting it with the round's bond…");
              return submitPreparedContribution(g, prepared, { proof: proof.proof, publicSignals: proof.publicSignals });
            },
            (c) => `Your contribution to round ${roundId} was submitted (attestation ${c.uid}).`,
          );
          showProving(false);
          void review();
        });

        replace(
          form,
          section(
            "Your update",
            file.row,
            baseFile.row,
            checks,
            passphraseWhileLocked(passphrase.row),
            h("div", { class: "actions" }, prove, cancel),
            barLabel,
            bar,
            barText,
            ui.el,
          ),
        );
      })();
      return () => {
        worker?.terminate();
        worker = undefined;
        proving = false;
      };
    },
  };
}

/** The passphrase row, only while the identity is locked. */
function passphraseWhileLocked(row: HTMLElement): HTMLElement | null {
  return appState().identity ? null : row;
}
