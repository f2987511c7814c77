import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/eval-new-function", () => {
  it("fires on eval and new Function with run-time strings", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/calc.ts":
        "import { readFileSync } from 'node:fs';\nexport function calc(expr: string) {\n  return eval(expr);\n}\nexport const make = (body: string) => new Function('x', 'return ' + body);\n",
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "high"],
      [5, "high"],
    ]);
  });

  it("stays silent on methods named eval, identifiers and tests", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/a.ts":
        "const r = model.eval(input);\nconst f = Function.prototype.call;\nconst evaluate = (s: string) => parse(s);\n",
      "test/a.test.ts": "eval(code);\n",
    });
    expect(findings).toEqual([]);
  });

  it("leaves out files the test runner's configuration names as tests, and only those", async () => {
    const source = "export const run = (js: string) => new Function(`${js}\nreturn evaluate;`)();\n";
    const config = (include: string): string =>
      `import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { include: [${include}] } });\n`;
    const named = await findingsOf("node/eval-new-function", {
      "web/vitest.config.mts": config('"src/**/*.clienttest.{ts,tsx}"'),
      "web/src/evals/catalog.clienttest.ts": source,
      "web/src/evals/catalog.ts": source,
    });
    expect(named.map((f) => f.location?.path)).toEqual(["web/src/evals/catalog.ts"]);
    // A broad include says nothing about which files are tests.
    const broad = await findingsOf("node/eval-new-function", {
      "web/vitest.config.mts": config('"src/**/*.ts"'),
      "web/src/evals/catalog.clienttest.ts": source,
    });
    expect(broad.map((f) => f.location?.path)).toEqual(["web/src/evals/catalog.clienttest.ts"]);
  });

  it("stays silent on a literal that only names a binding, fires on literal code", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/loader.ts":
        'export const load = (modulePath: string) => eval("require")(modulePath);\nexport const root = new Function("return this")();\nexport const sum = eval("1 + 2");\n',
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[3, "medium"]]);
  });

  it("stays silent on the dynamic-import shim, fires when the literal body does more than import its argument", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/ai.service.ts": [
        "import { Injectable } from '@nestjs/common';",
        "const dynamicImport = new Function('s', 'return import(s)') as (s: string) => Promise<unknown>;",
        "const loadAndRun = new Function('s', 'return import(s).then((m) => m.run())');",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([[3, "medium"]]);
  });

  it("lowers a literal string to medium and scripts to low", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/b.ts": "const g = eval('1 + 1');\n",
      "scripts/gen.js": "new Function('a', src);\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["scripts/gen.js", "low"],
      ["src/b.ts", "medium"],
    ]);
  });
});

describe("node/eval-new-function: scripting features and third-party code", () => {
  it("lowers a browser script runner to medium, keeps interpolated code high, and skips emscripten glue", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "src/sandbox/worker.ts": [
        "export const run = (preRequestScript: string, pw: object) => {",
        "  const execute = new Function('pw', preRequestScript);",
        "  return execute(pw);",
        "};",
        "export const named = (name: string, body: string) => new Function('body', `return function ${name}() { return body }`);",
      ].join("\n"),
      "src/woff2/bindings.ts":
        "/* eslint-disable */\n// @ts-nocheck\nfunction createNamedFunction(name, body) {\n  return new Function('body', `return function ${name}() {}`)(body);\n}\n",
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["src/sandbox/worker.ts", 2, "medium"],
      ["src/sandbox/worker.ts", 5, "high"],
    ]);
  });

  it("is low for a data attribute of the page's own markup, medium for a script value from elsewhere (near miss)", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "assets/js/app.js": [
        "document.querySelectorAll('[data-react-class]').forEach((e) => {",
        "  const props = JSON.parse(e.dataset.reactProps || '{}');",
        "  render(createElement(eval(e.dataset.reactClass), props), e);",
        "  const widget = eval(e.getAttribute('data-widget'));",
        "  const handler = eval(settings.onLoad);",
        "});",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [3, "low"],
      [4, "low"],
      [5, "medium"],
    ]);
  });

  it("takes `return (${value})` for a value handed in whole, and is low inside a Web Worker sandbox", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "themes/core/assets/js/challenges.js": [
        "export function sortCategories(categories, settings) {",
        "  const f = settings.challenge_category_order;",
        "  if (f) categories.sort(new Function(`return (${f})`)());",
        "  const g = settings.field;",
        "  return new Function('obj', `return obj.${g} + 1`);",
        "}",
      ].join("\n"),
      "packages/sandbox/src/web/pre-request/worker.ts": [
        "const execute = (script: string, pw: object) => new Function('pw', script)(pw);",
        'self.addEventListener("message", (event) => {',
        "  self.postMessage({ results: execute(event.data.script, {}) });",
        "});",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["packages/sandbox/src/web/pre-request/worker.ts", 1, "low"],
      ["themes/core/assets/js/challenges.js", 3, "medium"],
      ["themes/core/assets/js/challenges.js", 5, "high"],
    ]);
  });

  it("is low for a component name read from the page's own markup, medium for a script held in a data attribute's text", async () => {
    const findings = await findingsOf("node/eval-new-function", {
      "assets/js/app.js": [
        "document.querySelectorAll('[data-react-class]').forEach((e) => {",
        "  const component = eval(e.dataset.reactClass)",
        "  const other = eval(e.getAttribute('data-component'))",
        "  const script = eval(e.textContent)",
        "  ReactDOM.render(React.createElement(component), e)",
        "})",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity])).toEqual([
      [2, "low"],
      [3, "low"],
      [4, "medium"],
    ]);
    expect(findings[0]?.message).toContain("page's own markup");
  });
});
