// Secret files with no known extension (id_rsa, *.pem, *.key, .aws/credentials, .npmrc, .netrc, .pypirc,
// .git-credentials, a kube `config`) are read by the secret scan, and credential file names are findings.
import { afterEach, describe, expect, it } from "vitest";
import { hostileRepo, runCli, type HostileRepo } from "./hostile-repo.js";

let repo: HostileRepo;
afterEach(() => repo?.cleanup());

// Built at run time so this file does not itself look like it holds secrets.
const PEM_BODY = [
  "MIIEowIBAAKCAQEA7Qx9pV3mZ2kL8wR4tY6uI0oP1aS5dF7gH9jK3lZ2xC4vB6nM",
  "8qW1eR3tY5uI7oP9aS2dF4gH6jK8lZ0xC1vB3nM5qW7eR9tY2uI4oP6aS8dF0gH2",
];
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY.join("\n")}\n-----END RSA PRIVATE KEY-----\n`;
const AWS_ID = "AKIA" + "Z3MSJV4WQXKJ7P2N";
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzQ8vT2mZ9xR4";
const GITHUB = "ghp_" + "Zq8rT2vLx9Wm4Kp7Nc3Hd6Jf1Ga5Ue0BsYiQ";

describe("secret files are read whatever their extension", () => {
  it("finds the secrets and the credential files, and counts them as analysed", async () => {
    repo = hostileRepo();
    repo.write("README.md", "# Service\n");
    repo.write("deploy/id_rsa", PEM);
    repo.write("certs/server.pem", PEM);
    repo.write("certs/tls.key", PEM);
    repo.write(
      ".aws/credentials",
      `[default]\naws_access_key_id = ${AWS_ID}\naws_secret_access_key = ${AWS_SECRET}\n`,
    );
    repo.write(".npmrc", `//registry.npmjs.org/:_authToken=${GITHUB}\n`);
    repo.write(".netrc", `machine github.com login bot password ${GITHUB}\n`);
    repo.write(".git-credentials", `https://bot:${GITHUB}@github.com\n`);
    repo.write("ops/.kube/config", `apiVersion: v1\nusers:\n- name: admin\n  user:\n    token: ${GITHUB}\n`);
    repo.commit("secrets");
    const run = await runCli(
      repo.root,
      ["audit", ".", "--out", "../out", "--no-timestamp", "--jobs", "1", "--format", "md,json"],
      "../out",
    );
    expect(run.code).toBe(0);
    const audit = JSON.parse(run.files["audit.json"] ?? "{}") as {
      findings: Array<{ ruleId: string; location: { path: string } | null }>;
    };
    const flagged = (rule: string): string[] =>
      [...new Set(audit.findings.filter((f) => f.ruleId === rule).map((f) => f.location?.path ?? ""))].sort();
    expect(flagged("security/hardcoded-secret")).toEqual(
      expect.arrayContaining([
        ".aws/credentials",
        ".git-credentials",
        ".netrc",
        "certs/server.pem",
        "certs/tls.key",
        "deploy/id_rsa",
        "ops/.kube/config",
      ]),
    );
    expect(flagged("security/credential-file")).toEqual([
      ".aws/credentials",
      ".git-credentials",
      ".netrc",
      ".npmrc",
      "deploy/id_rsa",
      "ops/.kube/config",
    ]);
    expect(run.files["AUDIT.md"]).not.toMatch(/\b1 of \d+ files analysed/);
    for (const secret of [AWS_SECRET, GITHUB, ...PEM_BODY]) expect(run.everything).not.toContain(secret);
  });
});
