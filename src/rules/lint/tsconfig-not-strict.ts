// node/tsconfig-not-strict: a tsconfig whose effective options (after `extends`) do not turn on `strict`.
import { isTestPath } from "../../repo/path-kind.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "node/tsconfig-not-strict",
  area: "lint",
  severity: "medium",
  title: "tsconfig without strict mode",
  effortMinutes: 240,
  confidence: "certain",
  docs: {
    rationale:
      "Without `strict`, TypeScript lets implicit `any`, unchecked null/undefined and unsound function types through. Most runtime TypeErrors in TS code are exactly what strictNullChecks would have caught.",
    impact:
      "`Cannot read properties of undefined` crashes in production that the compiler could have prevented, and types that give false confidence during refactors.",
    fix: 'Set `"strict": true` in compilerOptions (or extend a strict base such as @tsconfig/strictest); fix errors file by file, using `// @ts-expect-error` sparingly while migrating.',
    example: {
      language: "json",
      bad: '{ "compilerOptions": { "target": "ES2022" } }',
      good: '{ "compilerOptions": { "target": "ES2022", "strict": true } }',
    },
  },
  notes: [
    "`extends` is followed inside the repository; configs extending a package (e.g. @tsconfig/node20) without setting strict themselves are not judged, since the base is not available offline.",
    'Solution-style configs (`"files": []` with references), configs with both noImplicitAny and strictNullChecks on, and configs under test/fixture paths are skipped; test-only configs (tsconfig.spec.json, tsconfig.test.json) are lowered to low.',
  ],
  applies: (facts) =>
    facts.node && facts.node.tsconfigs.length > 0
      ? true
      : { status: "not-applicable", reason: "no tsconfig.json" },
  check({ facts, report }) {
    for (const ts of facts.node.tsconfigs) {
      if (ts.solution || isTestPath(ts.path)) continue;
      const options = ts.compilerOptions;
      if (options.strict === true) continue;
      if (options.strict === undefined && ts.externalBase) continue;
      if (options.noImplicitAny === true && options.strictNullChecks === true) continue;
      const at = ts.optionSources.strict;
      report({
        path: at?.path ?? ts.path,
        line: at?.line ?? 1,
        message:
          options.strict === false
            ? `${ts.path} sets "strict": false`
            : `${ts.path} does not enable "strict"${ts.extends.length > 0 ? ` (nor does ${ts.extends.join(", ")})` : ""}`,
        key: `tsconfig-not-strict:${ts.path}`,
        severity: /tsconfig\.(spec|test|e2e)[^/]*\.json$/.test(ts.path) ? "low" : "medium",
      });
    }
  },
});
