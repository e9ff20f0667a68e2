/** Models: the champion, every version with its parent, round and activations, and its provenance. */
import { facts, h, replace, section, short, when } from "../dom";
import { errorSentence } from "../errors";
import type { Page } from "../main";
import { modelFileCount, modelFileSource, modelFilesField } from "../model-files";
import {
  ACTIVATION_KINDS,
  describeProvenance,
  listModelVersions,
  verifyModel,
  type ModelVersionInfo,
  type ModelVerificationReport,
  type Protocol,
} from "../sdk";
import { appState } from "../state";
import { loaded, loading } from "./common";

interface Activation {
  versionId: bigint;
  previousVersionId: bigint;
  proposalId: bigint;
  activatedAt: bigint;
  kind: string;
}

export function modelsPage(): Page {
  return {
    title: "Models",
    render(main) {
      main.append(
        h(
          "p",
          { class: "lead" },
          "Every model version the registry holds, where it comes from as the chain proves it, and which one governance has made the champion.",
        ),
      );
      const box = loading("model versions");
      const verifyBox = h("div");
      main.append(box, verifyBox);
      void (async () => {
        const s = appState();
        const protocol = s.g?.protocol ?? s.readProtocol;
        let versions: ModelVersionInfo[];
        let history: Activation[];
        let champion: bigint;
        try {
          versions = await listModelVersions(protocol);
          const count = await protocol.modelRegistry.activationCount();
          history = (await protocol.modelRegistry.activations(0, count)).map((a) => ({
            versionId: a.versionId,
            previousVersionId: a.previousVersionId,
            proposalId: a.proposalId,
            activatedAt: a.activatedAt,
            kind: ACTIVATION_KINDS[Number(a.kind)] ?? String(a.kind),
          }));
          champion = await protocol.modelRegistry.champion();
        } catch (error) {
          loaded(box);
          replace(box, h("p", { class: "error" }, errorSentence(error)));
          return;
        }
        loaded(box);
        replace(verifyBox, verifySection(protocol, versions));
        const championInfo = versions.find((v) => v.versionId === champion);
        replace(
          box,
          section(
            "Champion",
            championInfo
              ? facts([
                  ["Version", String(championInfo.versionId)],
                  ["Accuracy", `${(championInfo.accuracyBps / 100).toFixed(2)}%`],
                  ["Provenance", describeProvenance(championInfo.provenance)],
                ])
              : h("p", {}, "No version is the champion yet."),
          ),
          section(
            "Versions",
            versions.length === 0
              ? h("p", {}, "No model version is registered yet.")
              : versions
                  .slice()
                  .reverse()
                  .map((v) => {
                    const activations = history.filter((a) => a.versionId === v.versionId);
                    return h(
                      "article",
                      { class: "version", "aria-label": `Version ${v.versionId}` },
                      h("h3", {}, `Version ${v.versionId}`, v.champion ? [" ", h("span", { class: "badge" }, "champion")] : null),
                      facts([
                        ["Status", v.status],
                        ["Parent", v.parentId === 0n ? "none (a genesis)" : `version ${v.parentId}`],
                        ["Round", v.roundId === 0n ? "none" : `round ${v.roundId}`],
                        ["Accuracy", `${(v.accuracyBps / 100).toFixed(2)}% (${v.accuracyBps} bps)`],
                        ["Weights hash", h("code", { title: v.weightsHash }, short(v.weightsHash, 18))],
                        ["URI", v.uri || "—"],
                        ["Registered", when(v.registeredAt)],
                        [
                          "Provenance",
                          h(
                            "span",
                            { class: v.provenance.kind === "round" ? "ok" : "" },
                            v.provenance.kind === "round" ? "Verified on chain: " : "",
                            describeProvenance(v.provenance),
                          ),
                        ],
                        [
                          "Activations",
                          activations.length === 0
                            ? "never activated"
                            : h(
                                "ul",
                                {},
                                activations.map((a) =>
                                  h(
                                    "li",
                                    {},
                                    a.proposalId === 0n
                                      ? `${a.kind} at deployment on `
                                      : `${a.kind} by proposal ${short(a.proposalId.toString(), 12)} on `,
                                    when(a.activatedAt),
                                    a.previousVersionId === 0n ? "" : ` (replacing version ${a.previousVersionId})`,
                                  ),
                                ),
                              ),
                        ],
                      ]),
                    );
                  }),
          ),
          section(
            "Activation history",
            history.length === 0
              ? h("p", {}, "No version has been activated yet.")
              : h(
                  "ol",
                  {},
                  history.map((a) =>
                    h(
                      "li",
                      {},
                      `Version ${a.versionId} (${a.kind.toLowerCase()}${a.previousVersionId === 0n ? "" : ` from version ${a.previousVersionId}`}), `,
                      when(a.activatedAt),
                    ),
                  ),
                ),
          ),
        );
      })();
    },
  };
}

/** `model verify` in the page: the chosen version's file and its ancestors', against the chain. */
function verifySection(protocol: Protocol, versions: ModelVersionInfo[]): HTMLElement {
  const ui = h("div", { role: "status", "aria-live": "polite", class: "status" });
  const selectId = `verify-version`;
  const select = h(
    "select",
    { id: selectId },
    versions
      .slice()
      .reverse()
      .map((v) => h("option", { value: String(v.versionId) }, `Version ${v.versionId}${v.champion ? " (champion)" : ""}`)),
  );
  const button = h("button", { type: "button" }, "Verify model");
  button.addEventListener("click", async () => {
    if (modelFileCount() === 0) {
      ui.dataset.state = "failed";
      ui.textContent = "Load the version's model file (and its ancestors') first.";
      return;
    }
    button.disabled = true;
    ui.dataset.state = "working";
    ui.textContent = "Verifying…";
    try {
      const report: ModelVerificationReport = await verifyModel(protocol, BigInt(select.value), modelFileSource(protocol));
      ui.dataset.state = report.verified ? "done" : "failed";
      replace(
        ui,
        h(
          "p",
          { class: "status-message" },
          report.verified
            ? `Version ${report.versionId} verifies: every link back to its genesis checks against the chain.`
            : `Version ${report.versionId} does not verify.`,
        ),
        h(
          "ul",
          {},
          report.links.map((link) =>
            h(
              "li",
              {},
              `Version ${link.versionId} (${link.kind}, ${link.status}): `,
              h(
                "ul",
                {},
                link.checks.map((c) =>
                  h("li", { class: c.ok ? "ok" : "error" }, `${c.ok ? "✓" : "✗"} ${c.name}${c.detail ? `: ${c.detail}` : ""}`),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      ui.dataset.state = "failed";
      ui.textContent = errorSentence(error);
    } finally {
      button.disabled = false;
    }
  });
  return section(
    "Verify a model file",
    modelFilesField(() => undefined),
    h("div", { class: "field" }, h("label", { for: selectId }, "Version"), select),
    h("div", { class: "actions" }, button),
    ui,
  );
}
