// generic/empty-source-file: source files with no code at all (only blank lines or comments).
import { isCodeLanguage } from "../../model/language.js";
import { defineRule } from "../define-rule.js";

/** Files that are empty by convention (package markers, keep-files). */
const CONVENTIONALLY_EMPTY = /(^|\/)(__init__\.py|\.gitkeep|\.keep|py\.typed|index\.d\.ts)$/;

export default defineRule({
  id: "generic/empty-source-file",
  area: "deadcode",
  severity: "low",
  title: "Empty source file",
  effortMinutes: 5,
  docs: {
    rationale:
      "A source file with no code is a leftover: a stub someone meant to fill, or a module that was emptied and never deleted.",
    impact:
      "Readers look for behaviour that is not there; tooling and imports may pick the empty module over the real one.",
    fix: "Delete the file, or write the module it was meant to hold.",
    example: { language: "text", bad: "# lib/tools/knowledge_temp.ex (0 bytes)", good: "# (file removed)" },
  },
  notes: [
    "Python `__init__.py` package markers and `py.typed` are expected to be empty and are not reported; neither are files under test folders (test data is often empty on purpose).",
  ],
  check({ facts, report }) {
    for (const file of facts.files) {
      if (file.isTest || !isCodeLanguage(file.language) || CONVENTIONALLY_EMPTY.test(file.path)) continue;
      if (file.lines.code > 0) continue;
      report({
        path: file.path,
        line: 1,
        message:
          file.bytes === 0
            ? `${file.path} is empty (0 bytes)`
            : `${file.path} has no code (${file.lines.comment} comment and ${file.lines.blank} blank lines)`,
        snippet: "",
        key: "empty",
      });
    }
  },
});
