// generic/env-undocumented: environment variables the code reads that no `.env` sample documents.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "generic/env-undocumented",
  area: "config",
  severity: "low",
  title: "Environment variable read by code but not documented in a .env sample",
  effortMinutes: 10,
  languages: ["elixir", "go", "python", "javascript", "typescript", "tsx"],
  docs: {
    rationale:
      "Every variable the code reads is part of the service's deployment contract. When the sample file does not list it, the next person to deploy learns about it from a crash or a wrong default.",
    impact:
      "Onboarding friction and misconfigured deployments: a missing variable silently falls back to a default or fails at run time.",
    fix: "List every variable in `.env.example` (with a placeholder value and a comment), and keep it in step with the code.",
    example: {
      language: "text",
      bad: "# .env.example\nDATABASE_URL=postgres://localhost/app",
      good: "# .env.example\nDATABASE_URL=postgres://localhost/app\n# Required in production\nSECRET_KEY_BASE=change-me",
    },
  },
  notes: [
    "Reads in test files are not counted. When the repository has no sample file at all, one repository-level finding lists every variable read.",
  ],
  applies: (facts) =>
    facts.env && facts.env.readNames.length > 0
      ? true
      : { status: "not-applicable", reason: "the code reads no environment variable by a literal name" },
  check({ facts, report }) {
    const env = facts.env;
    const production = env.reads.filter((read) => !read.isTest);
    if (env.samples.length === 0) {
      report({
        message: `${env.readNames.length} environment variable(s) are read by the code and no .env sample documents them: ${env.readNames.join(", ")}`,
        searched:
          ".env.example, .env.sample, .env.template, .env.dist, example.env and their variants, and other *.example/*.sample/*.template/*.dist files made of NAME=value lines, anywhere in the repository",
        snippet: env.readNames
          .slice(0, 20)
          .map((name) => {
            const first = production.find((read) => read.name === name);
            return first ? `${name}: ${first.path}:${first.line}` : name;
          })
          .join("\n"),
        key: "no-sample",
      });
      return;
    }
    const documented = new Set(env.documentedNames);
    for (const name of env.readNames) {
      if (documented.has(name)) continue;
      const sites = production.filter((read) => read.name === name);
      const first = sites[0];
      if (!first) continue;
      report({
        path: first.path,
        line: first.line,
        message: `${name} is read here${sites.length > 1 ? ` and in ${sites.length - 1} other place(s)` : ""} but is not in ${env.samples.map((s) => s.path).join(", ")}`,
        snippet: first.call,
        key: name,
      });
    }
  },
});
