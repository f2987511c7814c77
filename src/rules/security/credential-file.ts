// security/credential-file: a file whose name alone says it holds credentials (a private SSH key, a
// .git-credentials/.netrc/.pgpass store, AWS or kube credentials, a key store) is committed.
import type { CredentialFileKind } from "../../facts/secrets/credential-files.js";
import { defineRule } from "../define-rule.js";

const LABEL: Record<CredentialFileKind, string> = {
  "ssh-private-key": "private SSH key",
  "git-credentials": "git credential store (.git-credentials)",
  netrc: "netrc credential file",
  pgpass: "PostgreSQL password file (.pgpass)",
  "aws-credentials": "AWS credentials file",
  "kube-config": "Kubernetes config (cluster credentials)",
  "docker-config": "Docker config (registry credentials)",
  "key-store": "key store (PKCS#12 / Java key store)",
  "package-registry-token": "package registry token or password",
};

export default defineRule({
  id: "security/credential-file",
  area: "security",
  severity: "high",
  title: "Credential file committed",
  effortMinutes: 30,
  confidence: "certain",
  docs: {
    rationale:
      "Some files exist only to hold credentials: private SSH keys, .git-credentials, .netrc, .pgpass, ~/.aws/credentials, kube configs, key stores. Committed, they give everyone with read access the account they unlock.",
    impact:
      "Whoever clones the repository can log in to the servers, registries, clusters or cloud accounts the file opens.",
    fix: "Remove the file from the repository and its history, revoke and rotate what it holds, and add its name to .gitignore.",
    example: {
      language: "text",
      bad: "deploy/id_rsa\n.aws/credentials",
      good: "# .gitignore\nid_rsa\n.aws/",
    },
  },
  notes: [
    "Reported by name alone (id_rsa, id_ed25519, .git-credentials, .netrc, .pgpass, .aws/credentials, .kube/config, kubeconfig, .docker/config.json, *.p12, *.pfx, *.jks, *.keystore), and .npmrc/.yarnrc/.pypirc/.gem/credentials holding a literal token or password (a `${VAR}` reference is fine); what such files contain is also scanned by security/hardcoded-secret.",
    "Files under tests, fixtures or examples are reported low: they usually hold throwaway keys.",
  ],
  applies: (facts) => (facts.secrets ? true : { status: "unknown", reason: "the secret scan did not run" }),
  check({ facts, report }) {
    for (const file of facts.secrets.credentialFiles ?? []) {
      report({
        path: file.path,
        line: 1,
        severity: file.isTest ? "low" : "high",
        message: `${LABEL[file.kind]} committed: ${file.path}`,
        snippet: file.path,
        key: file.kind,
      });
    }
  },
});
