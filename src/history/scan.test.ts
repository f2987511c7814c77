import { describe, expect, it, afterAll } from "vitest";
import { tempRepo } from "../../test/delta-git-repo.js";
import { HistoryParser, scanHistoryForSecrets, scanHistoryForSecretsSync } from "./scan.js";

const STRIPE = "sk_live_" + "9fQ2xL7mT4vR8wZ1kB6nY3pD";
const GITLAB = "glpat-" + "Xk9mQ2vL7pT4wR8zB1nY";

describe("scanHistoryForSecrets", () => {
  const repo = tempRepo("codeaudit-history-");
  afterAll(() => repo.cleanup());
  const first = repo.commit("initial", {
    "README.md": "# svc\n",
    "config/prod.exs": "import Config\n",
  });
  const leak = repo.commit("add billing", {
    "config/prod.exs": `import Config\nconfig :svc, stripe_key: "${STRIPE}"\n`,
    "lib/ci.sh": `#!/bin/sh\nexport GITLAB_TOKEN=${GITLAB}\n`,
  });
  repo.commit("read key from env", {
    "config/prod.exs": 'import Config\nconfig :svc, stripe_key: System.fetch_env!("STRIPE_KEY")\n',
  });

  it("finds a secret added then removed, and one still present, once each", async () => {
    const secrets = await scanHistoryForSecrets(repo.root, null);
    expect(secrets.map((s) => [s.path, s.line, s.kind, s.commit, s.stillPresent])).toEqual([
      ["config/prod.exs", 2, "stripe-key", leak, false],
      ["lib/ci.sh", 2, "gitlab-token", leak, true],
    ]);
    expect(JSON.stringify(secrets)).not.toContain(STRIPE);
    expect(secrets[0]?.masked).toBe("sk_l… (32 chars)");
    expect(secrets[0]?.date).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("scans a range only, and gives the same answer synchronously", async () => {
    expect(await scanHistoryForSecrets(repo.root, `${leak}..HEAD`)).toEqual([]);
    expect(scanHistoryForSecretsSync(repo.root, `${first}..HEAD`)).toEqual(
      await scanHistoryForSecrets(repo.root, `${first}..HEAD`),
    );
  });

  it("does not take an added line that starts with ++ for a file header", () => {
    const parser = new HistoryParser();
    for (const line of [
      "\u0001commit abc 2024-01-01T00:00:00Z",
      "diff --git a/a.txt b/a.txt",
      "--- a/a.txt",
      "+++ b/a.txt",
      "@@ -0,0 +1,2 @@",
      "+++ b/other.txt",
      `+token: ${GITLAB}`,
    ])
      parser.push(line);
    expect(parser.finish(() => new Set()).map((s) => [s.path, s.line])).toEqual([["a.txt", 2]]);
  });
});
