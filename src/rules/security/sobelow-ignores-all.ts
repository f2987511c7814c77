// phoenix/sobelow-ignores-all: `.sobelow-conf` ignores every Sobelow check family or every file, so the security
// scan reports nothing whatever the code does.
import { hasMixProject } from "../../facts/elixir/applies.js";
import { defineRule } from "../define-rule.js";

/** Sobelow's top-level check families (`mix sobelow --details` lists them). */
const FAMILIES = ["Config", "XSS", "SQL", "Traversal", "RCE", "Misc", "DOS", "CI", "Vuln"];

export default defineRule({
  id: "phoenix/sobelow-ignores-all",
  area: "security",
  severity: "medium",
  title: "Sobelow configured to ignore everything",
  effortMinutes: 30,
  docs: {
    rationale:
      "A `.sobelow-conf` whose `ignore` lists every check family (or whose `ignore_files` covers `lib/`) turns the security scan into a step that always passes: CI shows a Sobelow job, but it looks at nothing.",
    impact:
      "XSS, SQL injection, path traversal and insecure configuration in the Phoenix app go unreported while the pipeline suggests they are checked.",
    fix: 'Ignore single checks (`"Config.CSP"`), not families, and mark accepted findings in the code with `# sobelow_skip ["Check.Name"]` or a `.sobelow-skips` file (`mix sobelow --mark-skip-all`, then `skip: true`) so new findings still fail the build.',
    example: {
      language: "elixir",
      bad: '[\n  exit: :low,\n  ignore: ["Config", "XSS", "SQL", "Traversal", "RCE", "Misc", "DOS", "CI", "Vuln"]\n]',
      good: '[\n  exit: :low,\n  skip: true,\n  ignore: ["Config.CSP"]\n]',
    },
  },
  notes: [
    'Reads the first `.sobelow-conf` of the repository. A family is ignored when `ignore` names it (`"XSS"`); a single check (`"XSS.Raw"`) leaves the rest of its family running. `ignore_files` covering `lib` ignores the application code.',
    "A Phoenix app with no Sobelow run in CI at all is reported by ci/missing-gate.",
  ],
  applies(facts) {
    const base = hasMixProject(facts);
    if (base !== true) return base;
    return facts.elixir.sobelowSettings ? true : { status: "not-applicable", reason: "no .sobelow-conf" };
  },
  check({ facts, report }) {
    const conf = facts.elixir.sobelowSettings;
    if (!conf) return;
    const families = new Set(conf.ignore.filter((item) => !item.includes(".")));
    const allFamilies = FAMILIES.every((family) => families.has(family));
    const libIgnored = conf.ignoreFiles.some((file) => /^(?:\.\/)?lib\/?$/.test(file));
    if (!allFamilies && !libIgnored) return;
    report({
      path: conf.path,
      line: conf.ignoreLine ?? 1,
      message: allFamilies
        ? `${conf.path} ignores every Sobelow check family (${FAMILIES.join(", ")}): the scan cannot report anything`
        : `${conf.path} ignores the files under lib/ (ignore_files): the scan does not read the application code`,
      key: conf.path,
    });
  },
});
