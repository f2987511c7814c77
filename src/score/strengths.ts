// Strengths from positive facts, each specific and evidenced with path:line: what the repository does well that a
// reviewer would name (pinned actions, scanners in CI, non-root images, tests and coverage, strict types …).
// Never "N checks passed": a strength is something present, not the absence of a finding.
import type { RepoFacts } from "../facts/repo-facts.js";
import type { CiGate } from "../facts/ci/types.js";
import type { Strength } from "../model/audit.js";
import type { Finding } from "../model/finding.js";
import { isExamplePath, isTestPath } from "../repo/path-kind.js";

/** Tests are a strength from this many test files, or from this test-to-code line ratio with at least 5 files. */
const MIN_TEST_FILES = 20;
const MIN_TEST_RATIO = 0.4;
/** Measured line coverage worth naming. */
const MIN_COVERAGE = 70;

type Evidence = Strength["evidence"][number];

/**
 * Every strength the facts show, in a fixed order (delivery safety first). `findings` guard against praising what a
 * finding contradicts: no "non-root images" beside a runs-as-root finding.
 */
export function computeStrengths(
  facts: RepoFacts,
  findings: readonly Finding[],
  hasPath: (path: string) => boolean,
): Strength[] {
  const fired = new Set(findings.map((finding) => finding.ruleId));
  const strengths: Strength[] = [];
  const push = (strength: Strength | null): void => {
    if (strength && strength.evidence.length > 0) strengths.push(strength);
  };
  const gates = (facts.ci?.gates ?? []).filter((gate) => !gate.stub);

  push(pinnedActions(facts));
  push(
    gateStrength(gates, ["dependency-audit"], "ci", "Dependency audit in CI", "CI audits dependencies with"),
  );
  push(
    gateStrength(gates, ["secret-scan"], "security", "Secret scanning in CI", "CI scans for secrets with"),
  );
  push(gateStrength(gates, ["security-scan"], "security", "Security scanner in CI", "CI runs"));
  push(
    gateStrength(
      gates,
      ["container-scan"],
      "containers",
      "Container images scanned in CI",
      "CI scans images with",
    ),
  );
  push(updateBot(hasPath));
  push(gateStrength(gates, ["lint"], "lint", "Linters enforced in CI", "CI runs"));
  push(gateStrength(gates, ["typecheck"], "lint", "Type checking in CI", "CI runs"));
  push(strictTypes(facts, fired));
  push(gateStrength(gates, ["format"], "build", "Formatting checked in CI", "CI checks formatting with"));
  push(gateStrength(gates, ["compile-warnings"], "build", "Warnings fail the build", "CI runs"));
  push(testSuite(facts));
  push(measuredCoverage(facts));
  push(coverageGate(facts, gates));
  if (!fired.has("docker/runs-as-root")) push(nonRootImages(facts));
  push(healthchecks(facts));
  push(observability(facts, "structured-logging", "Structured logging"));
  push(observability(facts, "metrics", "Metrics exported"));
  push(observability(facts, "tracing", "Tracing"));
  if (!fired.has("go/server-without-timeouts")) push(serverTimeouts(facts));
  if (!fired.has("elixir/execute-in-change") && !fired.has("python/alembic-downgrade-pass"))
    push(reversibleMigrations(facts));
  return strengths;
}

/** The one-line form of a strength, as `summary.strengths` holds it. */
export function strengthLine(strength: Strength): string {
  const first = strength.evidence[0];
  const where = first ? ` (${first.path}:${first.line}${strength.evidence.length > 1 ? ", …" : ""})` : "";
  return `${strength.title}: ${strength.detail}${where}`;
}

function pinnedActions(facts: RepoFacts): Strength | null {
  const uses: Evidence[] = [];
  let pinned = 0;
  const workflows = new Set<string>();
  for (const workflow of facts.ci?.workflows ?? []) {
    if (workflow.provider !== "github") continue;
    for (const step of workflow.jobs.flatMap((job) => job.steps)) {
      if (!step.uses || step.uses.startsWith("./") || step.uses.startsWith("docker://")) continue;
      workflows.add(workflow.path);
      uses.push({ path: workflow.path, line: step.usesLine ?? step.line });
      if (/@[0-9a-f]{40}\b/.test(step.uses)) pinned++;
    }
  }
  if (uses.length < 3 || pinned < uses.length) return null;
  return {
    area: "ci",
    title: "Actions pinned to commit SHAs",
    detail: `all ${uses.length} uses: references in ${workflows.size} workflow(s) name a full commit SHA`,
    evidence: uses.slice(0, 3),
  };
}

function gateStrength(
  gates: readonly CiGate[],
  kinds: readonly CiGate["kind"][],
  area: Strength["area"],
  title: string,
  verb: string,
): Strength | null {
  const matching = gates.filter((gate) => kinds.includes(gate.kind));
  if (matching.length === 0) return null;
  const byTool = new Map<string, CiGate>();
  for (const gate of matching) if (!byTool.has(gate.tool)) byTool.set(gate.tool, gate);
  const tools = [...byTool.values()];
  return {
    area,
    title,
    detail: `${verb} ${tools.map((gate) => gate.tool).join(", ")}`,
    evidence: tools.slice(0, 4).map((gate) => ({ path: gate.path, line: gate.line })),
  };
}

const UPDATE_BOTS = [
  ".github/dependabot.yml",
  ".github/dependabot.yaml",
  "renovate.json",
  "renovate.json5",
  ".github/renovate.json",
  ".github/renovate.json5",
  ".renovaterc",
  ".renovaterc.json",
];

function updateBot(hasPath: (path: string) => boolean): Strength | null {
  const found = UPDATE_BOTS.find(hasPath);
  if (!found) return null;
  return {
    area: "dependencies",
    title: "Dependency updates automated",
    detail: `${found.includes("dependabot") ? "Dependabot" : "Renovate"} proposes dependency updates`,
    evidence: [{ path: found, line: 1 }],
  };
}

function strictTypes(facts: RepoFacts, fired: ReadonlySet<string>): Strength | null {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  const tsconfigs = (facts.node?.tsconfigs ?? []).filter(
    (ts) => !ts.solution && !isTestPath(ts.path) && !isExamplePath(ts.path),
  );
  if (tsconfigs.length > 0 && !fired.has("node/tsconfig-not-strict")) {
    const strict = tsconfigs.filter((ts) => ts.compilerOptions.strict === true);
    if (strict.length === tsconfigs.length) {
      const at = strict[0]?.optionSources.strict;
      evidence.push(at ? { path: at.path, line: at.line } : { path: strict[0]?.path ?? "", line: 1 });
      parts.push(
        `TypeScript strict: true in ${strict.length === 1 ? "its tsconfig" : `all ${strict.length} tsconfigs`}`,
      );
    }
  }
  const mypy = (facts.python?.tools ?? []).find(
    (tool) => tool.tool === "mypy" && /^(true|True|1)$/.test(tool.settings.strict ?? ""),
  );
  if (mypy) {
    evidence.push({ path: mypy.path, line: mypy.line });
    parts.push("mypy strict = true");
  }
  if (evidence.length === 0) return null;
  return { area: "lint", title: "Strict type checking", detail: parts.join("; "), evidence };
}

function testSuite(facts: RepoFacts): Strength | null {
  const inventories = (facts.tests?.byEcosystem ?? []).filter(
    (inv) => inv.testFiles >= MIN_TEST_FILES || (inv.testFiles >= 5 && (inv.ratio ?? 0) >= MIN_TEST_RATIO),
  );
  if (inventories.length === 0) return null;
  return {
    area: "tests",
    title: "A substantial test suite",
    detail: inventories
      .map(
        (inv) =>
          `${inv.testFiles} ${inv.ecosystem} test files, ${inv.testLines} lines of tests for ${inv.codeLines} of code${inv.frameworks.length > 0 ? ` (${inv.frameworks.join(", ")})` : ""}`,
      )
      .join("; "),
    evidence: inventories.flatMap((inv) => (inv.example ? [{ path: inv.example, line: 1 }] : [])),
  };
}

function measuredCoverage(facts: RepoFacts): Strength | null {
  const good = (facts.coverage?.measured ?? []).filter((m) => m.percent >= MIN_COVERAGE);
  if (good.length === 0) return null;
  return {
    area: "tests",
    title: "Measured coverage",
    detail: good.map((m) => `${m.percent}% of lines (${m.format} report)`).join("; "),
    evidence: good.map((m) => ({ path: m.path, line: 1 })),
  };
}

function coverageGate(facts: RepoFacts, gates: readonly CiGate[]): Strength | null {
  const thresholds = facts.coverage?.thresholds ?? [];
  const enforced = gates.filter((gate) => gate.kind === "coverage-threshold");
  if (thresholds.length === 0 || (enforced.length === 0 && !gates.some((gate) => gate.kind === "test")))
    return null;
  const top = [...thresholds].sort((a, b) => b.percent - a.percent)[0];
  if (!top) return null;
  return {
    area: "tests",
    title: "Coverage threshold enforced",
    detail: `${top.tool} fails under ${top.percent}% coverage`,
    evidence: [{ path: top.path, line: top.line }],
  };
}

function nonRootImages(facts: RepoFacts): Strength | null {
  const images = (facts.docker?.dockerfiles ?? []).filter(
    (file) => !isTestPath(file.path) && !isExamplePath(file.path) && file.stages.length > 0,
  );
  if (images.length === 0) return null;
  const finals = images.map((file) => ({ file, stage: file.stages[file.stages.length - 1] }));
  const nonRoot = finals.filter(
    ({ stage }) => stage?.user && !/^(root|0)(:|$)/.test(stage.user.value.trim()),
  );
  if (nonRoot.length !== finals.length) return null;
  return {
    area: "containers",
    title: "Containers run as a non-root user",
    detail: nonRoot.map(({ file, stage }) => `${file.path} runs as USER ${stage?.user?.value}`).join("; "),
    evidence: nonRoot.map(({ file, stage }) => ({ path: file.path, line: stage?.user?.line ?? 1 })),
  };
}

function healthchecks(facts: RepoFacts): Strength | null {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  for (const file of (facts.docker?.dockerfiles ?? []).filter(
    (f) => !isTestPath(f.path) && !isExamplePath(f.path),
  )) {
    const final = file.stages[file.stages.length - 1];
    if (final?.healthcheck) {
      evidence.push({ path: file.path, line: final.healthcheck.line });
      parts.push(`HEALTHCHECK in ${file.path}`);
    }
  }
  for (const compose of (facts.docker?.compose ?? []).filter(
    (c) => !isTestPath(c.path) && !isExamplePath(c.path),
  )) {
    const checked = compose.services.filter((s) => s.healthcheck);
    if (checked.length === 0) continue;
    evidence.push({ path: compose.path, line: checked[0]?.line ?? 1 });
    parts.push(`healthchecks on ${checked.map((s) => s.name).join(", ")} in ${compose.path}`);
  }
  const endpoint = (facts.observability?.signals ?? []).find((signal) => signal.kind === "health-endpoint");
  if (endpoint) {
    evidence.push({ path: endpoint.path, line: endpoint.line });
    parts.push(`health endpoint (${endpoint.via})`);
  }
  if (evidence.length === 0) return null;
  return {
    area: "observability",
    title: "Health checks",
    detail: parts.slice(0, 4).join("; ") + (parts.length > 4 ? `; and ${parts.length - 4} more` : ""),
    evidence: evidence.slice(0, 4),
  };
}

function observability(
  facts: RepoFacts,
  kind: "structured-logging" | "metrics" | "tracing",
  title: string,
): Strength | null {
  const signals = (facts.observability?.signals ?? []).filter(
    (signal) => signal.kind === kind && !isTestPath(signal.path) && !isExamplePath(signal.path),
  );
  if (signals.length === 0) return null;
  const via = [...new Set(signals.map((signal) => signal.via))];
  return {
    area: "observability",
    title,
    detail: `via ${via.slice(0, 3).join(", ")}`,
    evidence: [{ path: signals[0]?.path ?? "", line: signals[0]?.line ?? 1 }],
  };
}

function serverTimeouts(facts: RepoFacts): Strength | null {
  const servers = (facts.go?.servers ?? []).filter((server) => !isTestPath(server.path));
  const withTimeouts = servers.filter((server) => server.timeouts.length > 0);
  if (servers.length === 0 || withTimeouts.length !== servers.length) return null;
  return {
    area: "resources",
    title: "HTTP server timeouts set",
    detail: withTimeouts.map((server) => `${server.path}: ${server.timeouts.join(", ")}`).join("; "),
    evidence: withTimeouts.map((server) => ({ path: server.path, line: server.line })),
  };
}

function reversibleMigrations(facts: RepoFacts): Strength | null {
  const elixir = facts.elixir?.migrations ?? [];
  const alembic = facts.python?.migrations ?? [];
  const parts: string[] = [];
  const evidence: Evidence[] = [];
  // Irreversible Ecto `execute` calls are the elixir/execute-in-change rule's to find; the caller checks it fired nowhere.
  if (elixir.length >= 3) {
    parts.push(`all ${elixir.length} Ecto migrations reversible (no bare execute in change)`);
    evidence.push({ path: elixir[0]?.path ?? "", line: 1 });
  }
  if (alembic.length >= 3 && alembic.every((m) => m.downgradeOps > 0)) {
    parts.push(`all ${alembic.length} Alembic revisions have a downgrade`);
    evidence.push({ path: alembic[0]?.path ?? "", line: alembic[0]?.downgradeLine ?? 1 });
  }
  if (parts.length === 0) return null;
  return { area: "database", title: "Reversible migrations", detail: parts.join("; "), evidence };
}
