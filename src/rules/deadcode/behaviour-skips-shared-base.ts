// generic/behaviour-skips-shared-base: most implementations of an in-repo contract build on one shared in-repo
// module (an Elixir `use`, a Python mixin or second base class, a TS/JS base class) and a few do not — the few
// usually lack what the shared module adds (persistence, permissions, retries, auditing).
import { posix } from "node:path";
import { symbolIndexes, type SymbolEcosystem } from "../../facts/symbols/index.js";
import type { ContractFamily } from "../../facts/symbols/model.js";
import { defineRule } from "../define-rule.js";

/**
 * Per ecosystem, when a clear majority may make the finding medium. Elixir: always — a shared `use` injects
 * behaviour (persistence, supervision) every implementation is expected to have. Python: never — a mixin is often
 * a feature only some subclasses need (tags on every model but the timer). TS/JS: only when each skipper sits
 * beside siblings that share the base and writes again a method the base already implements — the copy is what
 * the base was made to hold; a class that merely implements the interface differently is left low.
 */
const ECOSYSTEMS: Array<[SymbolEcosystem, "always" | "never" | "when-reimplemented"]> = [
  ["elixir", "always"],
  ["python", "never"],
  ["node", "when-reimplemented"],
];

/** The methods a skipper writes itself that the shared base already implements. */
function reimplemented(skip: Skip, member: ContractFamily["members"][number]): string[] {
  const provided = new Set(skip.family.provides?.[skip.shared] ?? []);
  provided.delete("constructor");
  return (member.methods ?? []).filter((method) => provided.has(method));
}

/** Whether a sibling in the skipper's folder builds on the shared base. */
function besideSharers(skip: Skip, member: ContractFamily["members"][number]): boolean {
  const folder = posix.dirname(member.path);
  return skip.family.members.some(
    (other) => other !== member && other.shared.includes(skip.shared) && posix.dirname(other.path) === folder,
  );
}

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
  languages: ["elixir", "python", "typescript", "tsx", "javascript"],
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
      {
        language: "typescript",
        bad: "// the other five exporters `extends BaseExporter implements Exporter`\nexport class CsvExporter implements Exporter {\n  retry(job: Job) { /* a copy of BaseExporter.retry */ }\n}",
        good: "export class CsvExporter extends BaseExporter implements Exporter {}",
      },
    ],
  },
  notes: [
    "Elixir: the implementations of a behaviour the repository defines are the modules that declare `@behaviour` of it or `use` it (when it declares `@callback`s); what each builds on is the in-repo modules it `use`s, directly or through another used module. Python: the subclasses of a base class the repository defines, and the other in-repo classes each one extends (with their ancestors). TS/JS: the classes that implement an interface (or class) the repository defines, directly or through a base class, and the classes that extend an in-repo root class through a chain; what each builds on is its in-repo base classes below the contract. `extends`/`implements` names are resolved through the file's imports (aliases, workspace packages, re-exports); a base class from a package (a framework's `Component`, `Error`) is never a shared base. Abstract and intermediate classes are not implementations, their subclasses are. Tests are left out.",
    "Reported when at least 4 modules implement the contract, at least 3 build on one shared module, they are at least 70% of the implementations, and some do not. Elixir: medium when the majority is overwhelming (at least 5 sharing, at least 80%, at most 2 skipping), low otherwise. Python: always low, since a mixin is often a feature only some subclasses need (a tag mixin on every model but one that has no tags); an intermediate base class is not counted as an implementation, its subclasses are. TS/JS: medium only when the majority is overwhelming and every skipper sits in a folder beside siblings that share the base and writes again a method the base implements (a copy of what the base holds); low otherwise.",
  ],
  check({ facts, report }) {
    for (const [ecosystem, medium] of ECOSYSTEMS)
      for (const family of symbolIndexes(facts, [ecosystem])[0]?.families ?? []) {
        const skip = skipOf(family);
        if (!skip) continue;
        const total = skip.sharing + skip.skippers.length;
        const overwhelming = skip.sharing >= 5 && skip.sharing / total >= 0.8 && skip.skippers.length <= 2;
        const clear =
          overwhelming &&
          (medium === "always" ||
            (medium === "when-reimplemented" &&
              skip.skippers.every(
                (member) => reimplemented(skip, member).length > 0 && besideSharers(skip, member),
              )));
        const first = skip.skippers[0];
        if (!first) continue;
        const listed = skip.skippers
          .map((member) => {
            const copies = reimplemented(skip, member);
            const written =
              copies.length > 0 ? `, writes ${copies.map((m) => `\`${m}\``).join(", ")} again` : "";
            return `\`${member.name}\` (${member.path}:${member.line}${written})`;
          })
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
