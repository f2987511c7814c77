import { afterAll, describe, expect, it } from "vitest";
import { runEngine } from "../../engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../../engine/settings.js";
import { openRepository } from "../../repo/open-repository.js";
import { findingsIn } from "../../../test/helpers/audit-harness.js";
import { tempRepo } from "../../../test/delta-git-repo.js";

const ID = "security/secret-in-history";
const AWS = "AKIA" + "Q7ZT3MV9XK2WJ4PN";

describe(ID, () => {
  const repo = tempRepo("codeaudit-secret-history-");
  afterAll(() => repo.cleanup());
  repo.commit("init", { "deploy/k8s/api.yaml": "env:\n  - name: REGION\n    value: eu-west-1\n" });
  repo.commit("add aws key", {
    "deploy/k8s/api.yaml": `env:\n  - name: REGION\n    value: eu-west-1\n  - name: AWS_ACCESS_KEY_ID\n    value: ${AWS}\n`,
  });
  repo.commit("remove aws key", { "deploy/k8s/api.yaml": "env:\n  - name: REGION\n    value: eu-west-1\n" });

  const run = async (historyRange: string | null) => {
    const index = await openRepository(repo.root);
    const settings = {
      ...DEFAULT_ENGINE_SETTINGS,
      collect: { ...DEFAULT_ENGINE_SETTINGS.collect, advisoryDir: null, historyRange },
    };
    return runEngine(index, settings, { jobs: 1 });
  };

  it("reports a removed secret still in history, with --history", async () => {
    const result = await run("HEAD");
    const findings = findingsIn(ID, result);
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["deploy/k8s/api.yaml", 5, "critical"],
    ]);
    expect(findings[0]?.message).toContain("AKIA… (20 chars)");
    expect(JSON.stringify(result.findings)).not.toContain(AWS);
  });

  it("does not run without --history, and the working-tree rule stays silent on the clean tree", async () => {
    const result = await run(null);
    expect(findingsIn(ID, result)).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "security/hardcoded-secret")).toEqual([]);
    expect(result.checks.find((c) => c.ruleId === ID)).toMatchObject({ status: "not-applicable" });
  });
});

describe(`${ID}: a secret still in the tree`, () => {
  const repo = tempRepo("codeaudit-secret-history-present-");
  afterAll(() => repo.cleanup());
  repo.commit("init", { "deploy/k8s/api.yaml": "env:\n  - name: REGION\n    value: eu-west-1\n" });
  repo.commit("add aws key", {
    "deploy/k8s/api.yaml": `env:\n  - name: AWS_ACCESS_KEY_ID\n    value: ${AWS}\n`,
  });

  it("is left to the working-tree rule, even with --history", async () => {
    const index = await openRepository(repo.root);
    const settings = {
      ...DEFAULT_ENGINE_SETTINGS,
      collect: { ...DEFAULT_ENGINE_SETTINGS.collect, advisoryDir: null, historyRange: "HEAD" },
    };
    const result = await runEngine(index, settings, { jobs: 1 });
    expect(findingsIn(ID, result)).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "security/hardcoded-secret")).toHaveLength(1);
  });
});
