import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";
import { compareAtCommonPrecision, rangeAdmits } from "./compare.js";
import { imageVersions, leadingVersion, parseVersionFile, setupStepVersions } from "./pins.js";

describe("toolchain pins", () => {
  it("reads version-manager files", () => {
    expect(
      parseVersionFile(
        ".tool-versions",
        "# tools\nelixir 1.15.7-otp-26\nerlang 26.2.1\nnodejs 20.11.1\nfoo 1\n",
      ).map((p) => [p.runtime, p.version, p.line, p.exact]),
    ).toEqual([
      ["elixir", "1.15.7-otp-26", 2, true],
      ["erlang", "26.2.1", 3, true],
      ["node", "20.11.1", 4, true],
    ]);
    expect(parseVersionFile(".nvmrc", "lts/iron\n")[0]).toMatchObject({ runtime: "node", exact: false });
    expect(parseVersionFile("runtime.txt", "python-3.11.7\n")[0]).toMatchObject({ version: "3.11.7" });
    expect(
      parseVersionFile("mise.toml", '[tools]\npython = "3.12"\nnode = { version = "22" }\n'),
    ).toMatchObject([
      { runtime: "python", version: "3.12", line: 2 },
      { runtime: "node", version: "22", line: 3 },
    ]);
    expect(parseVersionFile("mise.toml", "[tools\n")).toEqual([]);
  });

  it("reads runtime versions from base image tags", () => {
    expect(imageVersions("python", "3.11-slim")).toEqual([{ runtime: "python", version: "3.11" }]);
    expect(imageVersions("docker.io/library/node", "20-alpine")).toEqual([
      { runtime: "node", version: "20" },
    ]);
    expect(imageVersions("hexpm/elixir", "1.15.7-erlang-26.2.1-alpine-3.18.4")).toEqual([
      { runtime: "elixir", version: "1.15.7" },
      { runtime: "erlang", version: "26.2.1" },
    ]);
    expect(imageVersions("node", "lts-alpine")).toEqual([]);
    expect(imageVersions("nginx", "1.25")).toEqual([]);
  });

  it("resolves CI setup inputs, matrix references included", () => {
    expect(
      setupStepVersions(
        "actions/setup-node@v4",
        { "node-version": "${{ matrix.node }}" },
        { node: [18, 20] },
      ),
    ).toEqual([{ runtime: "node", input: "node-version", versions: ["18", "20"] }]);
    expect(
      setupStepVersions("erlef/setup-beam@v1", { "elixir-version": "1.16", "otp-version": "26" }, null),
    ).toEqual([
      { runtime: "elixir", input: "elixir-version", versions: ["1.16"] },
      { runtime: "erlang", input: "otp-version", versions: ["26"] },
    ]);
    expect(setupStepVersions("actions/setup-node@v4", { "node-version": "${{ env.NODE }}" }, null)).toEqual(
      [],
    );
    expect(setupStepVersions("actions/checkout@v4", { "node-version": "20" }, null)).toEqual([]);
  });

  it("compares versions at the precision both give", () => {
    expect(compareAtCommonPrecision("20", "20.11.1")).toBe(0);
    expect(compareAtCommonPrecision("3.11", "3.12.1")).toBe(-1);
    expect(compareAtCommonPrecision("1.22", "1.21.4")).toBe(1);
    expect(compareAtCommonPrecision("lts/*", "20")).toBeNull();
    expect(leadingVersion("v20.1.0")).toBe("20.1.0");
    expect(leadingVersion("3.x")).toBeNull();
  });

  it("collects pins from files, manifests, images and workflows into facts and build-area facts", async () => {
    const result = await analyseFiles({
      ".python-version": "3.11.7\n",
      "pyproject.toml": '[project]\nname = "svc"\nrequires-python = ">=3.10"\n',
      Dockerfile: "FROM python:3.11-slim AS base\nFROM base\n",
      ".github/workflows/ci.yml":
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n",
    });
    expect(result.facts.toolchain.pins.map((p) => [p.source, p.version, `${p.path}:${p.line}`])).toEqual([
      ["version-file", "3.11.7", ".python-version:1"],
      ["manifest", ">=3.10", "pyproject.toml:3"],
      ["container", "3.11", "Dockerfile:1"],
      ["ci", "3.12", ".github/workflows/ci.yml:6"],
    ]);
  });

  it("reads go.mod toolchain, volta, compose images and GitLab job images, each with its kind", async () => {
    const result = await analyseFiles({
      "go.mod": "module example.com/svc\n\ngo 1.22\n\ntoolchain go1.22.4\n",
      "package.json": '{\n  "name": "web",\n  "volta": {\n    "node": "20.11.1"\n  }\n}\n',
      "compose.yaml": "services:\n  web:\n    image: node:18-alpine\n  db:\n    image: postgres:16\n",
      ".gitlab-ci.yml":
        "stages: [test]\ntest:\n  stage: test\n  image: golang:1.21\n  script:\n    - go test ./...\n",
    });
    expect(
      result.facts.toolchain.pins.map((p) => [
        p.runtime,
        p.kind,
        p.source,
        p.version,
        `${p.path}:${p.line}`,
        p.tests ?? null,
      ]),
    ).toEqual([
      ["go", "pin", "manifest", "1.22", "go.mod:3", null],
      ["go", "pin", "manifest", "1.22.4", "go.mod:5", null],
      ["node", "pin", "manifest", "20.11.1", "package.json:4", null],
      ["node", "image", "container", "18", "compose.yaml:2", null],
      ["go", "image", "ci", "1.21", ".gitlab-ci.yml:2", true],
    ]);
  });

  it("reads ranges as npm semver ranges: engines, requires-python and Elixir requirements", () => {
    expect(rangeAdmits(">=18", "20")).toBe(true);
    expect(rangeAdmits(">=20", "18.19.0")).toBe(false);
    expect(rangeAdmits("~> 1.15", "1.14.5")).toBe(false);
    expect(rangeAdmits("~> 1.15", "1.16")).toBe(true);
    expect(rangeAdmits(">=3.10,<3.13", "3.13")).toBe(false);
    expect(rangeAdmits("~=3.11.2", "3.12")).toBe(false);
    expect(rangeAdmits(">=3.10, !=3.11.*", "3.11")).toBe(true);
    expect(rangeAdmits("lts/*", "20")).toBeNull();
  });
});
