import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const wf = (steps: string[]): string =>
  [
    "on: [push, pull_request]",
    "jobs:",
    "  ci:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    ...steps.map((s) => `      - run: ${s}`),
    "",
  ].join("\n");

describe("ci/missing-gate", () => {
  it("reports each gate missing for a Go module, with what was searched", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      "go.mod": "module example.com/svc\n\ngo 1.22\n",
      "main.go": "package main\n\nfunc main() {}\n",
      ".github/workflows/ci.yml": wf(["go build ./...", "go test -race ./..."]),
    });
    const keys = findings.map((f) => f.message).sort();
    expect(keys).toEqual([
      "No dependency-audit gate for go in CI (looked for govulncheck, osv-scanner)",
      "No format gate for go in CI (looked for gofmt -l, goimports -l)",
      "No lint gate for go in CI (looked for go vet, golangci-lint, staticcheck)",
      "No security-scan gate for go in CI (looked for gosec, semgrep, CodeQL)",
    ]);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.evidence.searched).toContain(".github/workflows/ci.yml");
  });

  it("resolves npm scripts and counts ecosystem-neutral scanners", async () => {
    const findings = await findingsOf("ci/missing-gate", {
      "package.json": JSON.stringify({
        name: "web",
        scripts: { lint: "eslint . && prettier --check .", test: "vitest run", check: "tsc --noEmit" },
      }),
      "src/index.ts": "export const x = 1;\n",
      ".github/workflows/ci.yml": wf([
        "npm ci",
        "npm run lint",
        "npm run check",
        "npm test",
        "osv-scanner -r .",
      ]),
    });
    expect(findings).toEqual([]);
  });

  it("does not count a stub or a missing workflow", async () => {
    const none = await findingsOf("ci/missing-gate", { "package.json": '{"name":"a"}', "index.js": "1\n" });
    expect(none).toEqual([]);
  });
});
