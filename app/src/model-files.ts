/**
 * Model files the user loaded in this page (a version's canonical artifact and its ancestors'),
 * keyed by hash: each stands for the version whose on-chain weightsHash it hashes to. Nothing is
 * uploaded; `model verify` runs here against the chain.
 */
import { field, h } from "./dom";
import { artifactHash, type ModelFileSource, type Protocol } from "./sdk";

const byHash = new Map<string, Uint8Array>();

export function modelFileCount(): number {
  return byHash.size;
}

export function modelFileSource(protocol: Protocol): ModelFileSource {
  return async (versionId: bigint) => byHash.get((await protocol.modelRegistry.versionOf(versionId)).weightsHash.toLowerCase());
}

/** A labelled multiple-file input; `changed` runs once the chosen files are read. */
export function modelFilesField(changed: () => void): HTMLElement {
  const f = field(
    "Model files",
    { type: "file", multiple: true, accept: ".json,application/json" },
    "Optional: a version's model file and its ancestors' (npx hardhat model fetch writes them); they are checked here against the chain, nothing is uploaded.",
  );
  const note = h("p", { class: "hint", "aria-live": "polite" });
  f.input.addEventListener("change", async () => {
    for (const file of f.input.files ?? []) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      byHash.set(artifactHash(bytes).toLowerCase(), bytes);
    }
    note.textContent = `${byHash.size} model file${byHash.size === 1 ? "" : "s"} loaded in this page.`;
    changed();
  });
  f.row.append(note);
  return f.row;
}
