// ci/grep-ban-fails: a CI step that fails when a search of the tree finds a pattern, while the tracked files
// contain it today (the pattern is evaluated by facts/ci against the repository, never by running the shell).
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "ci/grep-ban-fails",
  area: "ci",
  severity: "medium",
  title: "CI ban on a pattern that the code still contains",
  effortMinutes: 30,
  confidence: "heuristic",
  notes: [
    'Recognised bans: `! grep …`, `grep … && exit 1`, `if grep …; then … exit 1`, `test -z "$(grep …)"` with grep (`-r` over folders, or named files), `git grep` and `rg`; patterns in basic, extended, fixed or Perl syntax with -i/-w/-x, and --include/--exclude/--exclude-dir/-g filters. Searches that read a pipe or a variable, invert or count matches are not judged.',
    "Evaluated against the repository's tracked files: files a job creates before the step (dependencies, build output) are not searched, so a finding is a lower bound on what the step sees.",
    "A ban in a job that never runs, or whose failure is ignored, still reports: the ban does not hold either way.",
  ],
  docs: {
    rationale:
      "A step that greps the tree for a forbidden call and fails on a match is a cheap architectural rule. When the tree already contains matches, the step is red on every run, so it was made optional, skipped or ignored, and the ban holds nothing back.",
    impact: "The forbidden pattern spreads while the workflow file suggests it is banned.",
    fix: "Remove the remaining matches (the finding lists them), or narrow the pattern to what is really banned, then keep the step required.",
    example: {
      language: "yaml",
      bad: "- run: '! grep -rn \"Process.put\" lib'   # lib/cache.ex:12 still calls it",
      good: "- run: '! grep -rn \"Process.put\" lib'   # after moving lib/cache.ex to an Agent",
    },
  },
  applies: (facts) =>
    (facts.ci?.workflows.length ?? 0) > 0 ? true : { status: "not-applicable", reason: "no CI workflows" },
  check({ facts, report }) {
    for (const ban of facts.ci.grepBans ?? []) {
      if (ban.matchCount === 0) continue;
      const shown = ban.matches.slice(0, 5).map((m) => `${m.path}:${m.line}`);
      report({
        path: ban.path,
        line: ban.line,
        message: `This step fails today: \`${ban.command.length > 100 ? `${ban.command.slice(0, 97)}...` : ban.command}\` in job ${ban.job} matches ${ban.matchCount} line${ban.matchCount > 1 ? "s" : ""} of the tracked files (${shown.join(", ")}${ban.matchCount > shown.length ? `, and ${ban.matchCount - shown.length} more` : ""})`,
        key: `${ban.job}:${ban.command}`,
        snippet: ban.matches
          .slice(0, 5)
          .map((m) => `${m.path}:${m.line}: ${m.text}`)
          .join("\n"),
      });
    }
  },
});
