// audit.html: one self-contained dashboard (inline CSS, SVG charts, the findings as a JSON block and one script
// that filters and pages them; no network, no external assets). Sections live in sections.ts, computing in
// view-model.ts.
import type { Audit } from "../../model/audit.js";
import type { AuditTrendPoint } from "../../model/trend.js";
import { scriptJson } from "./escape.js";
import { renderPage } from "./page.js";
import { FINDINGS_SCRIPT } from "./script.js";
import {
  actionsSection,
  areasSection,
  blockersSection,
  chartsSection,
  duplicationSection,
  findingsSection,
  headerSection,
  notAnalysedSection,
  risksSection,
  strengthsSection,
  tocSection,
} from "./sections.js";
import { trendSection } from "./trend-chart.js";
import { buildDashboardView } from "./view-model.js";

export { escapeHtml } from "./escape.js";

export interface RenderHtmlOptions {
  /** Earlier runs of the same repository from the store, for the trend chart (drawn from two runs on). */
  trend?: readonly AuditTrendPoint[];
}

export function renderHtml(audit: Audit, options: RenderHtmlOptions = {}): string {
  const view = buildDashboardView(audit, options);
  const body = [
    headerSection(audit, view),
    tocSection(view),
    blockersSection(view),
    risksSection(view),
    strengthsSection(audit),
    actionsSection(view),
    trendSection(view.trend),
    chartsSection(audit, view),
    duplicationSection(audit),
    findingsSection(view),
    areasSection(audit, view),
    notAnalysedSection(audit),
    `<script type="application/json" id="findings-data">${scriptJson(view.data)}</script>`,
  ]
    .filter((part) => part !== "")
    .join("\n");
  return renderPage({ title: `Code Audit — ${audit.repository.name}`, body, script: FINDINGS_SCRIPT });
}
