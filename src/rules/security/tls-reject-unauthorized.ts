// node/tls-reject-unauthorized: TLS certificate verification turned off (rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0).
import { isToolingPath } from "../../facts/node/ast.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "node/tls-reject-unauthorized",
  area: "security",
  severity: "high",
  title: "TLS certificate verification disabled",
  effortMinutes: 30,
  confidence: "certain",
  languages: ["typescript", "tsx", "javascript"],
  prefilter: /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED/,
  docs: {
    rationale:
      "rejectUnauthorized: false and NODE_TLS_REJECT_UNAUTHORIZED=0 accept any certificate, so TLS no longer authenticates the server. Setting the environment variable disables verification for every connection the process makes.",
    impact:
      "Anyone on the network path can impersonate the database, API or identity provider and read or alter the traffic, credentials included.",
    fix: "Keep verification on; trust a private CA with the `ca` option or NODE_EXTRA_CA_CERTS instead.",
    example: {
      language: "typescript",
      bad: "const agent = new https.Agent({ rejectUnauthorized: false });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
      good: "const agent = new https.Agent({ ca: readFileSync(process.env.INTERNAL_CA_PATH!) });",
    },
  },
  notes: [
    "Values computed at run time (`rejectUnauthorized: !isDev`) are not reported.",
    "Scripts, tools and examples are lowered to medium.",
  ],
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const severity = isToolingPath(path) ? "medium" : "high";
    for (const pair of tree.findAll({ rule: { kind: "pair" } })) {
      const key = pair
        .field("key")
        ?.text()
        .replace(/^["']|["']$/g, "");
      const value = pair
        .field("value")
        ?.text()
        .replace(/^["'`]|["'`]$/g, "");
      if (
        (key === "rejectUnauthorized" && value === "false") ||
        (key === "NODE_TLS_REJECT_UNAUTHORIZED" && value === "0")
      ) {
        report({
          node: pair,
          message: `${key}: ${value} turns off TLS certificate verification`,
          severity,
          key: `${key}=${value}`,
        });
      }
    }
    for (const assignment of tree.findAll({ rule: { kind: "assignment_expression" } })) {
      const left = assignment.field("left")?.text().replace(/\s/g, "") ?? "";
      const right = assignment
        .field("right")
        ?.text()
        .replace(/^["'`]|["'`]$/g, "");
      if (/NODE_TLS_REJECT_UNAUTHORIZED["'\]]*$/.test(left) && right === "0") {
        report({
          node: assignment,
          message: "NODE_TLS_REJECT_UNAUTHORIZED = 0 turns off TLS verification for the whole process",
          severity,
          key: "NODE_TLS_REJECT_UNAUTHORIZED=0",
        });
      }
    }
  },
});
