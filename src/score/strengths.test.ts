import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../test/helpers/audit-harness.js";
import { computeStrengths } from "./strengths.js";

const SHA = "b4ffde65f46336ab88eb53be808477a3936bae11";

describe("strengths", () => {
  it("are computed from positive facts, each specific and with path:line", async () => {
    const files: Record<string, string> = {
      "go.mod": "module example.com/api\n\ngo 1.22\n",
      "cmd/api/main.go":
        'package main\n\nimport (\n\t"log/slog"\n\t"net/http"\n\t"time"\n)\n\nfunc main() {\n\tslog.Info("start")\n\tsrv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}\n\t_ = srv.ListenAndServe()\n}\n',
      ".github/workflows/ci.yml": `on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n      - uses: actions/setup-go@${SHA}\n      - uses: golangci/golangci-lint-action@${SHA}\n      - run: go test ./...\n      - run: go run golang.org/x/vuln/cmd/govulncheck@latest ./...\n`,
      Dockerfile:
        'FROM golang:1.22 AS build\nRUN go build -o /api ./cmd/api\nFROM gcr.io/distroless/static\nCOPY --from=build /api /api\nUSER 65532:65532\nHEALTHCHECK CMD ["/api", "-health"]\nENTRYPOINT ["/api"]\n',
      ".github/dependabot.yml": "version: 2\n",
    };
    const result = await analyseFiles(files);
    const strengths = computeStrengths(result.facts, result.findings, (path) => path in files);
    expect(strengths.map((s) => [s.title, s.evidence[0]])).toEqual([
      ["Actions pinned to commit SHAs", { path: ".github/workflows/ci.yml", line: 6 }],
      ["Dependency audit in CI", { path: ".github/workflows/ci.yml", line: 10 }],
      ["Dependency updates automated", { path: ".github/dependabot.yml", line: 1 }],
      ["Linters enforced in CI", { path: ".github/workflows/ci.yml", line: 8 }],
      ["Containers run as a non-root user", { path: "Dockerfile", line: 5 }],
      ["Health checks", { path: "Dockerfile", line: 6 }],
      ["Structured logging", { path: "cmd/api/main.go", line: 4 }],
      ["HTTP server timeouts set", { path: "cmd/api/main.go", line: 11 }],
    ]);
    expect(strengths[0]?.detail).toBe("all 3 uses: references in 1 workflow(s) name a full commit SHA");
    expect(strengths.some((s) => /checks passed/.test(s.detail))).toBe(false);
  });

  it("says nothing a finding contradicts, and nothing without evidence", async () => {
    const files: Record<string, string> = {
      "go.mod": "module example.com/api\n\ngo 1.22\n",
      "cmd/api/main.go":
        'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8080", nil)\n}\n',
      ".github/workflows/ci.yml":
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n      - uses: actions/cache@v4\n      - run: go test ./...\n",
      Dockerfile: 'FROM golang:1.22\nRUN go build -o /api ./cmd/api\nENTRYPOINT ["/api"]\n',
    };
    const result = await analyseFiles(files);
    const titles = computeStrengths(result.facts, result.findings, (path) => path in files).map(
      (s) => s.title,
    );
    expect(titles).toEqual([]);
  });
});
