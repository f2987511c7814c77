import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const branches = (n: number): string =>
  Array.from({ length: n }, (_, i) => `  if (kind === "k${i}") {\n    if (strict) log(${i});\n  }`).join(
    "\n",
  );

describe("generic/complex-function", () => {
  it("fires low over 20 decision points and medium only over 50", async () => {
    const findings = await findingsOf("generic/complex-function", {
      "src/price.ts": `export function price(kind: string): number {\n${branches(12)}\n  return -1;\n}\n`,
      "src/route.ts": `export function route(kind: string): number {\n${branches(30)}\n  return -1;\n}\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.message])).toEqual([
      ["src/price.ts", "low", "price has cyclomatic complexity 25 (limit 20)"],
      ["src/route.ts", "medium", "route has cyclomatic complexity 61 (limit 20)"],
    ]);
    expect(findings[0]?.location).toEqual({ path: "src/price.ts", startLine: 1, endLine: 39 });
  });

  it("stays silent at 20 and below", async () => {
    const findings = await findingsOf("generic/complex-function", {
      "src/price.ts": `export function price(kind: string): number {\n${branches(9)}\n  return -1;\n}\n`,
    });
    expect(findings).toEqual([]);
  });

  it("keeps a long run of guard clauses low: each check is read on its own", async () => {
    const guards = Array.from(
      { length: 40 },
      (_, i) =>
        `  if (styling.color${i} !== undefined && styling.color${i} !== null)\n    appendCssVariable("color-${i}", styling.color${i});`,
    ).join("\n");
    const findings = await findingsOf("generic/complex-function", {
      "src/theme.ts": `export function applyTheme(styling: Styling): void {\n${guards}\n}\n`,
    });
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ["low", "applyTheme has cyclomatic complexity 81 (limit 20, 80 of it in guard clauses)"],
    ]);
  });

  it("reads an else-if chain of one-line branches straight in the body (a route table) as guard clauses", async () => {
    const routes = Array.from(
      { length: 40 },
      (_, i) =>
        `\t} else if r.Method == "GET" && r.URL.Path == "/api/r${i}" {\n\t\treturn s.handleR${i}(w, r)`,
    ).join("\n");
    // The near-miss: the same chain opening with a branch of real work is a fork, not a list of checks.
    const work = `\t\tn := 0\n${"\t\tn++\n".repeat(6)}\t\treturn s.render(w, n)`;
    const findings = await findingsOf("generic/complex-function", {
      "server/routes.go": `package server\n\nfunc (s *Server) route(w Writer, r *Request) error {\n\tif r.URL.Path == "/" {\n\t\treturn s.handleRoot(w, r)\n${routes}\n\t}\n\treturn errNotFound\n}\n`,
      "server/fork.go": `package server\n\nfunc (s *Server) fork(w Writer, r *Request) error {\n\tif r.URL.Path == "/" {\n${work}\n${routes}\n\t}\n\treturn errNotFound\n}\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.message])).toEqual([
      ["server/fork.go", "medium", "fork has cyclomatic complexity 82 (limit 20)"],
      ["server/routes.go", "low", "route has cyclomatic complexity 82 (limit 20, 81 of it in guard clauses)"],
    ]);
  });

  it("counts a switch of constants once, however many cases it has", async () => {
    const cases = Array.from({ length: 60 }, (_, i) => `    case "k${i}":\n      return "label ${i}";`).join(
      "\n",
    );
    const goCases = Array.from({ length: 40 }, (_, i) => `\tcase ${i}:\n\t\treturn "s${i}"`).join("\n");
    const findings = await findingsOf("generic/complex-function", {
      "src/labels.ts": `export function label(kind: string): string {\n  switch (kind) {\n${cases}\n    default:\n      return "";\n  }\n}\n`,
      "svc/status.go": `package svc\n\nfunc StatusText(code int) string {\n\tswitch code {\n${goCases}\n\t}\n\treturn ""\n}\n`,
    });
    expect(findings).toEqual([]);
  });

  it("counts each case of a Go switch without a subject, which is an if/else chain", async () => {
    const cases = Array.from({ length: 25 }, (_, i) => `\tcase n > ${i * 10}:\n\t\treturn ${i}`).join("\n");
    const findings = await findingsOf("generic/complex-function", {
      "svc/bucket.go": `package svc\n\nfunc Bucket(n int) int {\n\tswitch {\n${cases}\n\t}\n\treturn 0\n}\n`,
    });
    expect(findings.map((f) => f.message)).toEqual(["Bucket has cyclomatic complexity 26 (limit 20)"]);
  });

  it("does not count Go error propagation as decisions", async () => {
    const steps = "\tif err := step(); err != nil {\n\t\treturn err\n\t}\n".repeat(30);
    const findings = await findingsOf("generic/complex-function", {
      "svc/run.go": `package svc\n\nfunc Run() error {\n${steps}\treturn nil\n}\n`,
    });
    expect(findings).toEqual([]);
  });

  it("measures callbacks on their own instead of adding them to the component", async () => {
    const handlers = Array.from(
      { length: 8 },
      (_, i) =>
        `  const onEvent${i} = useCallback(() => {\n    if (a${i} && b) step();\n    if (c${i} || d) other();\n  }, []);\n`,
    ).join("");
    const findings = await findingsOf("generic/complex-function", {
      "src/Editor.tsx": `export function Editor() {\n${handlers}  return null;\n}\n`,
    });
    expect(findings).toEqual([]);
  });
});
