// Coverage facts (collector `coverage`, part of the tests pack; a folder named coverage/ is git-ignored): thresholds (mix.exs, coveralls.json, vitest/jest config, pytest/coverage.py settings, CI flags),
// measured coverage from reports in the repository (lcov, Cobertura, coverage.py JSON, Go coverprofile, excoveralls)
// and JUnit XML summaries.
import { basename } from "node:path/posix";
import { XMLParser } from "fast-xml-parser";
import { readCoverageReport, type CoverageReport } from "./coverage-reports.js";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import type { AreaFactEntry, RepoFacts } from "../repo-facts.js";
import { defineCollector } from "../define.js";

export interface CoverageThreshold {
  /** Percent of lines (or the tool's single figure). */
  percent: number;
  tool: string;
  path: string;
  line: number;
  /**
   * Stated where the test run does not read it (documentation prose, a Codecov status target, a gate script CI
   * may or may not call): it shows what the project says its minimum is, but enforces nothing by itself.
   */
  statedOnly?: boolean;
}

export interface MeasuredCoverage {
  percent: number;
  format: "lcov" | "cobertura" | "coverage.py" | "go" | "excoveralls";
  path: string;
  covered: number;
  total: number;
}

export interface JunitSummary {
  path: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  slowest: Array<{ name: string; seconds: number }>;
}

export interface CoverageFacts {
  thresholds: CoverageThreshold[];
  measured: MeasuredCoverage[];
  junit: JunitSummary[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    coverage: CoverageFacts;
  }
}

/**
 * Coverage minimums a project document states in prose ("coverage must stay above 80%", "minimum coverage: 70 %"):
 * the sentences that put a percentage beside coverage and a word of minimum.
 */
function statedThresholds(text: string, path: string): CoverageThreshold[] {
  const out: CoverageThreshold[] = [];
  text.split("\n").forEach((line, i) => {
    if (
      !/coverage/i.test(line) ||
      !/\b(minimum|at least|above|below|threshold|fail[_ -]?under|must|required?)\b/i.test(line)
    )
      return;
    // Badges and links carry percentages of their own.
    const prose = line.replace(/!?\[[^\]]*\]\([^)]*\)|https?:\/\/\S+/g, "");
    const m = /(\d{2}(?:\.\d+)?)\s?%/.exec(prose);
    if (m?.[1])
      out.push({
        percent: Number(m[1]),
        tool: "stated in the documentation",
        path,
        line: i + 1,
        statedOnly: true,
      });
  });
  return out;
}

function lineAt(text: string, index: number): number {
  return text.slice(0, Math.max(0, index)).split("\n").length;
}

/** Regex-located numeric settings in config files whose full grammar we do not need (mix.exs, JS config). */
function findThresholds(
  text: string,
  path: string,
  patterns: Array<{ re: RegExp; tool: string }>,
): CoverageThreshold[] {
  const out: CoverageThreshold[] = [];
  for (const { re, tool } of patterns) {
    const global = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
    for (let m = global.exec(text); m; m = global.exec(text)) {
      const percent = Number(m[1]);
      if (Number.isFinite(percent))
        out.push({ percent, tool, path, line: lineAt(text, m.index + m[0].indexOf(m[1] ?? "")) });
    }
  }
  return out;
}

/** File names coverage reports go by (their content decides the format). */
function isCoverageReportName(base: string): boolean {
  return (
    base === "lcov.info" ||
    /\.lcov$/.test(base) ||
    /^(coverage|cobertura(-coverage)?)\.xml$/.test(base) ||
    base === "coverage.json" ||
    base === "excoveralls.json" ||
    /^(coverage|cover|c|profile)\.(out|txt|cov)$|\.coverprofile$/.test(base)
  );
}

function measured(report: CoverageReport): Omit<MeasuredCoverage, "path"> {
  return { percent: report.percent, format: report.format, covered: report.covered, total: report.total };
}

export const coverageCollector = defineCollector({
  id: "coverage",
  dependsOn: ["ci"],
  collect(ctx): CoverageFacts {
    const facts: CoverageFacts = { thresholds: [], measured: [], junit: [] };
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });
    for (const file of ctx.index.files) {
      if (file.skip === "skipped-vendored" || file.path.includes("node_modules/")) continue;
      const base = basename(file.path);
      const read = (): string => ctx.index.read(file.path) ?? "";
      try {
        if (base === "mix.exs") {
          facts.thresholds.push(
            ...findThresholds(read(), file.path, [
              { re: /test_coverage:[\s\S]{0,200}?threshold:\s*(\d+(?:\.\d+)?)/, tool: "mix test --cover" },
            ]),
          );
        } else if (base === "coveralls.json") {
          const parsed = JSON.parse(read()) as { coverage_options?: { minimum_coverage?: number } };
          const min = parsed.coverage_options?.minimum_coverage;
          if (typeof min === "number")
            facts.thresholds.push({
              percent: min,
              tool: "excoveralls",
              path: file.path,
              line: lineAt(read(), read().indexOf("minimum_coverage")),
            });
        } else if (/^(vitest|vite|jest)\.config\.[cm]?[jt]s$/.test(base)) {
          const tool = base.startsWith("jest") ? "jest" : "vitest";
          const text = read();
          const block = /(thresholds|coverageThreshold)\s*:\s*\{/.exec(text);
          if (block) {
            const sub = text.slice(block.index, block.index + 600);
            const m =
              /\b(lines|statements)\s*:\s*(\d+(?:\.\d+)?)/.exec(sub) ??
              /\b(branches|functions)\s*:\s*(\d+(?:\.\d+)?)/.exec(sub);
            if (m?.[2])
              facts.thresholds.push({
                percent: Number(m[2]),
                tool,
                path: file.path,
                line: lineAt(text, block.index + m.index),
              });
          }
        } else if (base === "package.json" && !file.isTest) {
          const text = read();
          const parsed = JSON.parse(text) as {
            jest?: { coverageThreshold?: { global?: Record<string, number> } };
          };
          const global = parsed.jest?.coverageThreshold?.global;
          const value = global?.lines ?? global?.statements ?? global?.branches;
          if (typeof value === "number")
            facts.thresholds.push({
              percent: value,
              tool: "jest",
              path: file.path,
              line: lineAt(text, text.indexOf("coverageThreshold")),
            });
        } else if (base === "pyproject.toml") {
          const text = read();
          const parsed = parseToml(text) as {
            tool?: {
              coverage?: { report?: { fail_under?: number } };
              pytest?: { ini_options?: { addopts?: string | string[] } };
            };
          };
          const fail = parsed.tool?.coverage?.report?.fail_under;
          if (typeof fail === "number")
            facts.thresholds.push({
              percent: fail,
              tool: "coverage.py",
              path: file.path,
              line: lineAt(text, text.indexOf("fail_under")),
            });
          const addopts = parsed.tool?.pytest?.ini_options?.addopts;
          const opts = Array.isArray(addopts) ? addopts.join(" ") : (addopts ?? "");
          const m = /--cov-fail-under[= ](\d+(?:\.\d+)?)/.exec(opts);
          if (m?.[1])
            facts.thresholds.push({
              percent: Number(m[1]),
              tool: "pytest-cov",
              path: file.path,
              line: lineAt(text, text.indexOf("--cov-fail-under")),
            });
        } else if (/^(\.coveragerc|setup\.cfg|tox\.ini|pytest\.ini)$/.test(base)) {
          facts.thresholds.push(
            ...findThresholds(read(), file.path, [
              { re: /^\s*fail_under\s*=\s*(\d+(?:\.\d+)?)/m, tool: "coverage.py" },
              { re: /--cov-fail-under[= ](\d+(?:\.\d+)?)/, tool: "pytest-cov" },
            ]),
          );
        } else if (base === ".testcoverage.yml" || base === ".testcoverage.yaml") {
          const text = read();
          const parsed = parseYaml(text) as { threshold?: { total?: number } } | null;
          const total = parsed?.threshold?.total;
          if (typeof total === "number")
            facts.thresholds.push({
              percent: total,
              tool: "go-test-coverage",
              path: file.path,
              line: lineAt(text, text.search(/^\s*total:/m)),
            });
        } else if (/^\.?codecov\.ya?ml$/.test(base)) {
          const text = read();
          const parsed = parseYaml(text) as {
            coverage?: { status?: { project?: Record<string, { target?: unknown } | null> } };
          } | null;
          const target = Object.values(parsed?.coverage?.status?.project ?? {})[0]?.target;
          const percent =
            typeof target === "number" ? target : Number(/^(\d+(?:\.\d+)?)%$/.exec(String(target))?.[1]);
          if (Number.isFinite(percent))
            facts.thresholds.push({
              percent,
              tool: "codecov project status",
              statedOnly: true,
              path: file.path,
              line: lineAt(text, text.search(/^\s*target:/m)),
            });
        } else if (
          /^(README|CONTRIBUTING|TESTING)(\.[\w-]+)?\.(md|rst|txt)$/i.test(base) &&
          !file.path.includes("/")
        ) {
          facts.thresholds.push(...statedThresholds(read(), file.path));
        } else if (
          /coverage[_-]?(gate|check|threshold|min)/i.test(base) &&
          /\.(py|sh|js|mjs|ts|rb|exs)$/.test(base)
        ) {
          facts.thresholds.push(
            ...findThresholds(read(), file.path, [
              {
                re: /\b(?:MIN(?:IMUM)?_?COVERAGE|COVERAGE_?(?:MIN(?:IMUM)?|THRESHOLD|FAIL_UNDER)|THRESHOLD|FAIL_UNDER)\w*\s*[:=]\s*["']?(\d+(?:\.\d+)?)/i,
                tool: "coverage gate script",
              },
            ]).map((t) => ({ ...t, statedOnly: true })),
          );
        } else if (isCoverageReportName(base)) {
          const report = readCoverageReport(read());
          if (report) facts.measured.push({ ...measured(report), path: file.path });
        } else if (/\.xml$/.test(base) && /(junit|test-?results?|TEST-)/i.test(file.path)) {
          const summary = junitSummary(file.path, xml.parse(read()) as Record<string, unknown>);
          if (summary) facts.junit.push(summary);
        }
      } catch (error) {
        ctx.diagnose({
          kind: "invalid-config",
          path: file.path,
          message: `unreadable coverage/test data: ${(error as Error).message.split("\n")[0]}`,
        });
      }
    }
    for (const input of ctx.settings.coverageFiles) {
      const report = readCoverageReport(input.text);
      if (report) facts.measured.push({ ...measured(report), path: input.label });
      else
        ctx.diagnose({
          kind: "invalid-config",
          path: null,
          message: `--coverage ${input.label}: not an lcov, Cobertura, coverage.py, excoveralls or Go coverage report`,
        });
    }
    for (const input of ctx.settings.junitFiles) {
      try {
        const summary = junitSummary(input.label, xml.parse(input.text) as Record<string, unknown>);
        if (summary) facts.junit.push(summary);
        else throw new Error("no <testsuite> element");
      } catch (error) {
        ctx.diagnose({
          kind: "invalid-config",
          path: null,
          message: `--junit ${input.label}: not a JUnit XML report (${(error as Error).message.split("\n")[0]})`,
        });
      }
    }
    for (const gate of ctx.facts.ci?.gates ?? []) {
      if (gate.kind !== "coverage-threshold") continue;
      const m =
        /(?:--cov-fail-under|--fail-under|--threshold|-t)[= ](\d+(?:\.\d+)?)/.exec(gate.command) ??
        /(?:-lt|<)\s*(\d+(?:\.\d+)?)/.exec(gate.command);
      facts.thresholds.push({
        percent: m?.[1] ? Number(m[1]) : NaN,
        tool: `${gate.tool} (CI)`,
        path: gate.path,
        line: gate.line,
      });
    }
    return facts;
  },
});

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function junitSummary(path: string, doc: Record<string, unknown>): JunitSummary | null {
  type Suite = {
    tests?: string;
    failures?: string;
    errors?: string;
    skipped?: string;
    testcase?: unknown;
    testsuite?: unknown;
  };
  const root = (doc.testsuites ?? doc.testsuite) as Suite | Suite[] | undefined;
  if (!root) return null;
  const suites: Suite[] = [];
  const collect = (s: Suite): void => {
    suites.push(s);
    for (const inner of asArray(s.testsuite as Suite | Suite[] | undefined)) collect(inner);
  };
  for (const s of asArray(root)) collect(s);
  const summary: JunitSummary = { path, tests: 0, failures: 0, errors: 0, skipped: 0, slowest: [] };
  const cases: Array<{ name: string; seconds: number }> = [];
  for (const s of suites) {
    for (const c of asArray(
      s.testcase as Array<Record<string, unknown>> | Record<string, unknown> | undefined,
    )) {
      summary.tests++;
      if (c.failure !== undefined) summary.failures++;
      if (c.error !== undefined) summary.errors++;
      if (c.skipped !== undefined) summary.skipped++;
      cases.push({
        name: `${String(c.classname ?? "")}${c.classname ? " " : ""}${String(c.name ?? "")}`,
        seconds: Number(c.time ?? 0),
      });
    }
  }
  summary.slowest = cases.sort((a, b) => b.seconds - a.seconds).slice(0, 5);
  return summary.tests > 0 ? summary : null;
}

/** The tests area's coverage facts: thresholds, measured coverage, JUnit summaries. */
export function describeCoverage(facts: RepoFacts): AreaFactEntry[] {
  const cov = facts.coverage;
  if (!cov) return [];
  const out: AreaFactEntry[] = [];
  for (const t of cov.thresholds)
    out.push({
      area: "tests" as const,
      label: "Coverage threshold",
      value: `${Number.isNaN(t.percent) ? "enforced" : `${t.percent}%`} (${t.tool})`,
      location: { path: t.path, startLine: t.line, endLine: t.line },
    });
  if (cov.thresholds.length === 0)
    out.push({
      area: "tests" as const,
      label: "Coverage threshold",
      value:
        "none configured (mix.exs, coveralls.json, vitest/jest config, pyproject/.coveragerc/setup.cfg, CI flags)",
    });
  for (const m of cov.measured)
    out.push({
      area: "tests" as const,
      label: `Measured coverage (${m.format})`,
      value: `${m.percent}% (${m.covered}/${m.total})`,
      location: { path: m.path, startLine: 1, endLine: 1 },
    });
  for (const j of cov.junit)
    out.push({
      area: "tests" as const,
      label: "Test results (JUnit)",
      value: `${j.tests} tests, ${j.failures} failed, ${j.errors} errors, ${j.skipped} skipped${j.slowest[0] ? `; slowest ${j.slowest[0].name} ${j.slowest[0].seconds}s` : ""}`,
      location: { path: j.path, startLine: 1, endLine: 1 },
    });
  return out;
}
