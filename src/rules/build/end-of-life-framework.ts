// build/end-of-life-framework: the project runs on a web framework release line that its maintainers no longer
// patch (Django 2.0, Vue 2, AngularJS) — one finding per framework, at the lockfile or manifest that pins it.
import {
  FRAMEWORK_END_OF_LIFE_TABLE_DATE,
  frameworkEndOfLife,
  frameworkOf,
  pinnedLine,
  type FrameworkEndOfLife,
} from "../../facts/dependencies/framework-end-of-life.js";
import { endOfLifeMonth } from "../../facts/toolchain/end-of-life.js";
import type { Location } from "../../model/finding.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";
import { defineRule } from "../define-rule.js";

interface Place {
  path: string;
  line: number;
  version: string;
  via: string;
  dead: { line: string; since: string };
  low: string | null;
}

/** Manifests of examples, docs, tests and demos: not what the project runs. */
const ASIDE_PATH = /(^|\/)(examples?|samples?|docs?|tests?|demo|fixtures|benchmarks?)\//i;

const sameName = (a: string, b: string): boolean =>
  a.toLowerCase().replace(/_/g, "-") === b.toLowerCase().replace(/_/g, "-");

export default defineRule({
  id: "build/end-of-life-framework",
  area: "build",
  severity: "medium",
  title: "Web framework release line past its end of life",
  effortMinutes: 480,
  confidence: "certain",
  docs: {
    rationale:
      "Django publishes until when each feature release gets security fixes; Vue 2 and AngularJS have reached their announced end of life. A project pinned to such a line carries every vulnerability found in the framework since, and its plugins drop support for it one by one.",
    impact:
      "Known framework vulnerabilities (SQL injection, XSS, denial of service advisories) that will never be patched in this version, plugins that can no longer be upgraded, and an upgrade across several major versions that grows harder with each skipped release.",
    fix: "Upgrade to a supported release line (Django's current LTS, Vue 3, Angular), one release line at a time with the deprecation warnings enabled and the tests run at each step.",
    example: {
      language: "text",
      bad: "Django==2.0.13",
      good: "Django==4.2.17  # LTS, supported until April 2026; plan the move to 5.2",
    },
  },
  notes: [
    `End-of-support dates come from a table in the tool, dated ${FRAMEWORK_END_OF_LIFE_TABLE_DATE}, with each maintainer's published source: Django's supported-versions table (per feature release), Vue 2's end-of-life notice (December 2023), AngularJS's (January 2022). Flask, Phoenix, Express and Django REST framework publish no end-of-support dates and are not judged.`,
    "The version is the one a lockfile resolved (poetry.lock, uv.lock, Pipfile.lock, package-lock.json, pnpm-lock.yaml, yarn.lock) or, without a lockfile entry, a manifest requirement that allows one release line only (`Django==2.0.13`, `~=2.0.1`, `>=2.0,<2.1`, `^2.6.14` for Vue); a minimum (`Django>=2.0`) is not judged.",
    "Low for a development dependency and for manifests of examples, docs, tests and demos.",
  ],
  applies: (facts) =>
    (facts.dependencies?.declared ?? []).some((dep) => frameworkOf(dep.ecosystem, dep.name)) ||
    (facts.dependencies?.locked ?? []).some((dep) => frameworkOf(dep.ecosystem, dep.name))
      ? true
      : { status: "not-applicable", reason: "no web framework with published end-of-support dates" },
  check({ facts, report }) {
    const byFramework = new Map<FrameworkEndOfLife, Place[]>();
    const add = (framework: FrameworkEndOfLife, place: Place): void => {
      byFramework.set(framework, [...(byFramework.get(framework) ?? []), place]);
    };
    for (const locked of facts.dependencies.locked) {
      const framework = frameworkOf(locked.ecosystem, locked.name);
      // A package a lockfile holds only under another one (AngularJS pulled in by a plugin's demo) is judged
      // where it is direct; `direct: null` means the lockfile does not say.
      if (!framework || locked.direct === false) continue;
      const dead = frameworkEndOfLife(framework, locked.version);
      if (!dead) continue;
      add(framework, {
        path: locked.lockfile,
        line: locked.line,
        version: locked.version,
        via: `${locked.lockfile} resolves ${locked.name} ${locked.version}`,
        dead,
        low: locked.dev
          ? "a development dependency"
          : ASIDE_PATH.test(locked.lockfile)
            ? "an example, docs or test project"
            : null,
      });
    }
    for (const declared of facts.dependencies.declared) {
      const framework = frameworkOf(declared.ecosystem, declared.name);
      if (!framework || declared.source.kind !== "registry") continue;
      // The lockfile's resolution wins over the requirement, for any manifest of the ecosystem.
      if (
        facts.dependencies.locked.some(
          (l) => l.ecosystem === declared.ecosystem && sameName(l.name, declared.name),
        )
      )
        continue;
      const version = pinnedLine(declared.requirement, framework.depth);
      const dead = version ? frameworkEndOfLife(framework, version) : null;
      if (!version || !dead) continue;
      add(framework, {
        path: declared.manifest,
        line: declared.line,
        version,
        via: `${declared.manifest} requires ${declared.name} ${declared.requirement ?? ""}`.trim(),
        dead,
        low: declared.dev
          ? "a development dependency"
          : ASIDE_PATH.test(declared.manifest)
            ? "an example, docs or test project"
            : null,
      });
    }
    for (const [framework, places] of byFramework) {
      const sorted = [...places].sort(
        (a, b) =>
          (a.low === null ? 0 : 1) - (b.low === null ? 0 : 1) ||
          compareCodeUnits(a.path, b.path) ||
          a.line - b.line,
      );
      const main = sorted[0]!;
      const others = sorted.slice(1);
      const related: Location[] = others.map((p) => ({ path: p.path, startLine: p.line, endLine: p.line }));
      report({
        path: main.path,
        line: main.line,
        message: `${framework.title} ${main.dead.line} has had no security fixes since ${endOfLifeMonth(main.dead.since)} (${main.via})${main.low ? ` (low: ${main.low})` : ""}${others.length > 0 ? `; ${others.length} more place(s) pin end-of-life ${framework.title} (${[...new Set(sorted.map((p) => p.dead.line))].join(", ")})` : ""}`,
        key: framework.name,
        related,
        ...(main.low ? { severity: "low" as const } : {}),
      });
    }
  },
});
