/** Rewards: each contribution with its status, what is claimable and when; claim. */
import { h, replace, section, short, when } from "../dom";
import { errorSentence } from "../errors";
import type { Page } from "../main";
import { chainTime, claim, contributionsOf, grd, type ContributionRecord } from "../sdk";
import { readSession } from "../state";
import { runAction, StatusArea } from "../status";
import { loaded, loading, walletNeeded } from "./common";

function statusText(c: ContributionRecord): string {
  if (c.status === "Revoked") return "revoked";
  if (c.status === "Claimed") return "claimed";
  if (c.inclusion === "pending") return "submitted (round not finalized yet)";
  return c.inclusion;
}

export function rewardsPage(): Page {
  return {
    title: "Rewards",
    render(main) {
      main.append(
        h(
          "p",
          { class: "lead" },
          "Every contribution rewarded to your account: whether the round's proven aggregate included it, what it pays back and from when.",
        ),
      );
      const need = walletNeeded("see your rewards");
      if (need) {
        main.append(need);
        return;
      }
      const box = loading("your contributions");
      const ui = new StatusArea("Claim status");
      main.append(section("Your contributions", box, ui.el));
      const refresh = async () => {
        const g = readSession();
        let records: ContributionRecord[];
        let now: bigint;
        try {
          [records, now] = await Promise.all([contributionsOf(g, g.account), chainTime(g)]);
        } catch (error) {
          loaded(box);
          replace(box, h("p", { class: "error" }, errorSentence(error)));
          return;
        }
        loaded(box);
        if (records.length === 0) {
          replace(box, h("p", {}, "No contribution is rewarded to this account yet."));
          return;
        }
        const due = records
          .filter((c) => c.status === "Valid" && c.due > 0n && c.claimableAt <= now)
          .reduce((s, c) => s + c.due, 0n);
        const rows = records.map((c) => {
          const claimable = c.status === "Valid" && c.due > 0n && c.claimableAt <= now;
          const pending = c.status === "Valid" && c.due > 0n && c.claimableAt > now;
          let action: Node | string = "—";
          if (claimable) {
            const button = h("button", { type: "button", "aria-describedby": `c-${c.uid}` }, "Claim");
            button.addEventListener("click", async () => {
              const r = await runAction(
                ui,
                `Claim for round ${c.roundId}`,
                [button],
                (s) => claim(s, [c.uid]),
                (res) =>
                  `You claimed ${grd(res.reduce((t, x) => t + x.bond + x.reward, 0n))} (bond and reward) for round ${c.roundId}.`,
              );
              if (r) void refresh();
            });
            action = button;
          }
          return h(
            "tr",
            { "data-uid": c.uid },
            h("th", { scope: "row", id: `c-${c.uid}` }, `Round ${c.roundId}`, h("br"), h("code", { title: c.uid }, short(c.uid))),
            h("td", {}, statusText(c)),
            h(
              "td",
              {},
              c.due > 0n
                ? grd(c.due)
                : c.status === "Valid" && c.inclusion === "pending"
                  ? "the bond back, plus a reward share if the round includes it"
                  : "nothing",
            ),
            h(
              "td",
              {},
              c.status !== "Valid" || c.due === 0n
                ? c.inclusion === "pending" && c.status === "Valid"
                  ? "after the round is finalized and its challenge period ends"
                  : "—"
                : claimable
                  ? "now"
                  : pending
                    ? h("span", {}, "from ", when(c.claimableAt))
                    : "—",
            ),
            h("td", {}, action),
          );
        });
        replace(
          box,
          h("p", {}, `Claimable now: ${grd(due)}.`),
          h(
            "table",
            {},
            h("caption", { class: "visually-hidden" }, "Your contributions"),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["Contribution", "Status", "Pays", "Claimable", "Action"].map((t) => h("th", { scope: "col" }, t)),
              ),
            ),
            h("tbody", {}, rows),
          ),
        );
      };
      void refresh();
    },
  };
}
