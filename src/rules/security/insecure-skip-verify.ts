// go/insecure-skip-verify: TLS certificate verification switched off (`InsecureSkipVerify: true`).
import { findKind, isExamplePath, literalKeys } from "../../facts/go/syntax.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/insecure-skip-verify",
  area: "security",
  severity: "high",
  title: "TLS certificate verification disabled (InsecureSkipVerify)",
  effortMinutes: 30,
  confidence: "certain",
  languages: ["go"],
  prefilter: /InsecureSkipVerify/,
  notes: [
    "Only the literal `true` is flagged; a value from configuration is a deliberate, reviewable switch.",
    "Lowered to low in examples/, scripts/ and tools/ folders; tests are not checked.",
  ],
  docs: {
    rationale: "InsecureSkipVerify makes a TLS client accept any certificate for any host.",
    impact:
      "Anyone on the network path can impersonate the server and read or alter the traffic (credentials, tokens, data).",
    fix: "Remove InsecureSkipVerify; trust a private CA through tls.Config.RootCAs instead.",
    example: {
      language: "go",
      bad: "client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}",
      good: "pool := x509.NewCertPool()\npool.AppendCertsFromPEM(caPEM)\nclient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}",
    },
  },
  checkFile({ tree, path, report }) {
    if (!tree) return;
    const severity = isExamplePath(path) ? "low" : undefined;
    for (const literal of findKind(tree, "composite_literal")) {
      const value = literalKeys(literal).get("InsecureSkipVerify");
      if (value?.text() === "true")
        report({
          node: value.parent() ?? value,
          message: "InsecureSkipVerify: true disables TLS certificate verification",
          key: "insecure-skip-verify",
          severity,
        });
    }
    for (const assignment of findKind(tree, "assignment_statement")) {
      if (
        /\.InsecureSkipVerify$/.test(assignment.field("left")?.text() ?? "") &&
        assignment.field("right")?.text() === "true"
      ) {
        report({
          node: assignment,
          message: "InsecureSkipVerify = true disables TLS certificate verification",
          key: "insecure-skip-verify",
          severity,
        });
      }
    }
  },
});
