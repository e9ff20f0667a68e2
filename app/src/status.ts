/**
 * The status area of one action (role="status", aria-live): what the wallet is asked, each
 * transaction pending (with its hash), confirmed (block, hash) or failed, as sentences.
 */
import { h, replace } from "./dom";
import { errorSentence } from "./errors";
import { appState } from "./state";
import { sendTx, silentProgress, type Guardians, type Progress, type TxOutcome } from "./sdk-core";

export class StatusArea {
  readonly el: HTMLDivElement;
  private readonly message: HTMLParagraphElement;
  private readonly list: HTMLOListElement;

  constructor(label: string) {
    this.message = h("p", { class: "status-message" });
    this.list = h("ol", { class: "tx-list" });
    this.el = h("div", { class: "status", role: "status", "aria-live": "polite", "aria-label": label }, this.message, this.list);
  }

  /** Sets the area's state (idle, working, pending, confirmed, failed) and its sentence. */
  say(stateName: "idle" | "working" | "done" | "failed", text: string): void {
    this.el.dataset.state = stateName;
    this.message.textContent = text;
  }

  clear(): void {
    this.el.dataset.state = "idle";
    this.message.textContent = "";
    this.list.replaceChildren();
  }

  /** A line for one transaction. */
  tx(action: string): { pending(hash: string): void; confirmed(o: TxOutcome): void; failed(text: string): void } {
    const item = h("li", { "data-tx": "signing" }, `${action}: waiting for your signature in the wallet…`);
    this.list.appendChild(item);
    const hashEl = (hash: string) => h("code", { class: "hash" }, hash);
    return {
      pending: (hash) => {
        item.dataset.tx = "pending";
        replace(item, `${action}: pending, transaction `, hashEl(hash));
      },
      confirmed: (o) => {
        item.dataset.tx = "confirmed";
        replace(item, `${action}: confirmed in block ${o.blockNumber}, transaction `, hashEl(o.hash));
      },
      failed: (text) => {
        item.dataset.tx = "failed";
        replace(item, `${action}: failed. ${text}`);
      },
    };
  }

  /** A Progress that shows the SDK's long steps (reading events, waiting) in this area. */
  progress(): Progress {
    return {
      info: (message) => this.say("working", message),
      step: () => {
        const started = performance.now();
        return { update: () => {}, done: () => performance.now() - started };
      },
    };
  }
}

/** The session for one action: its transactions report in `ui`. */
export function actionSession(g: Guardians, ui: StatusArea): Guardians {
  const networkName = appState().network;
  return {
    ...g,
    progress: ui.progress(),
    send: async (action, send, hints) => {
      const line = ui.tx(action);
      try {
        const outcome = await sendTx(
          g.provider,
          action,
          async () => {
            const response = await send();
            line.pending(response.hash);
            return response;
          },
          {
            confirmations: g.confirmations,
            progress: silentProgress,
            decoder: g.protocol.decoder,
            hints,
            account: g.account,
            networkName,
            pollMs: 500,
          },
        );
        line.confirmed(outcome);
        return outcome;
      } catch (error) {
        line.failed(errorSentence(error));
        throw error;
      }
    },
  };
}

/**
 * Runs one user action: disables its buttons, shows progress and every transaction in `ui`, and
 * turns any failure into one sentence. Returns undefined when it failed.
 */
export async function runAction<T>(
  ui: StatusArea,
  what: string,
  buttons: HTMLButtonElement[],
  action: (g: Guardians) => Promise<T>,
  done?: (result: T) => string,
): Promise<T | undefined> {
  const g = appState().g;
  if (!g) {
    ui.say("failed", "Connect your wallet to the deployment's network first.");
    return undefined;
  }
  for (const b of buttons) b.disabled = true;
  ui.clear();
  ui.say("working", `${what}: check your wallet if it asks for a signature…`);
  try {
    const result = await action(actionSession(g, ui));
    ui.say("done", done ? done(result) : `${what}: done.`);
    return result;
  } catch (error) {
    ui.say("failed", errorSentence(error));
    return undefined;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

/** Lets the browser paint a busy state before synchronous work (scrypt) blocks the thread. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30));
}
