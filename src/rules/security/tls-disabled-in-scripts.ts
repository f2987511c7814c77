// node/tls-disabled-in-scripts: npm scripts that run Node with NODE_TLS_REJECT_UNAUTHORIZED=0.
import { defineRule } from "../define-rule.js";

const DISABLED = /\bNODE_TLS_REJECT_UNAUTHORIZED\s*=\s*["']?0\b/;

export default defineRule({
  id: "node/tls-disabled-in-scripts",
  area: "security",
  severity: "high",
  title: "npm script disables TLS verification (NODE_TLS_REJECT_UNAUTHORIZED=0)",
  effortMinutes: 20,
  confidence: "certain",
  docs: {
    rationale:
      "NODE_TLS_REJECT_UNAUTHORIZED=0 in a script turns off certificate verification for every HTTPS, database and queue connection the process opens. Scripts get copied into Dockerfiles and deploy commands, so a local workaround becomes production configuration.",
    impact:
      "Any machine on the network path can impersonate upstream services and read or alter credentials and data in transit.",
    fix: "Remove the variable; trust the private or self-signed CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem instead.",
    example: {
      language: "json",
      bad: '"scripts": { "start": "NODE_TLS_REJECT_UNAUTHORIZED=0 node dist/server.js" }',
      good: '"scripts": { "start": "NODE_EXTRA_CA_CERTS=./certs/internal-ca.pem node dist/server.js" }',
    },
  },
  notes: [
    "Scripts whose name says they are for local development or tests (dev, test, e2e, storybook …) are lowered to medium; manifests under test/fixture paths are skipped.",
  ],
  applies: (facts) =>
    facts.node && facts.node.packages.length > 0
      ? true
      : { status: "not-applicable", reason: "no package.json" },
  check({ facts, report }) {
    for (const pkg of facts.node.packages) {
      if (pkg.isTest) continue;
      for (const script of pkg.scripts) {
        if (!DISABLED.test(script.command)) continue;
        const local = /(^|:)(dev|develop|local|test|e2e|storybook|watch)\b/.test(script.name);
        report({
          path: pkg.manifest,
          line: script.line,
          message: `script "${script.name}" runs with NODE_TLS_REJECT_UNAUTHORIZED=0: TLS certificates are not verified`,
          severity: local ? "medium" : "high",
          key: `${pkg.manifest}:${script.name}`,
        });
      }
    }
  },
});
