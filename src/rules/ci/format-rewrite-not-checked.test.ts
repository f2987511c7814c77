import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "ci/format-rewrite-not-checked";

const workflow = (steps: string[], name = "CI"): string =>
  [
    `name: ${name}`,
    "on: [pull_request]",
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    ...steps,
  ].join("\n");

const pkg = JSON.stringify({
  scripts: { format: 'prettier --write "**/*.ts"', "prettier-check": 'prettier --check "**/*.ts"' },
});

describe(ID, () => {
  it("fires on a formatter in write mode before a format check, or in a job named for the check", async () => {
    const findings = await findingsOf(ID, {
      "package.json": pkg,
      ".github/workflows/prettier.yml": workflow(
        ["      - run: pnpm install", "      - run: pnpm run format", "      - run: pnpm run prettier-check"],
        "Prettier Check",
      ),
      ".github/workflows/style.yml": workflow(["      - run: ruff format ."], "Lint"),
      ".github/workflows/lint.yml": workflow(["      - run: ruff check --fix apps/api"], "Lint API"),
      ".github/workflows/go.yml": workflow(
        ["      - run: gofmt -w ./...", "      - run: go test ./..."],
        "Format",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".github/workflows/go.yml", 8, "low"],
      [".github/workflows/lint.yml", 8, "low"],
      [".github/workflows/prettier.yml", 9, "low"],
      [".github/workflows/style.yml", 8, "low"],
    ]);
    // A linter's --fix still fails on what it cannot fix: the finding says so rather than "exits 0".
    const lint = findings.find((f) => f.location?.path === ".github/workflows/lint.yml");
    expect(lint?.message).toContain("fails only on what it cannot fix");
    expect(findings.find((f) => f.location?.path === ".github/workflows/style.yml")?.message).toContain(
      "exits 0",
    );
  });

  it("follows the runner targets the CI facts resolve: a make target after a `cd`, a Taskfile task", async () => {
    const findings = await findingsOf(ID, {
      "web/Makefile": "fmt:\n\tnpx prettier --write src\n",
      "Taskfile.yml": 'version: "3"\ntasks:\n  fmt:\n    cmds:\n      - gofmt -w .\n',
      ".github/workflows/web.yml": workflow(["      - run: cd web && make fmt"], "Lint web"),
      ".github/workflows/go.yml": workflow(["      - run: task fmt"], "Format"),
    });
    expect(findings.map((f) => [f.location?.path, f.message.split(",")[0]])).toEqual([
      [".github/workflows/go.yml", "Job build runs gofmt -w"],
      [".github/workflows/web.yml", "Job build runs prettier --write"],
    ]);
  });

  it("stays silent on check mode, a git diff gate after the rewrite, an auto-format bot and a build job", async () => {
    const findings = await findingsOf(ID, {
      "package.json": pkg,
      ".github/workflows/check.yml": workflow(["      - run: pnpm run prettier-check"], "Prettier Check"),
      ".github/workflows/diff.yml": workflow(
        ["      - run: mix format", "      - run: git diff --exit-code"],
        "Format",
      ),
      ".github/workflows/bot.yml": workflow(
        [
          "      - run: pnpm run format",
          "      - uses: stefanzweifel/git-auto-commit-action@v5",
          "        with:",
          "          commit_message: format",
        ],
        "Autoformat",
      ),
      ".github/workflows/release.yml": workflow(
        ["      - run: pnpm run format", "      - run: pnpm build"],
        "Release",
      ),
    });
    expect(findings).toEqual([]);
  });
});
