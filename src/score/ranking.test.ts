import { describe, expect, it } from "vitest";
import type { Finding } from "../model/finding.js";
import { placeOf, rankRisks } from "./ranking.js";

let next = 0;
function finding(
  over: Partial<Finding> & Pick<Finding, "ruleId" | "severity">,
  path: string | null,
): Finding {
  next++;
  return {
    id: `f${next}`,
    area: "security",
    title: `${over.ruleId} title`,
    message: `${over.ruleId} message`,
    location: path ? { path, startLine: next, endLine: next } : null,
    evidence: { snippet: "" },
    risk: "",
    impact: "",
    fix: { text: "", code: "" },
    effortMinutes: 10,
    confidence: "certain",
    patch: null,
    ...over,
  };
}

describe("risk ranking", () => {
  it("places code by where it runs", () => {
    const at = (path: string | null) => placeOf(finding({ ruleId: "x/y", severity: "low" }, path));
    expect([
      at("internal/api/handlers.go"),
      at("lib/shop/accounts/auth.ex"),
      at("app/models/order.py"),
      at("src/billing/invoice.ts"),
      at("internal/reader/parser.go"),
      at("scripts/seed.py"),
      at("internal/api/handlers_test.go"),
      at(null),
    ]).toEqual(["request", "auth", "data", "payment", "library", "tooling", "tooling", "repository"]);
    // CI, container and deployment files are the pipeline, not application code nor a tool's settings; a front end
    // kept under a server folder runs in the browser, not on the request path.
    expect([
      at(".github/workflows/build.yml"),
      at(".gitlab-ci.yml"),
      at("Dockerfile"),
      at("deploy/docker-compose.prod.yml"),
      at("server/ui-src/mixins/CommonMixins.js"),
      at("web/src/components/Login.vue"),
      at("server/handlers/proxy.go"),
      at(".eslintrc.js"),
    ]).toEqual(["pipeline", "pipeline", "pipeline", "pipeline", "browser", "browser", "request", "tooling"]);
  });

  it("ranks by severity × confidence × place: a stub in auth above a missing document, a script's heuristic high below the request path's medium", () => {
    const risks = rankRisks([
      finding({ ruleId: "docs/missing-project-file", severity: "medium", message: "No SECURITY file" }, null),
      finding({ ruleId: "security/auth-stub", severity: "high" }, "lib/shop/accounts/policy.ex"),
      finding(
        { ruleId: "go/sql-built-with-sprintf", severity: "high", confidence: "heuristic" },
        "scripts/migrate.go",
      ),
      finding({ ruleId: "go/json-body-without-limit", severity: "high" }, "internal/api/orders.go"),
      finding({ ruleId: "go/ignored-error", severity: "medium" }, "internal/api/orders.go"),
      finding({ ruleId: "generic/todo-comment", severity: "low" }, "internal/api/orders.go"),
    ]);
    expect(risks.map((r) => [r.ruleId, r.place])).toEqual([
      ["go/json-body-without-limit", "request"],
      ["security/auth-stub", "auth"],
      ["go/ignored-error", "request"],
      ["go/sql-built-with-sprintf", "tooling"],
      ["docs/missing-project-file", "repository"],
    ]);
    // A repository-level finding is titled by its message, which names the exact file or gate.
    expect(risks[4]?.title).toBe("No SECURITY file");
  });

  it("shows one risk per rule, at its highest-ranked place, with the count of the others", () => {
    const risks = rankRisks([
      finding({ ruleId: "go/ignored-error", severity: "medium" }, "tools/gen.go"),
      finding({ ruleId: "go/ignored-error", severity: "medium" }, "internal/storage/store.go"),
    ]);
    expect(risks.map((r) => [r.where?.replace(/:\d+$/, ""), r.more])).toEqual([
      ["internal/storage/store.go", 1],
    ]);
  });
});

describe("risk ranking, one place once", () => {
  it("lets the higher-ranked of two rules on the same lines speak for both", () => {
    const at = "lib/shop/policy.ex";
    const stub = finding(
      { ruleId: "generic/stub-implementation", severity: "medium", confidence: "heuristic" },
      at,
    );
    const security = finding({ ruleId: "security/auth-stub", severity: "high" }, at);
    security.location = stub.location;
    const risks = rankRisks([stub, security]);
    expect(risks.map((r) => r.ruleId)).toEqual(["security/auth-stub"]);
  });
});
