import { describe, expect, it } from "vitest";
import { analyseFiles, findingsOf } from "../../../test/helpers/audit-harness.js";

const test = ["  test:", "    runs-on: ubuntu-latest", "    steps:", "      - run: npm test", ""];

describe("ci/invalid-workflow", () => {
  it("fires on broken YAML, a need of no job and repeated keys, and their gates are not counted", async () => {
    const files = {
      ".github/workflows/broken.yml": ["on: push", "jobs:", "  test:", "    runs-on: [x", ""].join("\n"),
      ".github/workflows/needs.yml": [
        "on: push",
        "jobs:",
        ...test.slice(0, 2),
        "    needs: build",
        ...test.slice(2),
      ].join("\n"),
      ".github/workflows/dup.yml": ["on: push", "jobs:", ...test.slice(0, -1), ...test].join("\n"),
      ".gitlab-ci.yml": ["test:", "  needs: [build]", "  script: npm test", ""].join("\n"),
    };
    const findings = await findingsOf("ci/invalid-workflow", files);
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      [".github/workflows/broken.yml", 5, "high"],
      [".github/workflows/dup.yml", 7, "high"],
      [".github/workflows/needs.yml", 5, "high"],
      [".gitlab-ci.yml", 2, "high"],
    ]);
    expect(findings[2]?.message).toContain("job test needs `build`, which is not a job of this workflow");
    const { facts } = await analyseFiles(files);
    expect(facts.ci.gates).toEqual([]);
  });

  it("stays silent on a valid workflow, and on a GitLab need an included file may define", async () => {
    const findings = await findingsOf("ci/invalid-workflow", {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  build:",
        "    runs-on: x",
        "    steps:",
        "      - run: make",
        ...test.slice(0, 2),
        "    needs: [build]",
        ...test.slice(2),
      ].join("\n"),
      ".gitlab-ci.yml": [
        "include:",
        "  - local: ci/build.yml",
        "test:",
        "  needs: [build]",
        "  script: npm test",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("reports GitLab stage order, dependencies and extends that GitLab rejects", async () => {
    const pipeline = (...lines: string[]): Record<string, string> => ({
      ".gitlab-ci.yml": [
        "stages: [build, test, deploy]",
        ".node:",
        "  image: node:22",
        "build:",
        "  stage: build",
        "  script: npm run build",
        ...lines,
        "",
      ].join("\n"),
    });
    const cases: Array<[string[], string]> = [
      [
        [
          "lint:",
          "  stage: build",
          "  needs: [unit]",
          "  script: npm run lint",
          "unit:",
          "  script: npm test",
        ],
        "job lint (stage build) needs `unit`, which runs in a later stage (test)",
      ],
      [
        [
          "unit:",
          "  dependencies: [package]",
          "  script: npm test",
          "package:",
          "  stage: deploy",
          "  script: npm pack",
        ],
        "job unit (stage test) takes artifacts from `package` (dependencies:), which runs in a later stage",
      ],
      [
        ["unit:", "  dependencies: [compile]", "  script: npm test"],
        "takes artifacts from `compile` (dependencies:), which is not a job of this pipeline",
      ],
      [
        ["unit:", "  extends: .nodejs", "  script: npm test"],
        "unit extends `.nodejs`, which is not defined in this file",
      ],
      [
        ["unit:", "  stage: verify", "  script: npm test"],
        "job unit runs in stage `verify`, which is not in `stages:` (build, test, deploy)",
      ],
    ];
    for (const [lines, message] of cases) {
      const findings = await findingsOf("ci/invalid-workflow", pipeline(...lines));
      expect(findings.map((f) => [f.severity, f.message])).toEqual([
        ["high", expect.stringContaining(message)],
      ]);
    }
  });

  it("stays silent on needs within a stage or to an earlier one, dependencies on earlier jobs, and stages from extends", async () => {
    const findings = await findingsOf("ci/invalid-workflow", {
      ".gitlab-ci.yml": [
        "stages: [build, test, deploy]",
        ".deploy-template:",
        "  stage: deploy",
        "build:",
        "  stage: build",
        "  script: npm run build",
        "unit:",
        "  needs: [build, lint]",
        "  dependencies: [build]",
        "  script: npm test",
        "lint:",
        "  script: npm run lint",
        "release:",
        "  extends: .deploy-template",
        "  needs: [unit]",
        "  script: npm publish",
        "",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });

  it("resolves `needs:` without regard to case on GitHub (a job `Tests` is needed as `tests`), not on GitLab", async () => {
    const files = {
      ".github/workflows/ci.yml": [
        "on: push",
        "jobs:",
        "  Tests:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: npm test",
        "  deploy:",
        "    needs: tests",
        "    runs-on: ubuntu-latest",
        "    steps: [{ run: make deploy }]",
        "",
      ].join("\n"),
      ".gitlab-ci.yml": [
        "Build:",
        "  script: make",
        "test:",
        "  needs: [build]",
        "  script: npm test",
        "",
      ].join("\n"),
    };
    const findings = await findingsOf("ci/invalid-workflow", files);
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([[".gitlab-ci.yml", 4]]);
    const { facts } = await analyseFiles(files);
    expect(facts.ci.gates.map((g) => [g.path, g.kind])).toContainEqual([".github/workflows/ci.yml", "test"]);
  });
});
