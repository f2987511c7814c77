// go/unused-unexported-function: an unexported Go function that nothing in its package references.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/unused-unexported-function",
  area: "deadcode",
  severity: "low",
  title: "Unused unexported function",
  languages: ["go"],
  effortMinutes: 10,
  docs: {
    rationale:
      "An unexported function can only be used inside its package; when no file of the package names it, it is dead code (staticcheck's U1000). It still has to be read, compiled and kept in step with the code around it.",
    impact: "Readers take it for live behaviour, and changes keep it compiling for nothing.",
    fix: "Delete it, or call it where it was meant to be used.",
    example: {
      bad: "func legacyChecksum(b []byte) uint32 { return crc32.ChecksumIEEE(b) } // called nowhere",
      good: "// deleted; the package uses checksum() everywhere",
    },
  },
  notes: [
    "A function counts as used when any file of its folder (every build variant, tests included) names it, when a `//go:linkname` or cgo `//export` directive names it, when an assembly file of the folder refers to it, or when a generated file of the package mentions it. Methods (which may satisfy an interface), functions without a body, `init`, `main` and functions named like a builtin are not checked.",
  ],
  check({ facts, report }) {
    for (const definition of facts.goSymbols?.unreferenced ?? []) {
      if (definition.kind !== "private-function") continue;
      report({
        path: definition.path,
        line: definition.line,
        endLine: definition.line,
        message: `\`${definition.name}\` is unexported and nothing in ${definition.scope} references it.`,
        key: `${definition.scope}:${definition.name}`,
        searched: definition.searched,
        confidence: definition.confidence,
      });
    }
  },
});
