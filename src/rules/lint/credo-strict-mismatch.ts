// elixir/credo-strict-mismatch: .credo.exs says `strict: false` while CI runs `mix credo --strict` (or the reverse).
import { hasMixProject } from "../../facts/elixir/applies.js";
import { lineOfText, unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/credo-strict-mismatch",
  area: "lint",
  severity: "low",
  title: "Credo strictness differs between .credo.exs and CI",
  effortMinutes: 15,
  docs: {
    rationale:
      "`mix credo` follows `strict:` in .credo.exs; a CI step that passes `--strict` (or `--no-strict`) against it makes local and CI runs report different issues.",
    impact:
      "Developers see a clean run locally and a failing CI (or CI lets through what the config means to enforce).",
    fix: "Set `strict: true` in .credo.exs and run plain `mix credo` in CI, so one file decides.",
    example: {
      bad: "# .credo.exs\nstrict: false\n# ci.yml\nrun: mix credo --strict",
      good: "# .credo.exs\nstrict: true\n# ci.yml\nrun: mix credo",
      language: "elixir",
    },
  },
  notes: [
    "Plain `mix credo` in CI is consistent with any `strict:` value (it reads the file); only `--strict` against `strict: false`/unset and `--no-strict` against `strict: true` are reported.",
    "`--strict` in CI against an explicit `strict: false` gets a ready-to-apply patch setting `strict: true` in .credo.exs (CI already enforces it, so local runs only catch up), when the file has a single `strict:` key. `--no-strict` against `strict: true`, or an unset key, is a decision left to a person.",
  ],
  applies: (facts) => {
    const base = hasMixProject(facts);
    if (base !== true) return base;
    if (!facts.ci) return { status: "unknown", reason: "CI facts were not collected" };
    if (!facts.elixir.credo) return { status: "not-applicable", reason: "no .credo.exs" };
    return facts.ci.gates.some((gate) => gate.tool === "credo")
      ? true
      : { status: "not-applicable", reason: "CI runs no credo step" };
  },
  check({ facts, report, readText }) {
    const credo = facts.elixir.credo;
    if (!credo || !facts.ci) return;
    for (const gate of facts.ci.gates) {
      if (gate.tool !== "credo") continue;
      // `mix credo` follows `strict:` from .credo.exs; only an explicit flag that contradicts it is a mismatch.
      const ciStrict = /--strict\b/.test(gate.command)
        ? true
        : /--no-strict\b/.test(gate.command)
          ? false
          : null;
      const configStrict = credo.strict === true;
      if (ciStrict === null || ciStrict === configStrict) continue;
      report({
        path: gate.path,
        line: gate.line,
        message: ciStrict
          ? `CI runs \`${gate.command}\` while ${credo.path} sets strict: ${credo.strict === null ? "(unset, false)" : "false"}, so local runs are less strict`
          : `CI runs \`${gate.command}\` while ${credo.path} sets strict: true`,
        key: `${gate.path}:${gate.job}`,
        related: [{ path: credo.path, startLine: credo.strictLine ?? 1, endLine: credo.strictLine ?? 1 }],
        patch:
          ciStrict && credo.strict === false && credo.strictLine !== null
            ? strictInConfig(credo.path, credo.strictLine, readText(credo.path))
            : null,
      });
    }
  },
});

/** `strict: false` → `strict: true` on the given line of a .credo.exs that has no other `strict:` key. */
function strictInConfig(path: string, line: number, text: string | null): string | null {
  if (text === null || (text.match(/\bstrict:/g) ?? []).length !== 1) return null;
  const at = lineOfText(text, line);
  const match = at === null ? null : /\bstrict:\s*false\b/.exec(at.content);
  if (at === null || !match) return null;
  const start = at.start + match.index + match[0].length - "false".length;
  return unifiedDiffForEdit(path, text, start, start + "false".length, "true");
}
