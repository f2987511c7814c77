// gl-code-quality-report.json: GitLab's Code Quality report (the Code Climate issue subset GitLab documents),
// rendered from the Audit so merge requests show codeaudit findings inline. One issue per finding; a
// repository-level finding is placed on line 1 of the file SARIF places it on.
import type { Audit } from "../model/audit.js";
import type { Severity } from "../model/severity.js";
import { repositoryLevelPath } from "./sarif.js";

/** GitLab's severities: info, minor, major, critical, blocker. */
const GITLAB_SEVERITY: Record<Severity, "info" | "minor" | "major" | "critical" | "blocker"> = {
  critical: "blocker",
  high: "critical",
  medium: "major",
  low: "minor",
  info: "info",
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: "info" | "minor" | "major" | "critical" | "blocker";
  location: { path: string; lines: { begin: number; end?: number } };
}

export function renderGitlabCodeQuality(audit: Audit): string {
  const issues: CodeQualityIssue[] = audit.findings.map((finding) => ({
    description: `${finding.title}: ${finding.message}`,
    check_name: finding.ruleId,
    // The stable finding id: GitLab compares fingerprints between the merge request and its target branch.
    fingerprint: finding.id,
    severity: GITLAB_SEVERITY[finding.severity],
    location: finding.location
      ? {
          path: finding.location.path,
          lines: {
            begin: finding.location.startLine,
            end: Math.max(finding.location.startLine, finding.location.endLine),
          },
        }
      : { path: repositoryLevelPath(finding, audit), lines: { begin: 1 } },
  }));
  return JSON.stringify(issues, null, 2) + "\n";
}
