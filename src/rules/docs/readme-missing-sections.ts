// docs/readme-missing-sections: the README has no install, usage or test section.
import type { ReadmeSection } from "../../facts/docs/index.js";
import { defineRule } from "../define-rule.js";

const REQUIRED: ReadmeSection[] = ["install", "usage", "test"];

export default defineRule({
  id: "docs/readme-missing-sections",
  area: "docs",
  severity: "low",
  title: "README lacks install, usage or test instructions",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: ["Sections are found by heading words (Installation/Setup/Getting started, Usage/Examples/Running, Testing/Development). One finding listing the missing sections."],
  docs: {
    rationale: "The README is where new contributors and users start; if it does not say how to install, run and test the project, each newcomer reverse-engineers it from CI files.",
    impact: "Slow onboarding and inconsistent local set-ups that do not match CI.",
    fix: "Add short Installation, Usage and Testing sections with copy-pasteable commands.",
    example: { language: "markdown", bad: "# Orders service\nHandles orders.", good: "# Orders service\n## Installation\n    npm ci\n## Usage\n    npm start\n## Testing\n    npm test" },
  },
  applies: (facts) => (facts.docs?.readme ? true : { status: "not-applicable", reason: "no README" }),
  check({ facts, report }) {
    const readme = facts.docs.readme;
    if (!readme) return;
    const missing = REQUIRED.filter((s) => readme.sections[s] === undefined);
    if (missing.length === 0) return;
    report({
      path: readme.path,
      line: 1,
      message: `README has no ${missing.join(", ")} section${missing.length > 1 ? "s" : ""}`,
      key: `missing:${missing.join(",")}`,
      snippet: `headings: ${readme.headings.map((h) => h.text).slice(0, 12).join(" | ") || "none"}`,
      searched: `${readme.headings.length} headings of ${readme.path}`,
    });
  },
});
