// Ranking of risks: severity × confidence × where the code runs (request path, auth, data layer and payment weigh
// most; library code less; scripts, examples and tests least), so the top risks are the biggest ones.
import type { RankedRisk, RiskPlace } from "../model/audit.js";
import type { Finding } from "../model/finding.js";
import { isWorkflowPath } from "../facts/ci/index.js";
import { isComposePath, isDockerfilePath } from "../facts/docker/index.js";
import { isExamplePath, isTestPath } from "../repo/path-kind.js";
import { SEVERITIES, type Severity } from "../model/severity.js";
import { compareCodeUnits } from "../util/compare-code-units.js";

export const SEVERITY_WEIGHT: Record<Severity, number> = {
  critical: 100,
  high: 30,
  medium: 8,
  low: 2,
  info: 0.5,
};
export const CONFIDENCE_WEIGHT = { certain: 1, heuristic: 0.7 } as const;
export const PLACE_WEIGHT: Record<RiskPlace, number> = {
  request: 1,
  auth: 1,
  data: 1,
  payment: 1,
  library: 0.75,
  browser: 0.75,
  pipeline: 0.75,
  repository: 0.6,
  tooling: 0.3,
};

/** Code that never runs in production: scripts, tools, examples, benchmarks, tests and their data. */
const TOOLING =
  /(^|\/)(scripts?|hack|bin|dev|ci|e2e|cypress|playwright|benchmarks?|bench|fixtures|seeds?|examples?|samples?|demo|docs?|contrib|misc|storybook|stories)\//i;
/** Tool configuration: dotfiles and `*.config.*` / `*rc.js` files (lint-staged, vite, eslint …). */
const TOOL_CONFIG = /(^|\/)(\.[^/]+|[^/]+\.config\.[cm]?[jt]s|[^/]+rc\.[cm]?js)$/;
/**
 * Build, CI and deployment files beyond the workflows, Dockerfiles and compose files the CI and Docker facts name
 * (isWorkflowPath, isDockerfilePath, isComposePath): other CI providers' files, manifests, charts, Terraform and
 * Makefiles. Read before TOOL_CONFIG, whose dotfiles would take `.gitlab-ci.yml` for a tool's settings.
 */
const OTHER_PIPELINE =
  /(^|\/)(\.github|\.gitlab|\.circleci|\.buildkite|\.woodpecker|\.gitea|\.forgejo|k8s|kubernetes|helm|charts|deploy|deployments?|terraform|infra)\/|(^|\/)(\.drone\.ya?ml|\.travis\.yml|Jenkinsfile|azure-pipelines\.ya?ml|bitbucket-pipelines\.yml|Makefile|[^/]+\.tf)$/i;

/** Whether a path is part of how the project is built, checked and deployed rather than what it runs. */
function isPipelineFile(path: string): boolean {
  return (
    isWorkflowPath(path) !== null ||
    isDockerfilePath(path) ||
    isComposePath(path) ||
    OTHER_PIPELINE.test(path)
  );
}

/**
 * Code that runs in the browser: single-file components, and scripts under a front-end folder. Read before the
 * request path, whose words (`server/`, `web/`) also name the folder a front end is kept in (`server/ui-src/`).
 */
const BROWSER =
  /\.(vue|svelte)$|(^|\/)(frontend|front-end|client|ui|ui-src|web-src|webui|web-ui|webapp|spa|static|public|assets|www)\/(.*\/)?[^/]+\.[cm]?[jt]sx?$/i;
const PAYMENT = /(payment|billing|stripe|invoice|checkout|subscription|paypal|charge)/i;
const AUTH =
  /(^|[/_.-])(auth\w*|accounts?|login|logout|session|sessions|permission\w*|acl|rbac|oauth\w*|sso|saml|token\w*|jwt|password\w*|passwd|crypto\w*|secur\w*|signup|signin|guard\w*|policy|policies)([/_.-]|$)/i;
const DATA =
  /(^|[/_.-])(repo|repos|repository|repositories|db|database|storage|store|stores|models?|migrations?|queries|query|sql|schema|dao|persistence|ecto|orm|prisma)([/_.-]|$)/i;
const REQUEST =
  /(^|[/_.-])(handlers?|controllers?|routes?|router|routers|api|web|views?|endpoints?|http|server|live|graphql|resolvers?|middlewares?|plugs?|channels?|sockets?|websockets?|rpc|grpc)([/_.-]|$)/i;

/** Where a finding's code runs, from its path. */
export function placeOf(finding: Finding): RiskPlace {
  const path = finding.location?.path;
  if (!path) return "repository";
  if (isTestPath(path) || isExamplePath(path) || TOOLING.test(path)) return "tooling";
  if (isPipelineFile(path)) return "pipeline";
  if (TOOL_CONFIG.test(path)) return "tooling";
  if (BROWSER.test(path)) return "browser";
  if (PAYMENT.test(path)) return "payment";
  if (AUTH.test(path)) return "auth";
  if (DATA.test(path)) return "data";
  if (REQUEST.test(path)) return "request";
  return "library";
}

export function rankOf(finding: Finding): number {
  return (
    SEVERITY_WEIGHT[finding.severity] * CONFIDENCE_WEIGHT[finding.confidence] * PLACE_WEIGHT[placeOf(finding)]
  );
}

/** One title that names the place: a repository-level finding's message says which gate, file or tool. */
export function riskTitle(finding: Finding): string {
  return finding.location ? finding.title : finding.message;
}

/**
 * The top risks: each rule's highest-ranked finding (medium and above), best first, at most `limit` of them. Ties
 * keep severity order, then rule id, so the list is the same on every machine.
 */
export function rankRisks(findings: readonly Finding[], limit = 5): RankedRisk[] {
  const bestByRule = new Map<string, { finding: Finding; rank: number; count: number }>();
  for (const finding of findings) {
    if (SEVERITIES.indexOf(finding.severity) > SEVERITIES.indexOf("medium")) continue;
    const rank = rankOf(finding);
    const entry = bestByRule.get(finding.ruleId);
    if (!entry) bestByRule.set(finding.ruleId, { finding, rank, count: 1 });
    else {
      entry.count++;
      if (rank > entry.rank) {
        entry.finding = finding;
        entry.rank = rank;
      }
    }
  }
  // One risk per place: where two rules report the same lines (a stub that is also a security check), the
  // higher-ranked one speaks for both.
  const places = new Set<string>();
  return [...bestByRule.values()]
    .sort(
      (a, b) =>
        b.rank - a.rank ||
        SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity) ||
        compareCodeUnits(a.finding.ruleId, b.finding.ruleId),
    )
    .filter(({ finding }) => {
      if (!finding.location) return true;
      const place = `${finding.location.path}:${finding.location.startLine}`;
      if (places.has(place)) return false;
      places.add(place);
      return true;
    })
    .slice(0, limit)
    .map(({ finding, rank, count }) => ({
      findingId: finding.id,
      ruleId: finding.ruleId,
      severity: finding.severity,
      title: riskTitle(finding),
      where: finding.location ? `${finding.location.path}:${finding.location.startLine}` : null,
      more: count - 1,
      place: placeOf(finding),
      rank: Math.round(rank * 100) / 100,
    }));
}

/** The one-line form of a ranked risk, as `summary.topRisks` holds it. */
export function riskLine(risk: RankedRisk): string {
  const where = risk.where ? ` (${risk.where}${risk.more > 0 ? ` and ${risk.more} more` : ""})` : "";
  return `${risk.severity.toUpperCase()}: ${risk.title}${where}`;
}
