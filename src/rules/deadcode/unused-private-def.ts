// python/unused-private-def: a top-level `_private` function nothing in the repository names.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "python/unused-private-def",
  area: "deadcode",
  severity: "low",
  title: "Unused private function",
  languages: ["python"],
  effortMinutes: 10,
  confidence: "heuristic",
  docs: {
    rationale:
      'A module-level function whose name starts with an underscore is meant for its own module; when nothing there or anywhere else names it, it is dead code (vulture\'s "unused function"). It still has to be read and kept working.',
    impact: "Readers take it for live behaviour, and refactorings keep it compiling for nothing.",
    fix: "Delete it, or call it where it was meant to be used.",
    example: {
      bad: "def _legacy_checksum(data):  # named nowhere\n    return sum(data) % 256\n",
      good: "# deleted; the module uses _checksum() everywhere",
    },
  },
  notes: [
    "A private function counts as used when its name occurs anywhere in its own file beyond its `def` (calls, references, strings, comments) or in any other file of the repository (Python code importing it, templates, configuration). Decorated functions (a decorator usually registers them), tests, migrations, scripts and modules another file looks names up in with `getattr(module, name)` are not checked.",
    'Functions kept on purpose are not reported: a deprecated or backward-compatibility stub (its docstring or the comment at its head says so: `"""[DEPRECATED] …"""`, `# retained for backwards compatibility`), and a hook for tests (`_cleanup_tests`, a docstring saying it is for testing), whose callers may live outside the tree (an installed standard library ships without its test suite).',
  ],
  check({ facts, report }) {
    for (const definition of facts.pythonSymbols?.unreferenced ?? []) {
      if (definition.kind !== "private-function") continue;
      report({
        path: definition.path,
        line: definition.line,
        endLine: definition.line,
        message: `\`${definition.name}\` is private to ${definition.scope} and nothing in the repository names it.`,
        key: `${definition.scope}:${definition.name}`,
        searched: definition.searched,
        confidence: definition.confidence,
      });
    }
  },
});
