// plan.html: one self-contained page (inline CSS, no scripts) rendered from the PlanReport; formatting only.
import { formatEffort } from "../model/format.js";
import { escapeHtml as e } from "../report/html/render-html.js";
import type { ItemState, PlanReport } from "./types.js";

const STATE_COLOR: Record<ItemState, string> = {
  done: "#2a9d8f",
  "done-elsewhere": "#52b788",
  partial: "#f0a202",
  missing: "#b00020",
  "not-decidable": "#8d99ae",
};

export function renderPlanHtml(report: PlanReport): string {
  const s = report.summary;
  const bar = (percent: number | null): string =>
    `<div class="bar"><div style="width:${percent ?? 0}%"></div></div><span>${percent === null ? "n/a" : `${percent}%`}</span>`;
  const stages = report.stages
    .map((stage) => {
      const items = stage.items
        .map(
          (item) =>
            `<tr><td>${e(item.id)}</td><td>${e(item.title)}</td><td><span class="state" style="background:${STATE_COLOR[item.state]}">${e(item.state.replace("-", " "))}</span></td><td>${e(item.summary)}${item.evidence
              .map(
                (ev) =>
                  `<br><code>${e(ev.line === null ? ev.path : `${ev.path}:${ev.line}`)}</code> ${e(ev.text)}`,
              )
              .join(
                "",
              )}${item.searched && item.state !== "done" ? `<br><small>searched: ${e(item.searched)}</small>` : ""}</td></tr>`,
        )
        .join("\n");
      return `<h2>Stage ${e(stage.id)}: ${e(stage.title)}</h2>${bar(stage.percent)}\n<table><tr><th>item</th><th>title</th><th>state</th><th>evidence</th></tr>\n${items}\n</table>`;
    })
    .join("\n");
  const uncovered = report.uncoveredFindings.length
    ? `<ul>${report.uncoveredFindings.map((f) => `<li><b>${e(f.severity)}</b> ${e(f.title)} (<code>${e(f.ruleId)}</code>)${f.path ? ` <code>${e(f.line ? `${f.path}:${f.line}` : f.path)}</code>` : ""}</li>`).join("")}</ul>`
    : "<p>None.</p>";
  const risks = report.riskAreas.length
    ? `<ul>${report.riskAreas.map((r) => `<li><b>${e(r.area)}</b>: ${r.items.map(e).join("; ")}</li>`).join("")}</ul>`
    : "<p>No open item in security, database or CI.</p>";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Plan audit: ${e(report.plan.title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
.bar{display:inline-block;width:300px;height:12px;background:#eee;margin-right:8px}.bar div{height:12px;background:#2a9d8f}
.state{color:#fff;border-radius:3px;padding:1px 5px;white-space:nowrap}code{font-size:12px}</style></head>
<body><h1>Plan audit: ${e(report.plan.title)}</h1>
<p>Repository <code>${e(report.repository.root)}</code>${report.repository.commit ? ` at <code>${e(report.repository.commit.slice(0, 12))}</code>` : ""}; plan <code>${e(report.plan.file)}</code>${report.generatedAt ? `; ${e(report.generatedAt)}` : ""}</p>
<p><b>Verdict: ${e(s.verdict)}</b></p>
<p>Overall (weighted): ${bar(s.percent)} — ${s.items} items, ${s.decidable} decidable; effort to completion ${s.remainingMinutes > 0 ? e(formatEffort(s.remainingMinutes)) : "none estimated"}${s.unestimated ? ` (${s.unestimated} open items without an estimate)` : ""}.</p>
${stages}
<h2>Outside the plan: high and critical findings</h2>${uncovered}
<h2>Risk areas</h2>${risks}
</body></html>
`;
}
