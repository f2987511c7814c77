// Meta test: a finding never shows a fix example in another language than its own. Rule examples carry their
// language; the one a finding shows is chosen by its file (or, for a repository-level finding, the ecosystem it
// names) and framework; when there is none, the fix is text only.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseExample, fileFamily, languageFamily, ruleExamples } from "../src/engine/fix-example.js";
import { loadBuiltInRules } from "../src/rules/load-rules.js";
import type { Finding } from "../src/model/finding.js";
import { analyseFiles } from "./helpers/audit-harness.js";
import { auditFixture } from "./helpers/render-fixture.js";

/** Tell-tale lines of code per language family, to catch an example labelled with the wrong language. */
const LOOKS_LIKE: Record<string, RegExp> = {
  go: /^\s*func\s|\bfunc\s*\(|:=|^package \w+$|\bif err != nil\b/m,
  python:
    /^\s*(async\s+)?def\s+\w+\(.*\)\s*(->\s*[^:]+)?:\s*$|^\s*class\s+\w+.*:\s*$|^\s*from\s+[\w.]+\s+import\s|\bself\./m,
  elixir: /^\s*defmodule\s|^\s*defp?\s+\w+[?!]?(\(.*\))?\s*(,\s*do:|do\s*$)|\|>|%\{|\bfn\s+\w*\s*->/m,
  js: /^\s*(export\s+)?(const|let|var)\s+\w+\s*[:=]|\)\s*=>|^\s*import\s+.+\s+from\s+['"]|\brequire\(['"]|^\s*(export\s+)?(async\s+)?function\s/m,
};

/** The families a piece of code looks like. */
function looksLike(code: string): string[] {
  return Object.entries(LOOKS_LIKE)
    .filter(([, pattern]) => pattern.test(code))
    .map(([family]) => family);
}

/** A code example whose text clearly reads as another language than its label. */
function mislabelled(code: string, label: string): boolean {
  const family = languageFamily(label);
  if (!(family in LOOKS_LIKE)) return false;
  const seen = looksLike(code);
  return seen.length > 0 && !seen.includes(family);
}

describe("fix examples", async () => {
  const rules = await loadBuiltInRules();

  it("are labelled with their language when a rule reads several languages", () => {
    const unlabelled = rules
      .filter(
        (rule) => new Set((rule.languages ?? []).map(languageFamily)).size > 1 || !rule.languages?.length,
      )
      .filter((rule) => !rule.docs.example.language)
      .map((rule) => rule.id);
    expect(unlabelled).toEqual([]);
  });

  it("read as the language they are labelled with", () => {
    const wrong: string[] = [];
    for (const rule of rules)
      for (const example of ruleExamples(rule.docs, rule.languages))
        if (
          example.language &&
          (mislabelled(example.good, example.language) || mislabelled(example.bad, example.language))
        )
          wrong.push(`${rule.id} (${example.language})`);
    expect(wrong).toEqual([]);
  });

  it("pick the file's language and the framework the finding names, else none", () => {
    const examples = [
      {
        language: "javascript",
        framework: "express",
        bad: "app.post('/login', login);",
        good: "app.use(rateLimit());",
      },
      {
        language: "go",
        bad: "http.ListenAndServe(addr, mux)",
        good: "http.ListenAndServe(addr, limit(mux))",
      },
      { language: "go", framework: "gin", bad: "r := gin.Default()", good: "r.Use(ratelimit.New(store))" },
      { language: "yaml", ecosystem: "node", bad: "run: npm install", good: "run: npm ci" },
    ];
    const pick = (path: string | null, text = "", related: string[] = []) =>
      chooseExample(examples, { path, relatedPaths: related, text })?.code ?? null;
    expect(pick("cmd/api/main.go", 'r := gin.Default()\nr.Run(":8080")')).toBe("r.Use(ratelimit.New(store))");
    expect(pick("cmd/api/main.go", "http.ListenAndServe(addr, mux)")).toBe(
      "http.ListenAndServe(addr, limit(mux))",
    );
    expect(pick(null, "1 HTTP server and no rate limiting found", ["server/index.ts"])).toBe(
      "app.use(rateLimit());",
    );
    expect(pick("lib/shop_web/endpoint.ex")).toBeNull();
    expect(pick("app/main.py")).toBeNull();
    expect(pick(null, "No test gate for go in CI (looked for go test ./...)")).toBe(
      "http.ListenAndServe(addr, limit(mux))",
    );
    expect(pick(null, "No test gate for python in CI (looked for pytest)")).toBeNull();
    expect(pick(null, "No install gate for node in CI")).toBe("run: npm ci");
    expect(pick(".github/workflows/ci.yml", "npm install runs in CI")).toBe("run: npm ci");
    // A search note lists every ecosystem looked in: it names one only when the message names none.
    const withNote = (text: string, searched: string) =>
      chooseExample(examples, { path: null, relatedPaths: [], text, searched })?.code ?? null;
    expect(
      withNote("Tests exist (go: 3 files) but no threshold", "mix.exs, package.json, pyproject.toml"),
    ).toBe("http.ListenAndServe(addr, limit(mux))");
    expect(withNote("No threshold is enforced", "package.json scripts")).toBe("run: npm ci");
  });

  it("is never in another language than the finding's file, on every fixture", async () => {
    const fixtures = [
      "go-service",
      "elixir-phoenix",
      "python-service",
      "node-service",
      "security-service",
      "generic-monorepo",
    ];
    const findings: Finding[] = [];
    for (const name of fixtures)
      findings.push(...(await auditFixture(join(import.meta.dirname, "fixtures", name))).findings);
    // And a Go gin server and an Elixir endpoint with repository-level findings about them.
    const extra = await analyseFiles({
      "go.mod": "module example.com/api\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
      "cmd/api/main.go":
        'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.POST("/login", login)\n\t_ = r.Run(":8080")\n}\n',
      "mix.exs":
        'defmodule Shop.MixProject do\n  use Mix.Project\n  def project, do: [app: :shop, deps: [{:phoenix, "~> 1.7"}]]\nend\n',
      "lib/shop_web/endpoint.ex":
        "defmodule ShopWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :shop\nend\n",
    });
    findings.push(...extra.findings);
    const wrong = findings
      .filter((finding) => finding.fix.code)
      .filter((finding) => {
        const path = finding.location?.path ?? finding.related?.[0]?.path ?? null;
        const family = path ? fileFamily(path) : null;
        // A manifest or config file may be fixed by a command (shell, text); code is always in the file's language.
        const command =
          ["shell", "text"].includes(languageFamily(finding.fix.language ?? "")) &&
          family !== null &&
          !(family in LOOKS_LIKE);
        const label = languageFamily(finding.fix.language ?? "");
        return (
          (family !== null && label !== family && !command) ||
          mislabelled(finding.fix.code, finding.fix.language ?? "")
        );
      })
      .map(
        (finding) =>
          `${finding.ruleId} at ${finding.location?.path ?? "repository"}: ${finding.fix.language}`,
      );
    expect(wrong).toEqual([]);
  }, 120_000);
});
