// node/duplicate-purpose-packages: two HTTP clients or two date libraries declared by one package.
import { defineRule } from "../define-rule.js";

const GROUPS: Record<string, Record<string, string>> = {
  "HTTP client": {
    axios: "axios",
    got: "got",
    "node-fetch": "node-fetch",
    superagent: "superagent",
    ky: "ky",
    request: "request",
    "request-promise": "request",
    "request-promise-native": "request",
    "cross-fetch": "cross-fetch",
    "isomorphic-fetch": "isomorphic-fetch",
    needle: "needle",
    ofetch: "ofetch",
    undici: "undici",
  },
  "date library": {
    moment: "moment",
    "moment-timezone": "moment",
    dayjs: "dayjs",
    "date-fns": "date-fns",
    "date-fns-tz": "date-fns",
    luxon: "luxon",
  },
};

export default defineRule({
  id: "node/duplicate-purpose-packages",
  area: "dependencies",
  severity: "low",
  title: "Two libraries for the same job (HTTP clients, date libraries)",
  effortMinutes: 120,
  confidence: "certain",
  docs: {
    rationale:
      "Two HTTP clients or two date libraries in one package mean two sets of defaults (timeouts, retries, time zones, parsing) and two APIs to keep consistent. Behaviour then depends on which file you are in.",
    impact:
      "Inconsistent timeouts and error handling between call sites, time-zone bugs at the seams, and twice the bundle size and advisories.",
    fix: "Pick one (for HTTP, native fetch or one client wrapped in a shared module; for dates, one of date-fns/dayjs/luxon) and migrate the other call sites.",
    example: {
      language: "json",
      bad: '{ "dependencies": { "axios": "^1.6.0", "node-fetch": "^3.3.0", "moment": "^2.29.0", "dayjs": "^1.11.0" } }',
      good: '{ "dependencies": { "axios": "^1.6.0", "date-fns": "^3.0.0" } }',
    },
  },
  notes: [
    "Counted per package.json over dependencies and optionalDependencies (devDependencies are test tooling). Companion packages (moment-timezone with moment, date-fns-tz with date-fns) count as one family.",
  ],
  applies: (facts) =>
    facts.node && facts.node.packages.length > 0
      ? true
      : { status: "not-applicable", reason: "no package.json" },
  check({ facts, report }) {
    for (const pkg of facts.node.packages) {
      if (pkg.isTest) continue;
      const deps = facts.node.dependencies.declared.filter(
        (d) => d.manifest === pkg.manifest && !d.dev && !pkg.peerNames.includes(d.name),
      );
      for (const [purpose, members] of Object.entries(GROUPS)) {
        const found = deps.filter((d) => members[d.name] !== undefined);
        const families = [...new Set(found.map((d) => members[d.name]))];
        if (families.length < 2) continue;
        const second = found.find((d) => members[d.name] !== members[found[0]?.name ?? ""]) ?? found[1];
        if (!second) continue;
        report({
          path: pkg.manifest,
          line: second.line,
          message: `${families.length} ${purpose === "date library" ? "date libraries" : `${purpose}s`} in one package: ${found.map((d) => d.name).join(", ")}`,
          key: `${pkg.manifest}:${purpose}`,
          related: found.map((d) => ({ path: d.manifest, startLine: d.line, endLine: d.line })),
        });
      }
    }
  },
});
