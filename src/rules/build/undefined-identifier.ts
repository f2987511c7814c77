// go/undefined-identifier: a Go package that does not compile — a name resolves in no scope of its package.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "go/undefined-identifier",
  area: "build",
  severity: "high",
  title: "Does not compile: undefined identifier",
  languages: ["go"],
  effortMinutes: 20,
  docs: {
    rationale:
      "A Go file that names something no scope of its package declares does not compile (`undefined: X`). The package, and every binary and test that imports it, cannot be built from this commit.",
    impact:
      "The build and the tests fail; nothing of this commit can be released, and whatever CI reports about it is stale.",
    fix: "Declare the missing name, import the package that declares it, or correct the name (a rename that missed some uses, a deleted helper still called).",
    example: {
      bad: "// engine.go\nfunc Start() { m := NewDreamManager() } // declared nowhere in the package",
      good: "// dream_manager.go\nfunc NewDreamManager() *DreamManager { return &DreamManager{} }",
    },
  },
  notes: [
    "A package is the Go files of one folder with one package clause, across every build-constraint variant: a name declared for any OS or architecture counts as declared. Its scope is the package-level declarations of all those files (generated files included, read line by line), the file's imports and dot-imports, and Go's predeclared names; `pkg.Name` is checked against the package an import path names when that package is in the repository.",
    "A name stays undecided, and is not reported, when the package has a syntax error, a file the index could not read, a dot-import of a package outside the repository (capitalised names), or an import whose package name the path does not give, or a `//go:generate` directive that writes a Go file into the folder (`mockgen -destination ./mock_x.go`, `-o`, `-output`) which the repository does not hold (a gitignored mock `go generate` makes before the tests); files built only by gccgo are not checked. cgo's `C.` references are never checked.",
    "Severity is lowered to medium in `_test.go` files: the tests do not build, the program does.",
  ],
  check({ facts, report }) {
    for (const reference of facts.goSymbols?.unresolved ?? []) {
      const qualified = reference.name.includes(".");
      const hint =
        reference.nearby.length > 0
          ? ` Did you mean ${reference.nearby.map((n) => `\`${n}\``).join(", ")}?`
          : "";
      report({
        path: reference.path,
        line: reference.line,
        message: qualified
          ? `\`${reference.name}\` is undefined: ${reference.scope} declares no \`${reference.name.split(".")[1]}\`, so this file does not compile.${hint}`
          : `\`${reference.name}\` is undefined: no declaration in ${reference.scope}, its imports or Go's predeclared names, so the package does not compile.${hint}`,
        key: `${reference.scope}:${reference.name}`,
        searched: reference.searched,
        confidence: reference.confidence,
        ...(reference.isTest ? { severity: "medium" as const } : {}),
      });
    }
  },
});
