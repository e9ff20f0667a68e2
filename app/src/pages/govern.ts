/** Govern: delegate; proposals with state, tally, deadlines and decoded actions; vote, queue, execute. */
import { ZeroAddress, type Interface } from "ethers";

import { facts, field, h, replace, section, short, uid, when } from "../dom";
import { errorSentence } from "../errors";
import type { Page } from "../main";
import {
  castVote,
  chainTime,
  delegateVotes,
  describeProvenance,
  executeProposal,
  governanceStatus,
  grd,
  listProposals,
  modelVersionInfo,
  queueProposal,
  readableDescription,
  type Guardians,
  type ModelVersionInfo,
  type ProposalRecord,
  type ProposalSummary,
  type SupportName,
} from "../sdk";
import { modelFileCount, modelFileSource, modelFilesField } from "../model-files";
import { appState, readSession } from "../state";
import { runAction, StatusArea } from "../status";
import { loaded, loading, walletNeeded } from "./common";

/** A ModelRegistry.activate or .rollback action's version. */
async function modelActionOf(g: Guardians, p: ProposalRecord): Promise<{ versionId: bigint; verb: string } | undefined> {
  const registry = g.protocol.modelRegistry;
  const address = (await registry.getAddress()).toLowerCase();
  for (const [i, target] of p.targets.entries()) {
    if (target.toLowerCase() !== address) continue;
    try {
      const call = registry.interface.parseTransaction({ data: p.calldatas[i] });
      if (call?.name === "activate") return { versionId: BigInt(call.args[0]), verb: "activates" };
      if (call?.name === "rollback") return { versionId: BigInt(call.args[0]), verb: "rolls the champion back to" };
    } catch {
      // not a registry call this app knows
    }
  }
  return undefined;
}

function formatArg(a: unknown): string {
  if (Array.isArray(a)) return `(${[...a].map(formatArg).join(", ")})`;
  return typeof a === "bigint" ? a.toString() : String(a);
}

/** Each action as `Contract.function(args)`, decoded with the protocol's ABIs. */
async function decodeActions(g: Guardians, p: ProposalRecord): Promise<string[]> {
  const contracts: Array<[string, { getAddress(): Promise<string>; interface: Interface }]> = [
    ["ModelRegistry", g.protocol.modelRegistry],
    ["RoundManager", g.protocol.roundManager],
    ["ParticipantRegistry", g.protocol.registry],
    ["GuardiansGovernor", g.protocol.governor],
    ["GuardiansTimelock", g.protocol.timelock],
    ["GuardiansToken", g.protocol.token],
  ];
  const byAddress = new Map<string, [string, Interface]>();
  for (const [name, c] of contracts) byAddress.set((await c.getAddress()).toLowerCase(), [name, c.interface]);
  return p.targets.map((target, i) => {
    const known = byAddress.get(target.toLowerCase());
    const value = p.values[i] > 0n ? ` sending ${p.values[i]} wei` : "";
    if (!known) return `call ${target} with ${p.calldatas[i].slice(0, 10)}…${value}`;
    try {
      const call = known[1].parseTransaction({ data: p.calldatas[i] });
      if (!call) throw new Error("unknown");
      const args = [...call.args].map(formatArg).join(", ");
      return `${known[0]}.${call.name}(${args})${value}`;
    } catch {
      return `${known[0]}: call ${p.calldatas[i].slice(0, 10)}…${value}`;
    }
  });
}

export function governPage(): Page {
  return {
    title: "Govern",
    render(main) {
      main.append(
        h(
          "p",
          { class: "lead" },
          "Guardians' models change only by proposal. Delegate your voting power (to yourself to vote), vote with a reason, then queue and execute what passed.",
        ),
      );
      const delegateBox = h("div");
      const proposalsBox = loading("proposals");
      main.append(
        delegateBox,
        section(
          "Proposals",
          modelFilesField(() => refresh()),
          proposalsBox,
        ),
      );
      // Status areas outlive re-renders, so a confirmed transaction's hash stays on the page.
      const areas = new Map<string, StatusArea>();
      const area = (key: string, label: string) => {
        let a = areas.get(key);
        if (!a) areas.set(key, (a = new StatusArea(label)));
        return a;
      };
      function refresh(): void {
        void renderDelegation(delegateBox, refresh, area("delegation", "Delegation status"));
        void renderProposals(proposalsBox, refresh, area);
      }
      refresh();
    },
  };
}

type Areas = (key: string, label: string) => StatusArea;

async function renderDelegation(box: HTMLElement, refresh: () => void, ui: StatusArea): Promise<void> {
  const need = walletNeeded("delegate and vote");
  if (need) {
    replace(box, section("Your voting power", need));
    return;
  }
  const g = readSession();
  let votes: bigint;
  let grdTo: string;
  let sgrdTo: string;
  try {
    [votes, grdTo, sgrdTo] = await Promise.all([
      g.protocol.votes.getVotes(g.account),
      g.protocol.token.delegates(g.account),
      g.protocol.stakePosition.delegates(g.account),
    ]);
  } catch (error) {
    replace(box, section("Your voting power", h("p", { class: "error" }, errorSentence(error))));
    return;
  }
  const describe = (to: string) =>
    to === ZeroAddress ? "nobody (these votes count for no one)" : to.toLowerCase() === g.account.toLowerCase() ? "yourself" : to;
  const self = h("button", { type: "button" }, "Delegate to myself");
  const other = field("Delegate to address", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: "0x…" });
  const otherButton = h("button", { type: "button", class: "secondary" }, "Delegate votes");
  const go = async (to: string) => {
    const r = await runAction(
      ui,
      "Delegate",
      [self, otherButton],
      (s) => delegateVotes(s, to),
      (outcomes) =>
        outcomes.length === 0
          ? "Your votes were already delegated there; nothing was sent."
          : "Your GRD and staked GRD votes are delegated.",
    );
    if (r) refresh();
  };
  self.addEventListener("click", () => void go(g.account));
  otherButton.addEventListener("click", () => void go(other.input.value.trim()));
  replace(
    box,
    section(
      "Your voting power",
      facts([
        ["Votes now", grd(votes)],
        ["GRD votes delegated to", describe(grdTo)],
        ["Staked GRD votes delegated to", describe(sgrdTo)],
      ]),
      h("p", { class: "hint" }, "Voting power counts from the moment a proposal is made: delegate before it."),
      h("div", { class: "actions" }, self),
      other.row,
      h("div", { class: "actions" }, otherButton),
      ui.el,
    ),
  );
}

async function renderProposals(box: HTMLElement, refresh: () => void, areas: Areas): Promise<void> {
  const g = readSession();
  let summaries: ProposalSummary[];
  let records: ProposalRecord[];
  let now: bigint;
  try {
    const [status, list, t] = await Promise.all([
      governanceStatus(g, modelFileCount() > 0 ? modelFileSource(g.protocol) : undefined),
      listProposals(g),
      chainTime(g),
    ]);
    summaries = status.proposals;
    records = list;
    now = t;
  } catch (error) {
    loaded(box);
    replace(box, h("p", { class: "error" }, errorSentence(error)));
    return;
  }
  loaded(box);
  if (summaries.length === 0) {
    replace(box, h("p", {}, "No proposal has been made yet."));
    return;
  }
  const articles = await Promise.all(
    summaries
      .slice()
      .reverse()
      .map(async (p) => {
        const record = records.find((r) => r.proposalId === p.proposalId);
        const id = p.proposalId.toString();
        return proposalArticle(g, p, record, now, refresh, areas(id, `Status of proposal ${short(id, 12)}`));
      }),
  );
  replace(box, articles);
}

async function proposalArticle(
  g: Guardians,
  p: ProposalSummary,
  record: ProposalRecord | undefined,
  now: bigint,
  refresh: () => void,
  ui: StatusArea,
): Promise<HTMLElement> {
  const { governor } = g.protocol;
  const headingId = uid("p");
  const title = readableDescription(p.description).split("\n")[0] || `Proposal ${short(p.proposalId.toString(), 12)}`;
  const [snapshot, deadline] = await Promise.all([
    governor.proposalSnapshot(p.proposalId),
    governor.proposalDeadline(p.proposalId),
  ]);
  const connected = Boolean(appState().g);
  const hasVoted = connected ? await governor.hasVoted(p.proposalId, g.account) : false;
  const actions = record ? await decodeActions(g, record) : [];
  // Both read the past: they revert while the snapshot is in the future (a Pending proposal).
  const quorum = await governor.quorum(snapshot).catch(() => undefined);
  const myVotes = connected ? await governor.getVotes(g.account, snapshot).catch(() => undefined) : undefined;
  let model: ModelVersionInfo | undefined;
  // The version a model action names: the SDK's summary covers activate; a rollback is read here.
  const modelAction = p.model
    ? { versionId: p.model.versionId, verb: "activates" }
    : record
      ? await modelActionOf(g, record)
      : undefined;
  if (modelAction) model = await modelVersionInfo(g.protocol, modelAction.versionId).catch(() => undefined);

  const rows: Array<[string, string | Node]> = [
    ["State", p.state],
    ["Proposal id", h("code", { class: "wrap" }, p.proposalId.toString())],
    ["Proposer", p.proposer],
    ["For", grd(p.forVotes)],
    ["Against", grd(p.againstVotes)],
    ["Abstain", grd(p.abstainVotes)],
    ["Quorum", quorum === undefined ? "set when voting opens" : `${grd(quorum)} (for and abstain count)`],
    ...(myVotes === undefined ? [] : ([["Your voting power in it", grd(myVotes)]] as Array<[string, string]>)),
    ["Voting opens", when(snapshot)],
    ["Voting closes", when(deadline)],
  ];
  if (p.eta > 0n) rows.push(["Executable from", when(p.eta)]);
  const parts: Array<Node | null> = [
    h("h3", { id: headingId }, title),
    facts(rows),
    h("h4", {}, "What it does"),
    h(
      "ul",
      { class: "actions-list" },
      actions.map((a) => h("li", {}, h("code", { class: "wrap" }, a))),
    ),
  ];
  if (modelAction) {
    const verifies = p.model?.verified;
    parts.push(
      h("h4", {}, `Model version ${modelAction.versionId} (the proposal ${modelAction.verb} it)`),
      facts([
        ["Metrics", model ? `accuracy ${(model.accuracyBps / 100).toFixed(2)}% (${model.accuracyBps} bps)` : "unknown"],
        ["Parent", model ? (model.parentId === 0n ? "none (a genesis)" : `version ${model.parentId}`) : "unknown"],
        ["Round", model ? (model.roundId === 0n ? "none" : `round ${model.roundId}`) : "unknown"],
        ["Status", model?.status ?? "unknown"],
        [
          "Verifies against the chain",
          model?.provenance.kind === "round"
            ? h("span", { class: "ok" }, `Yes: ${describeProvenance(model.provenance)}`)
            : h("span", {}, `Not by a round's proof: ${model ? describeProvenance(model.provenance) : "unknown"}`),
        ],
        [
          "Model file verifies",
          verifies === undefined
            ? p.model
              ? "not checked: load the version's model file (and its ancestors') above"
              : "not checked here: verify its file on the Models page"
            : h(
                "span",
                { class: verifies ? "ok" : "error" },
                verifies ? "yes: every link back to the genesis checks" : "no: see the Models page for the failing check",
              ),
        ],
      ]),
    );
  }

  if (connected && p.state === "Active") {
    if (hasVoted) parts.push(h("p", { class: "ok" }, "You have voted on this proposal."));
    else {
      if (myVotes === 0n)
        parts.push(
          h(
            "p",
            { class: "notice" },
            "You had no voting power when this proposal was made: your vote would count 0. Delegate before the next one.",
          ),
        );
      const name = uid("support");
      const options: Array<[SupportName, string]> = [
        ["for", "For"],
        ["against", "Against"],
        ["abstain", "Abstain"],
      ];
      const radios = options.map(([value, label], i) => {
        const id = uid("v");
        return {
          value,
          el: h(
            "div",
            { class: "choice" },
            h("input", { type: "radio", name, id, value, checked: i === 0 }),
            h("label", { for: id }, label),
          ),
        };
      });
      const reason = field(
        "Reason",
        { type: "text", autocomplete: "off", maxlength: 500 },
        "Optional; stored on chain with your vote.",
      );
      const vote = h("button", { type: "button" }, "Vote");
      vote.addEventListener("click", async () => {
        const chosen = (radios.map((r) => r.el.querySelector("input")!).find((i) => i.checked)?.value ?? "for") as SupportName;
        const r = await runAction(
          ui,
          "Vote",
          [vote],
          (s) => castVote(s, p.proposalId, chosen, reason.input.value.trim()),
          () => `You voted ${chosen}.`,
        );
        if (r) refresh();
      });
      parts.push(
        h(
          "fieldset",
          {},
          h("legend", {}, "Your vote"),
          radios.map((r) => r.el),
        ),
        reason.row,
        h("div", { class: "actions" }, vote),
      );
    }
  }
  if (connected && p.state === "Succeeded") {
    const queue = h("button", { type: "button" }, "Queue");
    queue.addEventListener("click", async () => {
      const r = await runAction(
        ui,
        "Queue",
        [queue],
        (s) => queueProposal(s, p.proposalId),
        () => "The proposal is queued in the timelock.",
      );
      if (r) refresh();
    });
    parts.push(h("div", { class: "actions" }, queue));
  }
  if (connected && p.state === "Queued") {
    const execute = h("button", { type: "button" }, "Execute");
    execute.addEventListener("click", async () => {
      const r = await runAction(
        ui,
        "Execute",
        [execute],
        (s) => executeProposal(s, p.proposalId),
        () => "The proposal was executed.",
      );
      if (r) refresh();
    });
    parts.push(
      p.eta > now
        ? h(
            "p",
            { class: "hint" },
            "The timelock holds it until ",
            when(p.eta),
            "; executing earlier is refused before anything is sent.",
          )
        : null,
      h("div", { class: "actions" }, execute),
    );
  }
  parts.push(ui.el);
  return h("article", { class: "proposal", "aria-labelledby": headingId }, parts);
}
