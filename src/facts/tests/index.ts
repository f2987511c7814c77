// Facts pack: test inventory per ecosystem — test files, test-to-code line ratio, frameworks, mocks/fixtures,
// end-to-end and property-based tests.
import { defineCollector, definePack } from "../define.js";
import { coverageCollector, describeCoverage } from "./coverage.js";
import { collectE2eSuites, type E2eSuite } from "./e2e.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export type { E2eSuite } from "./e2e.js";
export type { CoverageFacts, CoverageThreshold, JunitSummary, MeasuredCoverage } from "./coverage.js";

export interface TestInventory {
  ecosystem: string;
  testFiles: number;
  sourceFiles: number;
  testLines: number;
  codeLines: number;
  /** testLines / codeLines, or null without code. */
  ratio: number | null;
  frameworks: string[];
  mocks: string[];
  propertyBased: string[];
  e2e: string[];
  /** First test file (evidence). */
  example: string | null;
}

export interface TestsFacts {
  byEcosystem: TestInventory[];
  /** Playwright and Cypress suites, with the applications each one drives. */
  e2eSuites: E2eSuite[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    tests: TestsFacts;
  }
}

const ECOSYSTEM_OF: Record<string, string> = {
  elixir: "elixir",
  go: "go",
  python: "python",
  typescript: "node",
  tsx: "node",
  javascript: "node",
  rust: "rust",
  ruby: "ruby",
  java: "java",
  kotlin: "java",
};

interface Marker {
  label: string;
  re: RegExp;
  kind: "framework" | "mock" | "property" | "e2e";
}

const MARKERS: Record<string, Marker[]> = {
  elixir: [
    {
      label: "ExUnit",
      re: /\buse\s+ExUnit\.Case\b|\buse\s+[\w.]+\.(DataCase|ConnCase|ChannelCase)\b/,
      kind: "framework",
    },
    { label: "Mox", re: /\bMox\.(defmock|expect|stub)\b|\bimport\s+Mox\b/, kind: "mock" },
    { label: "Mock", re: /\bimport\s+Mock\b|\bwith_mock\b/, kind: "mock" },
    { label: "ExMachina", re: /\bExMachina\b/, kind: "mock" },
    { label: "StreamData", re: /\buse\s+ExUnitProperties\b|\bcheck\s+all\b/, kind: "property" },
    { label: "PropCheck", re: /\buse\s+PropCheck\b/, kind: "property" },
    { label: "Wallaby", re: /\buse\s+Wallaby\.Feature\b/, kind: "e2e" },
  ],
  go: [
    { label: "testing", re: /"testing"/, kind: "framework" },
    { label: "testify", re: /"github\.com\/stretchr\/testify\//, kind: "framework" },
    { label: "ginkgo", re: /"github\.com\/onsi\/ginkgo/, kind: "framework" },
    { label: "gomock", re: /"(github\.com\/golang|go\.uber\.org)\/mock\/gomock"/, kind: "mock" },
    { label: "testify/mock", re: /"github\.com\/stretchr\/testify\/mock"/, kind: "mock" },
    { label: "httptest", re: /"net\/http\/httptest"/, kind: "mock" },
    { label: "testing/quick", re: /"testing\/quick"/, kind: "property" },
    { label: "rapid", re: /"pgregory\.net\/rapid"/, kind: "property" },
    { label: "fuzzing", re: /\bfunc\s+Fuzz\w*\s*\(\s*\w+\s+\*testing\.F\b/, kind: "property" },
    { label: "testcontainers", re: /"github\.com\/testcontainers\//, kind: "e2e" },
  ],
  python: [
    { label: "pytest", re: /^\s*import\s+pytest\b|^\s*from\s+pytest\b|@pytest\./m, kind: "framework" },
    {
      label: "unittest",
      re: /^\s*(import\s+unittest\b|from\s+unittest\s+import\s+TestCase)|unittest\.TestCase/m,
      kind: "framework",
    },
    { label: "unittest.mock", re: /\bunittest\.mock\b|from\s+unittest\s+import\s+mock\b/, kind: "mock" },
    { label: "pytest-mock", re: /\bmocker\b/, kind: "mock" },
    { label: "pytest fixtures", re: /@pytest\.fixture\b/, kind: "mock" },
    { label: "hypothesis", re: /^\s*(from|import)\s+hypothesis\b/m, kind: "property" },
    { label: "playwright", re: /^\s*from\s+playwright\b/m, kind: "e2e" },
    { label: "selenium", re: /^\s*from\s+selenium\b/m, kind: "e2e" },
  ],
  node: [
    { label: "vitest", re: /from\s+["']vitest["']/, kind: "framework" },
    { label: "jest", re: /from\s+["']@jest\/globals["']|\bjest\.(fn|mock|spyOn)\(/, kind: "framework" },
    { label: "mocha/jasmine style", re: /\b(describe|it)\s*\(/, kind: "framework" },
    { label: "node:test", re: /from\s+["']node:test["']/, kind: "framework" },
    { label: "vi.mock/jest.mock", re: /\b(vi|jest)\.(mock|fn|spyOn)\(/, kind: "mock" },
    { label: "sinon", re: /from\s+["']sinon["']|require\(["']sinon["']\)/, kind: "mock" },
    { label: "msw/nock", re: /from\s+["'](msw|nock)["']/, kind: "mock" },
    { label: "fast-check", re: /from\s+["']fast-check["']|require\(["']fast-check["']\)/, kind: "property" },
    { label: "playwright", re: /from\s+["']@playwright\/test["']/, kind: "e2e" },
    { label: "cypress", re: /\bcy\.(visit|get)\(/, kind: "e2e" },
  ],
  rust: [
    { label: "#[test]", re: /#\[(tokio::)?test\b/, kind: "framework" },
    { label: "proptest", re: /\bproptest!/, kind: "property" },
    { label: "mockall", re: /\bmockall\b/, kind: "mock" },
  ],
};

const E2E_PATH =
  /(^|\/)(e2e|end[-_]to[-_]end|integration|acceptance|features?|cypress|playwright)(\/|[-_.])/i;

export const testsCollector = defineCollector({
  id: "tests",
  // e2e suites are attributed to the applications they drive.
  dependsOn: ["apps", "node"],
  collect(ctx): TestsFacts {
    const groups = new Map<string, TestInventory>();
    const found = new Map<
      string,
      { frameworks: Set<string>; mocks: Set<string>; property: Set<string>; e2e: Set<string> }
    >();
    for (const file of ctx.facts.files) {
      const ecosystem = ECOSYSTEM_OF[file.language];
      if (!ecosystem) continue;
      const inv =
        groups.get(ecosystem) ??
        ({
          ecosystem,
          testFiles: 0,
          sourceFiles: 0,
          testLines: 0,
          codeLines: 0,
          ratio: null,
          frameworks: [],
          mocks: [],
          propertyBased: [],
          e2e: [],
          example: null,
        } satisfies TestInventory);
      groups.set(ecosystem, inv);
      const sets = found.get(ecosystem) ?? {
        frameworks: new Set<string>(),
        mocks: new Set<string>(),
        property: new Set<string>(),
        e2e: new Set<string>(),
      };
      found.set(ecosystem, sets);
      if (!file.isTest) {
        inv.sourceFiles++;
        inv.codeLines += file.lines.code;
        continue;
      }
      inv.testFiles++;
      inv.testLines += file.lines.code;
      inv.example ??= file.path;
      if (E2E_PATH.test(file.path)) sets.e2e.add("e2e/integration folder");
      const text = ctx.index.read(file.path) ?? "";
      for (const marker of MARKERS[ecosystem] ?? []) {
        if (!marker.re.test(text)) continue;
        const target =
          marker.kind === "framework"
            ? sets.frameworks
            : marker.kind === "mock"
              ? sets.mocks
              : marker.kind === "property"
                ? sets.property
                : sets.e2e;
        target.add(marker.label);
      }
    }
    for (const [ecosystem, inv] of groups) {
      const sets = found.get(ecosystem)!;
      inv.ratio = inv.codeLines > 0 ? Math.round((inv.testLines / inv.codeLines) * 100) / 100 : null;
      if (sets.frameworks.size > 1) sets.frameworks.delete("mocha/jasmine style");
      inv.frameworks = [...sets.frameworks].sort();
      inv.mocks = [...sets.mocks].sort();
      inv.propertyBased = [...sets.property].sort();
      inv.e2e = [...sets.e2e].sort();
    }
    return {
      byEcosystem: [...groups.values()]
        .filter((g) => g.testFiles + g.sourceFiles > 0)
        .sort((a, b) => compareCodeUnits(a.ecosystem, b.ecosystem)),
      e2eSuites: collectE2eSuites(ctx),
    };
  },
});

export default definePack({
  name: "tests",
  collectors: [testsCollector, coverageCollector],
  describe(facts) {
    const inventory = (facts.tests?.byEcosystem ?? []).map((inv) => ({
      area: "tests" as const,
      label: `Tests (${inv.ecosystem})`,
      value: [
        `${inv.testFiles} test files / ${inv.sourceFiles} source files`,
        `test:code lines ${inv.testLines}:${inv.codeLines}${inv.ratio !== null ? ` (ratio ${inv.ratio})` : ""}`,
        inv.frameworks.length ? `frameworks ${inv.frameworks.join(", ")}` : null,
        inv.mocks.length ? `mocks/fixtures ${inv.mocks.join(", ")}` : null,
        inv.propertyBased.length ? `property-based ${inv.propertyBased.join(", ")}` : null,
        inv.e2e.length ? `e2e ${inv.e2e.join(", ")}` : null,
      ]
        .filter(Boolean)
        .join("; "),
      ...(inv.example ? { location: { path: inv.example, startLine: 1, endLine: 1 } } : {}),
    }));
    return [...inventory, ...describeCoverage(facts)];
  },
});
