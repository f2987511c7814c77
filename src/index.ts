// The programmatic API: `import { audit, delta, loadConfig } from "codeaudit"`. The CLI is a thin layer over these
// same functions (src/cli/audit.ts, src/cli/delta.ts); reports are rendered by the same renderers.
import { loadConfig } from "./config/load-config.js";
import { auditRepository, type AuditOptions, type AuditRun } from "./pipeline/audit-repository.js";
import { runDelta, type DeltaOptions, type DeltaRun } from "./delta/run-delta.js";
import type { Audit } from "./model/audit.js";
import { renderHtml } from "./report/html/render-html.js";
import { renderJson } from "./report/json.js";
import { renderMarkdown } from "./report/markdown/render-markdown.js";
import { renderSarif } from "./report/sarif.js";
import { renderGitlabCodeQuality } from "./report/gitlab-code-quality.js";
import { loadBuiltInRules } from "./rules/load-rules.js";
import { ruleDocsUri, toolHomepage } from "./util/project-links.js";

export type AuditApiOptions = Omit<AuditOptions, "path">;
export type DeltaApiOptions = Omit<DeltaOptions, "path" | "range">;

/**
 * Audits the repository at `path` (its working tree, or `options.ref`): the same run as `codeaudit audit`.
 * `run.audit` is the audit.json document (SPEC §5.1); render it with `renderReport`.
 */
export function audit(path: string, options: AuditApiOptions = {}): Promise<AuditRun> {
  return auditRepository({ ...options, path });
}

/** Audits the changes of `range` (`base..head`) in the repository at `path`: the same run as `codeaudit delta`. */
export function delta(range: string, path: string, options: DeltaApiOptions = {}): Promise<DeltaRun> {
  return runDelta({ ...options, path, range });
}

export type ReportFormat = "md" | "json" | "sarif" | "html" | "gitlab";

/**
 * An audit rendered as one report format, as the CLI writes it. Repository content is not masked here: the CLI
 * masks secrets and escapes control characters before rendering (see its output-safety module).
 */
export async function renderReport(report: Audit, format: ReportFormat): Promise<string> {
  if (format === "md") return renderMarkdown(report);
  if (format === "json") return renderJson(report);
  if (format === "html") return renderHtml(report);
  if (format === "gitlab") return renderGitlabCodeQuality(report);
  return renderSarif(report, await loadBuiltInRules(), {
    informationUri: toolHomepage(),
    helpUri: ruleDocsUri,
  });
}

export { loadConfig };
export type { LoadedConfig } from "./config/load-config.js";
export type { CodeauditConfig } from "./config/config-schema.js";
export type { AuditOptions, AuditRun, DeltaOptions, DeltaRun, Audit };
export type { Finding } from "./model/finding.js";
export type { Severity } from "./model/severity.js";
export type { DeltaReport } from "./delta/types.js";
