import { h } from "../dom";
import { appState } from "../state";

/** The sentence shown where an action needs the wallet, or undefined when it is ready. */
export function walletNeeded(what: string): HTMLElement | undefined {
  const s = appState();
  if (s.g) return undefined;
  const text = !s.account
    ? `Connect your wallet to ${what}.`
    : `Switch your wallet to ${s.network} (chain ${s.deployment.chainId}) to ${what}.`;
  return h("p", { class: "notice" }, text);
}

/** A region that loads asynchronously, with a busy state and a one-sentence failure. */
export function loading(label: string): HTMLDivElement {
  return h("div", { class: "loading", "aria-busy": "true", "aria-live": "polite" }, `Loading ${label}…`);
}

export function loaded(el: HTMLElement): void {
  el.removeAttribute("aria-busy");
  el.classList.remove("loading");
}
