/** Join: the identity (created, imported, exported; stored encrypted), staking, unstaking, withdrawing. */
import { formatEther, parseEther } from "ethers";

import { facts, field, h, replace, section, when } from "../dom";
import { errorSentence } from "../errors";
import {
  createIdentity,
  downloadIdentity,
  forgetIdentity,
  importIdentity,
  storedCommitment,
  storedIdentityFile,
} from "../identity-store";
import type { Page } from "../main";
import { formatDuration, grd, participantStatus, requestUnstake, stake, withdraw, type ParticipantStatus } from "../sdk";
import { appState, readSession } from "../state";
import { nextFrame, runAction, StatusArea } from "../status";
import { loaded, loading, walletNeeded } from "./common";

export function joinPage(): Page {
  return {
    title: "Join",
    render(main) {
      const identityBox = h("div");
      const stakeBox = h("div");
      main.append(
        h(
          "p",
          { class: "lead" },
          "Create your member identity, keep it safe, and stake GRD to join the member tree. Your identity is stored in this browser only encrypted under your passphrase.",
        ),
        identityBox,
        stakeBox,
      );
      // One status area for staking across re-renders: a confirmed transaction stays readable.
      const stakeUi = new StatusArea("Staking status");
      const refresh = (message?: string) => {
        renderIdentity(identityBox, refresh, message);
        void renderStake(stakeBox, () => refresh(), stakeUi);
      };
      refresh();
    },
  };
}

function renderIdentity(box: HTMLElement, refresh: (message?: string) => void, message?: string): void {
  const s = appState();
  const ui = new StatusArea("Identity status");
  if (message) ui.say("done", message);
  let file;
  try {
    file = storedIdentityFile();
  } catch (error) {
    file = undefined;
    ui.say("failed", errorSentence(error));
  }
  const passphrase = field(
    "Passphrase",
    { type: "password", autocomplete: "new-password", minlength: 8 },
    "At least 8 characters. It encrypts your identity; it cannot be recovered.",
  );
  const busy = async (what: string, buttons: HTMLButtonElement[], work: () => Promise<string>) => {
    for (const b of buttons) b.disabled = true;
    box.setAttribute("aria-busy", "true");
    ui.say("working", what);
    await nextFrame();
    try {
      return await work();
    } catch (error) {
      ui.say("failed", errorSentence(error));
      return undefined;
    } finally {
      box.removeAttribute("aria-busy");
      for (const b of buttons) b.disabled = false;
    }
  };

  if (!file) {
    const create = h("button", { type: "button" }, "Create identity");
    const importFile = field(
      "Identity file",
      { type: "file", accept: ".json,application/json" },
      "An identity file exported from this app or written by npx hardhat participant identity.",
    );
    const importButton = h("button", { type: "button" }, "Import identity");
    create.addEventListener("click", async () => {
      const pass = passphrase.input.value;
      if (pass.length < 8) {
        ui.say("failed", "The passphrase must have at least 8 characters.");
        passphrase.input.focus();
        return;
      }
      const ok = await busy("Creating and encrypting your identity (about a second)…", [create, importButton], async () => {
        s.identity = await createIdentity(pass);
        return "Your identity was created and stored encrypted in this browser. Export it to keep a copy.";
      });
      if (ok) refresh(ok);
    });
    importButton.addEventListener("click", async () => {
      const chosen = importFile.input.files?.[0];
      if (!chosen) {
        ui.say("failed", "Choose an identity file to import.");
        importFile.input.focus();
        return;
      }
      const ok = await busy("Opening the identity file (about a second)…", [create, importButton], async () => {
        s.identity = await importIdentity(await chosen.text(), chosen.name, passphrase.input.value);
        return `The identity from ${chosen.name} was imported.`;
      });
      if (ok) refresh(ok);
    });
    replace(
      box,
      section(
        "Your identity",
        h(
          "p",
          {},
          "No identity is stored in this browser yet. Create one, or import the identity file you use with the command line.",
        ),
        passphrase.row,
        h("div", { class: "actions" }, create),
        h("h3", {}, "Import an identity file"),
        importFile.row,
        h("p", { class: "hint" }, "The passphrase above is the one the file was encrypted with."),
        h("div", { class: "actions" }, importButton),
        ui.el,
      ),
    );
    return;
  }

  const commitment = BigInt(file.public.commitment);
  const exportButton = h("button", { type: "button", onclick: () => downloadIdentity() }, "Export identity file");
  const forget = h("button", { type: "button", class: "secondary" }, "Remove identity from this browser");
  forget.addEventListener("click", () => {
    if (!window.confirm("Remove the identity from this browser? Without an exported copy, it is lost.")) return;
    forgetIdentity();
    s.identity = undefined;
    refresh();
  });
  replace(
    box,
    section(
      "Your identity",
      facts([
        ["Commitment", h("code", { class: "wrap" }, commitment.toString())],
        ["In this page", s.identity ? "unlocked" : "locked (the passphrase opens it when you contribute)"],
      ]),
      h("p", { class: "hint" }, "The exported file is the command line's identity file, still encrypted under your passphrase."),
      h("div", { class: "actions" }, exportButton, forget),
      ui.el,
    ),
  );
}

let stakeRender = 0;

async function renderStake(box: HTMLElement, refresh: () => void, ui: StatusArea): Promise<void> {
  const generation = ++stakeRender; // a newer render supersedes this one once its reads return
  const need = walletNeeded("stake and see your membership");
  if (need) {
    replace(box, section("Membership and stake", need));
    return;
  }
  const status = loading("your membership");
  replace(box, section("Membership and stake", status, ui.el));
  let p: ParticipantStatus;
  let minStake: bigint;
  let unbondingEndsAt = 0n;
  try {
    const g = readSession();
    p = await participantStatus(g);
    minStake = (await g.protocol.registry.params()).minStake;
    if (p.status === "Unbonding") unbondingEndsAt = (await g.protocol.registry.memberOf(g.account)).unbondingEndsAt;
  } catch (error) {
    if (generation !== stakeRender) return;
    loaded(status);
    replace(status, h("p", { class: "error" }, errorSentence(error)));
    return;
  }
  if (generation !== stakeRender) return;
  loaded(status);
  const rows: Array<[string, string | Node]> = [
    ["Membership", p.status === "None" ? "not a member" : p.status],
    ["Stake", grd(p.stake)],
    ["GRD in your wallet", grd(p.balance)],
    ["Bond balance", grd(p.bondBalance)],
    ["Voting power", grd(p.votes)],
  ];
  if (p.status === "Unbonding")
    rows.push([
      "Unbonding ends",
      h(
        "span",
        {},
        when(unbondingEndsAt),
        p.unbondingLeft > 0n ? ` (in ${formatDuration(Number(p.unbondingLeft))})` : " (over: you can withdraw)",
      ),
    ]);
  replace(status, facts(rows));

  const actions: Array<HTMLElement | null> = [];
  if (p.status === "None") {
    const commitment = storedCommitment();
    const amount = field(
      "Stake (GRD)",
      { type: "text", inputmode: "decimal", value: formatEther(minStake), autocomplete: "off" },
      `At least ${grd(minStake)}. One transaction: the app asks your wallet for a permit signature, then the stake.`,
    );
    const button = h("button", { type: "button", disabled: commitment === undefined }, "Stake");
    button.addEventListener("click", async () => {
      let wei: bigint;
      try {
        wei = parseEther(amount.input.value.trim());
      } catch {
        ui.say("failed", "Enter the stake as a number of GRD, e.g. 100.");
        amount.input.focus();
        return;
      }
      const c = storedCommitment();
      if (c === undefined) {
        ui.say("failed", "Create or import your identity first.");
        return;
      }
      const done = await runAction(
        ui,
        "Stake",
        [button],
        (g) => stake(g, wei, c, { permit: true }),
        () => `You staked ${grd(wei)} and joined the member tree.`,
      );
      if (done) refresh();
    });
    actions.push(
      amount.row,
      commitment === undefined ? h("p", { class: "notice" }, "Create or import your identity above to stake.") : null,
      h("div", { class: "actions" }, button),
    );
  }
  if (p.inTree) {
    const button = h("button", { type: "button" }, "Unstake");
    button.addEventListener("click", async () => {
      const done = await runAction(
        ui,
        "Unstake",
        [button],
        (g) => requestUnstake(g),
        () => "You left the member tree; your stake is unbonding.",
      );
      if (done) refresh();
    });
    actions.push(
      h("p", { class: "hint" }, "Unstaking leaves the member tree and starts the unbonding period; withdraw after it ends."),
      h("div", { class: "actions" }, button),
    );
  }
  if (p.status === "Unbonding") {
    const button = h("button", { type: "button", "aria-disabled": p.unbondingLeft > 0n ? "true" : undefined }, "Withdraw");
    button.addEventListener("click", async () => {
      const done = await runAction(
        ui,
        "Withdraw",
        [button],
        (g) => withdraw(g),
        (r) => `You withdrew ${grd(r.amount)}.`,
      );
      if (done) refresh();
    });
    actions.push(h("div", { class: "actions" }, button));
  }
  ui.el.before(...actions.filter((a): a is HTMLElement => Boolean(a)));
}
