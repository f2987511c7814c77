// elixir/duplicate-purpose-deps: two direct Hex dependencies that serve one purpose (two password hashers, two HTTP clients).
import { hasMixProject } from "../../facts/elixir/applies.js";
import { BUILDING_BLOCKS_OF, HEX_LIBRARY_PURPOSES, HTTP_TRANSPORTS } from "../../facts/elixir/purposes.js";
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "elixir/duplicate-purpose-deps",
  area: "dependencies",
  severity: "low",
  title: "Several libraries for one purpose",
  effortMinutes: 120,
  confidence: "heuristic",
  docs: {
    rationale:
      "Two libraries that do the same job (bcrypt and argon2, Req and HTTPoison) usually mean a migration that stopped halfway or two conventions living side by side.",
    impact:
      "Twice the upgrade and advisory surface; password hashes or HTTP behaviour (timeouts, retries, TLS) differ depending on which module handles the request.",
    fix: "Pick one library per purpose, migrate the remaining callers and remove the other dependency from mix.exs.",
    example: {
      bad: '{:bcrypt_elixir, "~> 3.0"},\n{:argon2_elixir, "~> 4.0"}',
      good: '{:argon2_elixir, "~> 4.0"}',
      language: "elixir",
    },
  },
  notes: [
    "Only direct runtime dependencies declared in mix.exs count; dev/test-only ones are ignored.",
    "A library another one builds on (Finch under Req, Hackney under HTTPoison, Comeonin under bcrypt_elixir) is not counted as a second one; a low-level HTTP transport (Hackney, Mint, Gun) beside a full client is not counted either: packages such as Swoosh, ExAws or Sentry take it as their adapter.",
    "The purpose table lives in src/facts/elixir/purposes.ts.",
    "Medium for password hashing (stored hashes only one of them verifies: a security decision left open). Otherwise low: two libraries for one purpose cost upgrades and attention, and often serve different layers on purpose (a Plug that blocks abusive clients beside a rate limiter the code calls); nothing breaks until one of them is left behind.",
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    const declared = facts.elixir.dependencies.declared.filter((dep) => !dep.dev);
    const byName = new Map(declared.map((dep) => [dep.name, dep]));
    for (const { purpose, libraries } of HEX_LIBRARY_PURPOSES) {
      let present = libraries.filter((name) => byName.has(name));
      present = present.filter(
        (name) =>
          !present.some((other) => other !== name && (BUILDING_BLOCKS_OF[other] ?? []).includes(name)),
      );
      // A transport beside a full client serves some dependency's adapter more often than the application.
      if (present.some((name) => !HTTP_TRANSPORTS.includes(name)))
        present = present.filter((name) => !HTTP_TRANSPORTS.includes(name) || purpose !== "HTTP client");
      if (present.length < 2) continue;
      const deps = present.map((name) => byName.get(name)!);
      const first = deps[0]!;
      report({
        path: first.manifest,
        line: first.line,
        message: `${present.length} ${purpose} libraries declared: ${present.join(", ")}`,
        snippet: deps
          .map((dep) => `${dep.manifest}:${dep.line} ${dep.name} ${dep.requirement ?? ""}`.trim())
          .join("\n"),
        key: `${purpose}:${present.join(",")}`,
        related: deps.slice(1).map((dep) => ({ path: dep.manifest, startLine: dep.line, endLine: dep.line })),
        // Two password hashers mean stored hashes that only one of them verifies: a security decision left open.
        ...(purpose === "password hashing" ? { severity: "medium" as const } : {}),
      });
    }
  },
});
