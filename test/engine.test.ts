// Engine behaviour: inline suppressions, custom ast-grep YAML rules with patches, stable ids across edits.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyseFiles } from "./helpers/audit-harness.js";
import { runGit } from "./helpers/git.js";

const clusterSource = (prefix: string): string =>
  `${prefix}# TODO: a\n# TODO: b\n# TODO: c\n# TODO: d\nx = 1\n`;

describe("engine", () => {
  it("drops findings suppressed on the line or the line above, and counts them", async () => {
    const result = await analyseFiles({
      "a.py": "# codeaudit-ignore generic/todo-comment: tracked in #12\n# TODO: later\n",
      "b.py": "# TODO: later  codeaudit-ignore generic/todo-comment: demo only\n",
      "c.py": "# codeaudit-ignore generic/other-rule: not this one\n# TODO: later\n",
      // No reason: silences nothing while reasons are required (the default).
      "d.py": "# TODO: later  codeaudit-ignore generic/todo-comment\n",
    });
    const todos = result.findings
      .filter((f) => f.ruleId === "generic/todo-comment")
      .map((f) => f.location?.path);
    expect(todos).toEqual(["c.py", "d.py"]);
    expect(result.suppressed).toBe(2);
    expect(result.suppressedFindings.map((s) => [s.finding.location?.path, s.reason])).toEqual([
      ["a.py", "tracked in #12"],
      ["b.py", "demo only"],
    ]);
  });

  it("keeps finding ids stable when unrelated lines are added above", async () => {
    const before = await analyseFiles({ "m.py": clusterSource("") });
    const after = await analyseFiles({ "m.py": clusterSource("import os\n\n\n") });
    const id = (r: typeof before) => r.findings.find((f) => f.ruleId === "generic/todo-cluster")?.id;
    expect(id(before)).toBeDefined();
    expect(id(after)).toBe(id(before));
  });

  it("runs custom ast-grep YAML rules with metadata, and their fix is a patch git apply accepts", async () => {
    const customRulesDir = join(import.meta.dirname, "fixtures", "custom-rules");
    const source =
      "import logging\nlogger = logging.getLogger(__name__)\n\n\ndef main():\n    print('started')\n";
    const result = await analyseFiles({ "app/main.py": source }, { customRulesDir });
    const finding = result.findings.find((f) => f.ruleId === "custom/no-print");
    expect(finding?.location).toEqual({ path: "app/main.py", startLine: 6, endLine: 6 });
    expect(finding?.message).toBe("print call in production code: 'started'");
    const dir = mkdtempSync(join(tmpdir(), "codeaudit-patch-"));
    runGit(dir, ["init", "-q"]);
    execFileSync("mkdir", ["-p", join(dir, "app")]);
    writeFileSync(join(dir, "app", "main.py"), source);
    writeFileSync(join(dir, "fix.patch"), finding?.patch ?? "");
    runGit(dir, ["apply", "fix.patch"]);
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(join(dir, "app", "main.py"), "utf8"), finding?.patch ?? "").toContain(
      "    logger.info('started')\n",
    );
  });
});

describe("files no build compiles", () => {
  it("keeps findings in a `//go:build ignore` program low and says why; the same code built stays high", async () => {
    const handler = (constraint: string) =>
      [
        ...(constraint ? [constraint, ""] : []),
        "package main",
        'import "net/http"',
        "func preview(w http.ResponseWriter, r *http.Request) {",
        '\ttarget := r.URL.Query().Get("url")',
        "\thttp.Get(target)",
        "}",
        'func main() { http.HandleFunc("/preview", preview) }',
      ].join("\n");
    const result = await analyseFiles({
      "go.mod": "module example.com/app\n\ngo 1.22\n",
      "server/gen_server.go": handler("//go:build ignore"),
      "server/old_server.go": handler("// +build ignore"),
      "server/linux_server.go": handler("//go:build linux && !ignore"),
    });
    const ssrf = result.findings
      .filter((f) => f.ruleId === "security/ssrf-request-url")
      .map((f) => [
        f.location?.path,
        f.severity,
        /left out of every build by `([^`]+)`/.exec(f.message)?.[1] ?? null,
      ]);
    expect(ssrf).toEqual([
      ["server/gen_server.go", "low", "//go:build ignore"],
      ["server/linux_server.go", "high", null],
      ["server/old_server.go", "low", "// +build ignore"],
    ]);
  }, 180_000);
});

describe("superseding rules", () => {
  it("keeps the specific rule's finding where a general rule reports the same lines", async () => {
    const result = await analyseFiles({
      "app/main.py": [
        "from fastapi import FastAPI",
        "from fastapi.middleware.cors import CORSMiddleware",
        "",
        "app = FastAPI()",
        "app.add_middleware(",
        "    CORSMiddleware,",
        '    allow_origins=["*"],',
        "    allow_credentials=True,",
        ")",
      ].join("\n"),
    });
    const cors = result.findings.filter((f) => f.ruleId.includes("cors")).map((f) => f.ruleId);
    expect(cors).toEqual(["python/cors-wildcard-credentials"]);
  });
});
