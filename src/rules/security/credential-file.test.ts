import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/credential-file";

describe(ID, () => {
  it("fires on credential files by name, low under tests", async () => {
    const findings = await findingsOf(ID, {
      "deploy/id_rsa": "not shown\n",
      ".aws/credentials": "[default]\n",
      ".git-credentials": "https://user:x@example.invalid\n",
      "ops/.kube/config": "apiVersion: v1\n",
      "test/fixtures/client.p12": "binary\n",
      ".npmrc": "//registry.npmjs.org/:_authToken=npm_Q8vT2mZ9xR4wK7pN3sB6yH1cJ5dF0gAab\n",
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      [".aws/credentials", "high"],
      [".git-credentials", "high"],
      [".npmrc", "high"],
      ["deploy/id_rsa", "high"],
      ["ops/.kube/config", "high"],
      ["test/fixtures/client.p12", "low"],
    ]);
  });

  it("stays silent on public keys and look-alike names", async () => {
    const findings = await findingsOf(ID, {
      "deploy/id_rsa.pub": "ssh-rsa AAAA\n",
      "docs/credentials.md": "# Credentials\n",
      "config/kube.yaml": "apiVersion: v1\n",
      "src/netrc.py": "import netrc\n",
      "web/.npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nengine-strict=true\n",
    });
    expect(findings).toEqual([]);
  });
});
