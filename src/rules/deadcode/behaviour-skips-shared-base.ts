// generic/behaviour-skips-shared-base: most implementations of an in-repo contract build on one shared in-repo
// module (an Elixir `use`, a Python mixin or second base class) and a few do not — the few usually lack what the
// shared module adds (persistence, permissions, retries, auditing).
import { symbolIndexes, type SymbolEcosystem } from "../../facts/symbols/index.js";
import type { ContractFamily } from "../../facts/symbols/model.js";
import { defineRule } from "../define-rule.js";

/**
 * Per ecosystem, whether a clear majority may make the finding medium. Elixir: a shared `use` injects behaviour
 * (persistence, supervision) every implementation is expected to have. Python: a mixin is often a feature only
 * some subclasses need (tags on every model but the timer), so the finding stays low.
 */
const ECOSYSTEMS: Array<[SymbolEcosystem, boolean]> = [
  ["elixir", true],
  ["python", false],
];

/** Fewest implementations for a majority to mean anything, and the share that makes it one. */
const MIN_MEMBERS = 4;
const MIN_SHARING = 3;
const MAJORITY = 0.7;

interface Skip {
  family: ContractFamily;
  shared: string;
  sharing: number;
  skippers: ContractFamily["members"];
}

/** The shared module most members build on, when a clear majority does and a few do not. */
function skipOf(family: ContractFamily): Skip | null {
  // The shared module may itself implement the contract (`PersistentAgent` is an agent too): it is not a skipper.
  const members = family.members;
  if (members.length < MIN_MEMBERS) return null;
  const counts = new Map<string, number>();
  for (const member of members)
    for (const shared of member.shared) counts.set(shared, (counts.get(shared) ?? 0) + 1);
  let best: [string, number] | null = null;
  for (const [shared, count] of counts)
    if (!best || count > best[1] || (count === best[1] && shared < best[0])) best = [shared, count];
  if (!best) return null;
  const [shared, sharing] = best;
  const candidates = members.filter((member) => member.name !== shared);
  const skippers = candidates.filter((member) => !member.shared.includes(shared));
  if (sharing < MIN_SHARING || skippers.length === 0 || sharing / candidates.length < MAJORITY) return null;
  return { family, shared, sharing, skippers };
}

export default defineRule({
  id: "generic/behaviour-skips-shared-base",
  area: "deadcode",
  severity: "low",
  title: "A few implementations skip the base the others share",
  effortMinutes: 30,
  confidence: "heuristic",
  languages: ["elixir", "python"],
  docs: {
    rationale:
      "When most modules implementing one contract build on the same shared module and a few do not, the few usually miss what the shared module adds (persistence, permission checks, retries, auditing) — or the shared module is not what the others think it is.",
    impact:
      "The few behave differently from their siblings in ways their callers cannot see: state lost on restart, a check skipped, an error handled differently.",
    fix: "Make the few build on the shared module like the others, or write down (in the module's docs) why they must not.",
    example: {
      language: "elixir",
      bad: "defmodule App.Agents.Billing do\n  @behaviour App.Agent\n  # the other six agents `use App.PersistentAgent`\nend",
      good: "defmodule App.Agents.Billing do\n  @behaviour App.Agent\n  use App.PersistentAgent\nend",
    },
    examples: [
      {
        language: "python",
        bad: "class ExportView(BaseView):  # the other views are (AuditedMixin, BaseView)\n    ...",
        good: "class ExportView(AuditedMixin, BaseView):\n    ...",
      },
    ],
  },
  notes: [
    "Elixir: the implementations of a behaviour the repository defines are the modules that declare `@behaviour` of it or `use` it (when it declares `@callback`s); what each builds on is the in-repo modules it `use`s, directly or through another used module. Python: the subclasses of a base class the repository defines, and the other in-repo classes each one extends (with their ancestors). Tests are left out.",
    "Reported when at least 4 modules implement the contract, at least 3 build on one shared module, they are at least 70% of the implementations, and some do not. Elixir: medium when the majority is overwhelming (at least 5 sharing, at least 80%, at most 2 skipping), low otherwise. Python: always low, since a mixin is often a feature only some subclasses need (a tag mixin on every model but one that has no tags); an intermediate base class is not counted as an implementation, its subclasses are.",
  ],
  check({ facts, report }) {
    for (const [ecosystem, mayBeMedium] of ECOSYSTEMS)
      for (const family of symbolIndexes(facts, [ecosystem])[0]?.families ?? []) {
        const skip = skipOf(family);
        if (!skip) continue;
        const total = skip.sharing + skip.skippers.length;
        const clear =
          mayBeMedium && skip.sharing >= 5 && skip.sharing / total >= 0.8 && skip.skippers.length <= 2;
        const first = skip.skippers[0];
        if (!first) continue;
        const listed = skip.skippers
          .map((member) => `\`${member.name}\` (${member.path}:${member.line})`)
          .join(", ");
        report({
          path: first.path,
          line: first.line,
          endLine: first.line,
          severity: clear ? "medium" : "low",
          message: `${skip.sharing} of the ${total} implementations of \`${family.contract}\` build on \`${skip.shared}\`; ${skip.skippers.length === 1 ? "this one does" : `these ${skip.skippers.length} do`} not: ${listed}.`,
          key: `${family.contract}:${skip.shared}`,
          searched: `the implementations of ${family.contract} (${family.definedAt.path}:${family.definedAt.line}) and the in-repo modules each builds on: ${family.members.map((member) => member.name).join(", ")}`,
          confidence: "heuristic",
        });
      }
  },
});
