// audit.sarif: SARIF 2.1.0 for code-scanning upload (GitHub, GitLab, Azure DevOps), rendered from the Audit.
// Rules carry their help text, a link to their documentation and, for security rules only, `security-severity`;
// results carry locations (a repository-level finding is placed on the file that should change) and the stable
// finding id as a partial fingerprint, so code scanning tracks a finding across commits.
import { parsePatch } from "../util/combine-patches.js";
import type { Audit } from "../model/audit.js";
import type { Finding } from "../model/finding.js";
import type { Severity } from "../model/severity.js";

export interface SarifRuleInput {
  id: string;
  title: string;
  severity: Severity;
  area?: string;
  docs: { rationale: string; impact: string; fix: string };
}

export interface SarifOptions {
  /** The tool's home page (SARIF `informationUri`). */
  informationUri?: string;
  /** A rule's documentation page (SARIF `helpUri`), when it has one. */
  helpUri?: (ruleId: string) => string | undefined;
  /** Findings silenced by `codeaudit-ignore` comments: emitted with SARIF `suppressions`, so code scanning shows them as dismissed in source. */
  suppressed?: ReadonlyArray<{ finding: Finding; reason: string }>;
}

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const DEFAULT_INFORMATION_URI = "https://github.com/codeaudit/codeaudit";

/** SARIF `level` for a severity. */
const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** GitHub's `security-severity` (a CVSS-like score: >=9 critical, >=7 high, >=4 medium, >0 low). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};

/** GitHub code scanning shows `security-severity` only on rules tagged "security": the security area's rules. */
function isSecurityArea(area: string | undefined): boolean {
  return area === "security";
}

export function renderSarif(
  audit: Audit,
  rules: ReadonlyArray<SarifRuleInput>,
  options: SarifOptions = {},
): string {
  const suppressed = options.suppressed ?? [];
  const usedIds = new Set(
    [...audit.findings, ...suppressed.map((s) => s.finding)].map((finding) => finding.ruleId),
  );
  const known = new Map(rules.map((rule) => [rule.id, rule]));
  // Every rule that produced a finding must be described, even one missing from `rules`.
  const descriptors = [...new Set([...rules.map((rule) => rule.id), ...usedIds])].sort().map((id) => {
    const rule = known.get(id);
    const sample = audit.findings.find((finding) => finding.ruleId === id);
    const title = rule?.title ?? sample?.title ?? id;
    const severity = rule?.severity ?? sample?.severity ?? "medium";
    const docs = rule?.docs ?? {
      rationale: sample?.risk ?? "",
      impact: sample?.impact ?? "",
      fix: sample?.fix.text ?? "",
    };
    const area = rule?.area ?? sample?.area;
    const helpUri = options.helpUri?.(id);
    const security = isSecurityArea(area);
    const helpText = [docs.rationale, docs.impact && `Impact: ${docs.impact}`, docs.fix && `Fix: ${docs.fix}`]
      .filter(Boolean)
      .join("\n\n");
    return {
      id,
      name: pascal(id),
      shortDescription: { text: title },
      fullDescription: { text: docs.rationale || title },
      ...(helpUri ? { helpUri } : {}),
      help: {
        text: helpText || title,
        markdown:
          [docs.rationale, docs.impact && `**Impact:** ${docs.impact}`, docs.fix && `**Fix:** ${docs.fix}`]
            .filter(Boolean)
            .join("\n\n") || title,
      },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        // GitHub shows security-severity only for rules tagged "security"; tags must be unique.
        tags: [...new Set([...(area ? [area] : []), ...(security ? ["security"] : [])])],
        precision: "high",
        "problem.severity": problemSeverity(severity),
        ...(security ? { "security-severity": SECURITY_SEVERITY[severity] } : {}),
      },
    };
  });
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));

  // With a baseline, SARIF's own baselineState says which results are new and which the baseline accepts.
  const baselined = audit.baseline ? new Set(audit.baseline.baselinedIds) : null;
  const results = [
    ...audit.findings.map((finding) => ({
      ...result(finding, ruleIndex.get(finding.ruleId) ?? -1, repositoryLevelPath(finding, audit)),
      ...(baselined ? { baselineState: baselined.has(finding.id) ? "unchanged" : "new" } : {}),
    })),
    ...suppressed.map(({ finding, reason }) => ({
      ...result(finding, ruleIndex.get(finding.ruleId) ?? -1, repositoryLevelPath(finding, audit)),
      suppressions: [{ kind: "inSource", status: "accepted", justification: reason }],
    })),
  ];
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: audit.tool.name,
            version: audit.tool.version,
            semanticVersion: /^\d+\.\d+\.\d+/.test(audit.tool.version) ? audit.tool.version : undefined,
            informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
            rules: descriptors,
          },
        },
        // The category (before the last "/") names what was audited by its place in the repository, never by the
        // clone's folder name, so reruns in CI update the same analysis and a subfolder audit gets its own.
        automationDetails: { id: `${automationCategory(audit)}/` },
        ...(audit.repository.commit
          ? { properties: { commit: audit.repository.commit, branch: audit.repository.branch } }
          : {}),
        originalUriBaseIds: { SRCROOT: { description: { text: "The audited repository's root." } } },
        results,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

function automationCategory(audit: Audit): string {
  const subfolder = audit.repository.scope?.subfolder ?? "";
  return subfolder ? `${audit.tool.name}/${subfolder.replace(/\/+$/, "")}` : audit.tool.name;
}

/**
 * Where a repository-level finding (no location) is shown: its first related place, else the manifest of the app
 * it names, else the CI workflow it searched, else the README for documentation findings, else the root
 * manifest; the README when the repository has no app. Code scanning needs a file for every result.
 */
export function repositoryLevelPath(finding: Finding, audit: Audit): string {
  const related = finding.related?.[0]?.path;
  if (related) return related;
  const text = `${finding.message} ${finding.evidence.searched ?? ""}`;
  const apps = audit.repository.apps ?? [];
  const manifests = apps
    .map((app) => (app.path && app.path !== "." ? `${app.path}/${app.manifest}` : app.manifest))
    .filter((manifest): manifest is string => Boolean(manifest));
  const named = [...manifests].sort((a, b) => b.length - a.length).find((m) => text.includes(`(${m})`));
  if (named) return named;
  const workflow = /(?:^|\s)(\.(?:github|depot)\/workflows\/[^\s,;()]+\.ya?ml|\.gitlab-ci\.yml)\b/.exec(
    text,
  )?.[1];
  if (workflow && finding.area === "ci") return workflow;
  if (finding.area === "docs") return "README.md";
  return manifests.find((m) => !m.includes("/")) ?? manifests[0] ?? "README.md";
}

function result(finding: Finding, ruleIndex: number, fallbackPath: string): Record<string, unknown> {
  const location = finding.location
    ? {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(finding.location.path), uriBaseId: "SRCROOT" },
          region: {
            startLine: finding.location.startLine,
            endLine: Math.max(finding.location.startLine, finding.location.endLine),
            ...(finding.evidence.snippet ? { snippet: { text: finding.evidence.snippet } } : {}),
          },
        },
      }
    : null;
  const message = finding.location
    ? finding.message
    : `${finding.message}${finding.evidence.searched ? ` (searched: ${finding.evidence.searched})` : ""}`;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: message },
    // Code scanning requires a file and a region: a repository-level finding is placed on line 1 of the file
    // that should change.
    locations: [
      location ?? {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(fallbackPath), uriBaseId: "SRCROOT" },
          region: { startLine: 1 },
        },
        message: { text: "repository-level finding: the file to change" },
      },
    ],
    partialFingerprints: { "codeauditFindingId/v1": finding.id },
    ...(finding.related && finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((related, index) => ({
            id: index,
            physicalLocation: {
              artifactLocation: { uri: encodeUri(related.path), uriBaseId: "SRCROOT" },
              region: { startLine: related.startLine, endLine: Math.max(related.startLine, related.endLine) },
            },
          })),
        }
      : {}),
    ...(finding.patch ? { fixes: fixesOf(finding.patch) } : {}),
    properties: {
      severity: finding.severity,
      area: finding.area,
      confidence: finding.confidence,
      effortMinutes: finding.effortMinutes,
      ...(finding.location ? {} : { repositoryLevel: true }),
      ...(isSecurityArea(finding.area) ? { "security-severity": SECURITY_SEVERITY[finding.severity] } : {}),
    },
  };
}

function problemSeverity(severity: Severity): "error" | "warning" | "recommendation" {
  return severity === "critical" || severity === "high"
    ? "error"
    : severity === "medium"
      ? "warning"
      : "recommendation";
}

function pascal(id: string): string {
  return id
    .split(/[/-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** Repository-relative path as a URI reference (each segment percent-encoded, `/` kept). */
function encodeUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * A finding's patch as SARIF `fixes`: each changed run of lines becomes a replacement of whole lines (an empty
 * region where lines are only inserted), so tools that apply SARIF fixes need not read unified diffs.
 */
function fixesOf(patch: string): unknown[] {
  const sections = parsePatch(patch);
  if (!sections) return [];
  return [
    {
      description: { text: "Ready-to-apply fix (the same change as the finding's unified diff)" },
      artifactChanges: sections.map((section) => ({
        artifactLocation: { uri: encodeUri(section.path), uriBaseId: "SRCROOT" },
        replacements: section.changes.map((change) => ({
          deletedRegion: { startLine: change.from + 1, startColumn: 1, endLine: change.to + 1, endColumn: 1 },
          insertedContent: { text: change.lines.join("") },
        })),
      })),
    },
  ];
}
