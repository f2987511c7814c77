import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "build/runtime-version-mismatch";

const workflow = (uses: string, inputs: string, matrix = "") =>
  `on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n${matrix}    steps:\n      - uses: ${uses}\n        with:\n${inputs}      - run: npm test\n`;

describe(ID, () => {
  it("fires when CI or the image runs another version than the version file pins", async () => {
    const findings = await findingsOf(ID, {
      ".nvmrc": "20.11.1\n",
      "package.json": JSON.stringify({ name: "svc" }),
      Dockerfile: 'FROM node:18-alpine\nCMD ["node", "index.js"]\n',
      ".github/workflows/ci.yml": workflow("actions/setup-node@v4", "          node-version: 22\n"),
    });
    expect(
      findings.map((f) => [f.message, `${f.location?.path}:${f.location?.startLine}`, f.severity]),
    ).toEqual([
      [
        "CI (actions/setup-node node-version (job test)) uses Node.js 22, while .nvmrc pins 20.11.1",
        ".github/workflows/ci.yml:6",
        "medium",
      ],
      [
        "The image (FROM node:18-alpine) uses Node.js 18, while .nvmrc pins 20.11.1",
        "Dockerfile:1",
        "medium",
      ],
    ]);
  });

  it("reports a Go image older than go.mod requires, and a YAML 3.10 read as 3.1", async () => {
    const findings = await findingsOf(ID, {
      "go.mod": "module example.com/svc\n\ngo 1.22\n",
      Dockerfile: "FROM golang:1.21-alpine AS build\nFROM gcr.io/distroless/static\n",
      ".python-version": "3.10\n",
      ".github/workflows/ci.yml": workflow("actions/setup-python@v5", "          python-version: 3.10\n"),
    });
    expect(findings.map((f) => f.message)).toEqual([
      "CI (actions/setup-python python-version (job test)) uses Python 3.1, while .python-version pins 3.10",
      "The image (FROM golang:1.21-alpine) uses Go 1.21, older than the go 1.22 that go.mod requires",
    ]);
  });

  it("keeps an older Go image medium when go.mod predates toolchain downloads (Go < 1.21), low after", async () => {
    const severities = async (goLine: string, image: string) =>
      (
        await findingsOf(ID, {
          "go.mod": `module example.com/svc\n\n${goLine}\n`,
          Dockerfile: `FROM ${image}\n`,
        })
      ).map((f) => f.severity);
    expect(await severities("go 1.19", "golang:1.18")).toEqual(["medium"]);
    expect(await severities("go 1.22", "golang:1.21")).toEqual(["low"]);
  });

  it("lowers versions that differ only in the patch level", async () => {
    const findings = await findingsOf(ID, {
      ".tool-versions": "elixir 1.11.3-otp-23\n",
      Dockerfile: "FROM hexpm/elixir:1.11.4-erlang-23.0.3-alpine-3.13.1\n",
    });
    expect(findings.map((f) => [f.message, f.severity])).toEqual([
      [
        "The image (FROM hexpm/elixir:1.11.4-erlang-23.0.3-alpine-3.13.1) uses Elixir 1.11.4, while .tool-versions pins 1.11.3-otp-23",
        "low",
      ],
    ]);
  });

  it("lowers a CI matrix that never tests the pinned version", async () => {
    const findings = await findingsOf(ID, {
      ".tool-versions": "elixir 1.16.2-otp-26\nerlang 26.2\n",
      ".github/workflows/ci.yml": workflow(
        "erlef/setup-beam@v1",
        "          elixir-version: ${{ matrix.elixir }}\n          otp-version: '26'\n",
        "    strategy:\n      matrix:\n        elixir: ['1.14', '1.15']\n",
      ),
    });
    expect(findings.map((f) => [f.message, f.severity])).toEqual([
      [
        "CI (erlef/setup-beam elixir-version (job test)) uses Elixir 1.14, 1.15, while .tool-versions pins 1.16.2-otp-26",
        "low",
      ],
    ]);
  });

  it("stays silent when versions agree at common precision, on matrices including the pin, newer Go, ranges and separate monorepo pins", async () => {
    const findings = await findingsOf(ID, {
      ".nvmrc": "20\n",
      "package.json": JSON.stringify({ name: "svc", engines: { node: ">=16" } }),
      Dockerfile: "FROM node:20.11-alpine\n",
      "go.mod": "module example.com/svc\n\ngo 1.21\n",
      "build/Dockerfile": "FROM golang:1.22\n",
      "services/api/.python-version": "3.12\n",
      "services/worker/.python-version": "3.11\n",
      "services/worker/Dockerfile": "FROM python:3.11-slim\n",
      ".github/workflows/ci.yml": workflow(
        "actions/setup-node@v4",
        "          node-version: ${{ matrix.node }}\n",
        "    strategy:\n      matrix:\n        node: [18, 20, 22]\n",
      ),
      ".github/workflows/py.yml": workflow("actions/setup-python@v5", "          python-version: '3.13'\n"),
    });
    expect(findings).toEqual([]);
  });

  it("is low in a CI job that builds and tests nothing, and where go.mod's requirement is met", async () => {
    const bot = [
      "on: { schedule: [{ cron: '0 3 * * 1' }] }",
      "jobs:",
      "  bump:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - uses: actions/setup-node@v4",
      "        with:",
      "          node-version: 22",
      "      - run: npm install @acme/client@latest --package-lock-only",
      "      - uses: peter-evans/create-pull-request@v7",
      "",
    ].join("\n");
    const findings = await findingsOf(ID, {
      ".nvmrc": "20.11.1\n",
      "package.json": JSON.stringify({ name: "svc", scripts: { test: "vitest" } }),
      ".github/workflows/bump.yml": bot,
      ".github/workflows/ci.yml": workflow("actions/setup-node@v4", "          node-version: 22\n"),
      ".tool-versions": "golang 1.22.12\n",
      "magefiles/go.mod": "module example.com/magefiles\n\ngo 1.20\n",
      ".github/workflows/ship.yml": workflow("actions/setup-go@v5", "          go-version: '1.20'\n"),
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      ".github/workflows/bump.yml low",
      ".github/workflows/ci.yml medium",
      ".github/workflows/ship.yml low",
    ]);
    expect(findings.find((f) => f.location?.path.endsWith("bump.yml"))?.message).toContain(
      "job bump runs no build, test or lint step",
    );
    expect(findings.find((f) => f.location?.path.endsWith("ship.yml"))?.message).toContain(
      "meets the module's go.mod",
    );
  });

  it("reports one Dockerfile whose builder and runtime stages run different versions, listing both", async () => {
    const findings = await findingsOf(ID, {
      "package.json": JSON.stringify({ name: "svc" }),
      Dockerfile:
        "FROM node:18-alpine AS build\nRUN npm ci\nFROM node:20-alpine\nCOPY --from=build /app /app\n",
    });
    expect(findings.map((f) => [f.message, f.location?.startLine, f.severity])).toEqual([
      [
        "The stages of Dockerfile use different Node.js versions: 18 (FROM node:18-alpine, line 1), 20 (FROM node:20-alpine, line 3); what one stage builds or installs runs on another",
        1,
        "medium",
      ],
    ]);
  });

  it("stays silent when the stages agree at the precision both give", async () => {
    const findings = await findingsOf(ID, {
      "package.json": JSON.stringify({ name: "svc" }),
      Dockerfile: "FROM node:20.11-alpine AS build\nRUN npm ci\nFROM node:20-slim\n",
    });
    expect(findings).toEqual([]);
  });
});
