// elixir/local-path-dep: a mix.exs dependency that points at a local folder outside the repository.
import { posix } from "node:path";
import { hasMixProject } from "../../facts/elixir/applies.js";
import { staysInRepository } from "../../facts/repo-facts.js";
import { defineRule } from "../define-rule.js";

/** A folder of one person's machine: macOS and Linux home folders, Windows profiles, `~`. */
const PERSONAL_FOLDER = /^(?:\/Users\/[^/]+|\/home\/[^/]+|[A-Za-z]:[\\/]Users[\\/][^\\/]+|~[^/]*)(?=\/|\\|$)/;

export default defineRule({
  id: "elixir/local-path-dep",
  area: "dependencies",
  severity: "high",
  title: "Dependency on a local path outside the repository",
  effortMinutes: 60,
  docs: {
    rationale:
      "A `path:` dependency that leaves the repository builds only on machines that have that folder checked out next to it, at whatever revision it happens to be.",
    impact: "CI and release builds fail or, worse, build against an unknown revision of the sibling project.",
    fix: "Publish the library to Hex (or a private Hex repo), or depend on it by git with a pinned `ref:`/`tag:`; keep `path:` for umbrella siblings inside the repository.",
    example: {
      bad: '{:pricing, path: "../pricing"}',
      good: '{:pricing, "~> 1.2", organization: "acme"}',
      language: "elixir",
    },
  },
  notes: [
    "`in_umbrella: true` and paths that stay inside the repository (umbrella apps, vendored libraries) are not reported.",
    "Critical when the path is inside a person's home folder (`/Users/<name>/…`, `/home/<name>/…`, `C:\\Users\\<name>\\…`, `~/…`) and the dependency is not for development only: no other machine, CI included, can fetch the dependencies or compile.",
    'An absolute path to an app the repository itself defines (`{:shop, path: "/shop"}` beside a mix.exs with `app: :shop`, as in a container image that copies the app there) is the same checkout\'s code: low.',
  ],
  applies: hasMixProject,
  check({ facts, report }) {
    for (const dep of facts.elixir.dependencies.declared) {
      if (dep.source.kind !== "path") continue;
      const resolved = posix.normalize(posix.join(posix.dirname(dep.manifest), dep.source.path));
      // A subfolder audit's `../sibling` stays inside the repository when the sibling is in the same checkout.
      if (!posix.isAbsolute(dep.source.path) && staysInRepository(facts.repo.scope, resolved)) continue;
      // An absolute path to an app this repository defines is where a build (a container image) puts the same
      // checkout's code: not another project at an unknown revision, only a path that exists where that build runs.
      const own = posix.isAbsolute(dep.source.path)
        ? facts.elixir.projects.find((project) => project.app === dep.name && project.path !== dep.manifest)
        : undefined;
      if (own) {
        report({
          path: dep.manifest,
          line: dep.line,
          message: `${dep.name} is taken from ${dep.source.path}, the place a build puts this repository's own app (${own.path}): the project builds only where that path exists`,
          key: `${dep.manifest}:${dep.name}`,
          severity: "low",
        });
        continue;
      }
      const personal = PERSONAL_FOLDER.exec(dep.source.path)?.[0];
      report({
        path: dep.manifest,
        line: dep.line,
        message: personal
          ? `${dep.name} is taken from ${dep.source.path}, inside one developer's home folder (${personal}): ${dep.dev ? "its development tasks run" : "the project builds"} on that machine only`
          : `${dep.name} is taken from ${dep.source.path}, outside the repository`,
        key: `${dep.manifest}:${dep.name}`,
        severity: dep.dev ? "medium" : personal ? "critical" : "high",
      });
    }
  },
});
