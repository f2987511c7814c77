// elixir/undefined-remote-call: `Mod.fun(args)` where Mod is this repository's module and defines no public fun of that arity.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/undefined-remote-call",
  area: "errors",
  severity: "high",
  title: "Call to a function the module does not define",
  languages: ["elixir"],
  effortMinutes: 20,
  docs: {
    rationale:
      "Elixir compiles a remote call to a function that does not exist with only a warning (`X.fun/2 is undefined or private`); the call raises UndefinedFunctionError when it runs. When the module is this repository's own, the index can tell for sure.",
    impact:
      "The code path crashes the process that runs it (a request, a job, a GenServer) every time it is reached.",
    fix: "Call a function the module defines (check the name and the number of arguments, pipes included), add the missing function, or make a private one public if it is meant to be called from outside.",
    example: {
      bad: "def answer(q), do: CodeSearch.search(q, limit: 5) # CodeSearch defines index/1 only",
      good: "def answer(q), do: CodeSearch.index(q)",
    },
  },
  notes: [
    "Only calls to modules defined in the repository are checked, after `alias` (with `as:` and `{}`), nesting, `__MODULE__` and the aliases a `use`d module's `quote` injects (`use MyAppWeb, :router` aliasing `MyAppWeb.Router.Helpers`) are expanded; arities count a piped value and a `do` block, and a capture `&Mod.fun/2` gives its own. A function with default arguments accepts every arity in its range; `defdelegate`, `defstruct`, `defexception`, protocols, the template functions `EEx.function_from_string`/`function_from_file` define, the parsers NimbleParsec's `defparsec` (public) and `defparsecp` (private) define and the functions `use GenServer`, `use Ecto.Schema`, `use Oban.Worker` and a few other well-known libraries define are known.",
    "A module that `use`s anything else (an in-repo module's `__using__`, a library not listed), imports macros from this repository, has `@before_compile` or defines functions with computed names may define any function: calls into it are undecided and not reported. Calls inside `quote` blocks, typespecs and Mock's `called(...)`/`assert_called(...)` patterns are not calls, nor is `Mod.t()` in a module body outside any function (an argument of a macro such as Membrane's `def_options spec:`) when Mod declares the type `t/0`.",
    "A test's call of a private function is not reported when the project depends on Publicist, which makes private functions public in the test environment.",
    "Severity is lowered to medium in tests and `.exs` scripts, which no release runs, and to low in database migrations (`migrations/`), which run once per database: the deployed ones have run them already.",
  ],
  check({ facts, report }) {
    // Publicist makes the private functions of the modules that `use` it public in the test environment.
    const publicist = (facts.elixir?.dependencies.declared ?? []).some((dep) => dep.name === "publicist");
    for (const call of facts.elixirSymbols?.unresolved ?? []) {
      const privateHint = call.nearby[0]?.startsWith("private: ");
      if (privateHint && publicist && call.isTest) continue;
      const detail = privateHint
        ? `${call.scope} defines it only as a private function (${call.nearby[0]?.slice("private: ".length)}), which no other module can call`
        : call.nearby.length > 0
          ? `${call.scope} defines ${call.nearby.map((n) => `\`${n}\``).join(", ")}, not this arity`
          : `${call.scope} defines no function of that name`;
      // A migration runs once per database, and every deployed database has run the old ones.
      const migration = /(^|\/)migrations\//.test(call.path) && !call.isTest;
      const script = call.isTest || call.path.endsWith(".exs");
      report({
        path: call.path,
        line: call.line,
        message: `\`${call.name}\` is undefined or private: ${detail}; the call raises UndefinedFunctionError when it runs.`,
        key: call.name,
        searched: call.searched,
        confidence: call.confidence,
        ...(migration ? { severity: "low" as const } : script ? { severity: "medium" as const } : {}),
      });
    }
  },
});
