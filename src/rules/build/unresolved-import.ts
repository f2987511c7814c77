// python/unresolved-import: an import of this repository's own package that names a module or a name that does
// not exist — ImportError when the import runs.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "python/unresolved-import",
  area: "build",
  severity: "high",
  title: "Fails at import: module or name missing from the repository's own package",
  languages: ["python"],
  effortMinutes: 15,
  docs: {
    rationale:
      "`from app.billing import charge_card` runs when the module is imported: if `app/billing.py` binds no `charge_card` (renamed, moved, deleted) or `app/billing.py` does not exist, Python raises ImportError there. Nothing compiles Python ahead of time, so the first process that imports the module — a web worker at start-up, a task at its first run — is the one that finds out.",
    impact:
      "The module and everything that imports it fail to load: a service that does not start, a command or task that crashes on its first run, a test module that is skipped as an error.",
    fix: "Import the name from the module that now holds it (check the spelling, a rename or a move), add the missing definition, or restore the module; run the test suite or `python -c 'import <module>'` in CI so the next one is caught before release.",
    example: {
      bad: "# app/billing.py defines charge() only\nfrom app.billing import charge_card",
      good: "from app.billing import charge",
    },
  },
  notes: [
    "Only imports of this repository's packages are checked: a top-level folder with an `__init__.py` (at the root, under `src/` or any other folder that is not itself a package) gives the package name; relative imports (`from .x import y`) are resolved from the importing file's package. Imports of installed packages are never looked up.",
    "A name is found when the module binds it at top level — a function, a class, an assignment, an import, inside top-level `if`/`try`/`with` blocks too, or a `global` statement — or re-exports it with `import *` from another module of the repository, or when it is a submodule (`from pkg import sub`).",
    'A reference stays undecided, and is not reported, when the import sits in a `try` that catches ImportError or under an `if` that checks the module exists (`os.path.exists("hc/local_settings.py")`, `find_spec`), when the file is a Semgrep rule\'s test target (beside a `.yaml` of the same name declaring `rules:`), when the module has a `__getattr__` or writes to `globals()`, re-exports `*` from an installed package, has a syntax error or was not analysed, is a C extension, stub or namespace folder, or is one the build writes (protobuf output when `.proto` files exist, a path ignored by a `.gitignore`, a file named in a build file such as `pyproject.toml`).',
    "Severity is lowered to medium in test files, which no release runs, in modules that only test files import (a test plugin kept in the package: the tests using it fail, not the service), for imports under `if TYPE_CHECKING:`, which only the type checker reads, and for an import under an `if` inside a function (`if settings.MULTI_ORGANIZATIONS: from app.orgs.models import Org`): it fails only when that branch runs, and a module missing there is often an optional feature or edition kept out of the repository.",
  ],
  check({ facts, report }) {
    for (const reference of facts.pythonSymbols?.unresolved ?? []) {
      const missingModule = reference.name === reference.scope;
      const hint =
        reference.nearby.length > 0
          ? ` Did you mean ${reference.nearby.map((n) => `\`${n}\``).join(", ")}?`
          : "";
      const name = reference.name.split(" from ")[0] ?? reference.name;
      const testsOnly = reference.importedOnlyByTests
        ? " (only test files import this module: the tests that load it fail)"
        : reference.conditional
          ? " when the branch importing it runs (it is imported under an `if` inside a function, as an optional feature's module is: check that the feature can be switched on in this repository)"
          : "";
      report({
        path: reference.path,
        line: reference.line,
        message: missingModule
          ? `\`${reference.name}\` does not exist in this repository, so this import raises ImportError${reference.typeOnly ? " for the type checker (the import is under TYPE_CHECKING)" : ""}${testsOnly}.${hint}`
          : `\`${name}\` is not defined in ${reference.scope} (nor a submodule of it), so this import raises ImportError${reference.typeOnly ? " for the type checker (the import is under TYPE_CHECKING)" : ""}${testsOnly}.${hint}`,
        key: reference.name,
        searched: reference.searched,
        confidence: reference.confidence,
        ...(reference.isTest || reference.typeOnly || reference.importedOnlyByTests || reference.conditional
          ? { severity: "medium" as const }
          : {}),
      });
    }
  },
});
