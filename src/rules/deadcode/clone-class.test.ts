import { describe, expect, it } from "vitest";
import { analyseFiles, findingsIn, findingsOf } from "../../../test/helpers/audit-harness.js";

const STATEMENTS = [
  (p: string, i: number) =>
    `  const ${p}Count${i} = ${p}Input.items.filter((item) => item.weight > ${i}).length;`,
  (p: string, i: number) =>
    `  if (${p}Input.limit < ${i}) {\n    throw new Error("limit ${i} exceeded");\n  }`,
  (p: string, i: number) => `  for (const ${p}Item of ${p}Input.items) ${p}Item.seen = ${i};`,
  (p: string, i: number) => `  await ${p}Input.store.save({ id: ${p}Input.id, step: ${i}, at: Date.now() });`,
  (p: string, i: number) =>
    `  ${p}Input.log?.push(["step", ${i}, ${p}Input.items.length > 0 ? "busy" : "idle"]);`,
  (p: string, i: number) => `  while (${p}Input.queue.length > ${i}) ${p}Input.queue.shift();`,
  (p: string, i: number) =>
    `  switch (${p}Input.kind) {\n    case "a":\n      return ${i};\n    default:\n      break;\n  }`,
];

/** A TypeScript function of `statements` varied statements whose names are chosen by `prefix`. */
function handler(prefix: string, statements: number, order = 7): string {
  // A fixed pseudo-random order of statement shapes, so that no run of statements repeats inside one function.
  let seed = order;
  const body = Array.from({ length: statements }, (_, i) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (STATEMENTS[seed % STATEMENTS.length] as (p: string, i: number) => string)(prefix, i);
  });
  return [
    `export async function ${prefix}Handler(${prefix}Input: Batch): Promise<number> {`,
    ...body,
    `  return 0;`,
    `}`,
    "",
  ].join("\n");
}

/**
 * A client in the shape swagger-js-codegen writes (one JSDoc-named method per operation, no generated header),
 * or, with `codegenShape` false, the same methods written by hand without the generator's JSDoc.
 */
function apiClient(operations: string[], codegenShape: boolean): string {
  const methods = operations.map((op, i) =>
    [
      ...(codegenShape
        ? [
            "  /**",
            "   *",
            "   * @method",
            `   * @name API#${op}`,
            "   * @param {object} parameters - method options and parameters",
            "   */",
          ]
        : [`  // ${op.replace(/_/g, " ")}`]),
      `  API.prototype.${op} = function(parameters) {`,
      "    if (parameters === undefined) {",
      "      parameters = {};",
      "    }",
      "    let deferred = Q.defer();",
      "    let domain = this.domain,",
      `      path = "/${op.split("_").slice(1).join("/")}";`,
      "    let body = {},",
      "      queryParameters = {},",
      "      headers = {},",
      "      form = {};",
      '    headers["Accept"] = ["application/json"];',
      '    headers["Content-Type"] = ["application/json"];',
      `    if (parameters["id"] === undefined && ${i % 2 === 0}) {`,
      '      deferred.reject(new Error("Missing required parameter: id"));',
      "      return deferred.promise;",
      "    }",
      "    queryParameters = mergeQueryParams(parameters, queryParameters);",
      `    this.request("${op.split("_")[0]?.toUpperCase()}", domain + path, parameters, body, headers, queryParameters, form, deferred);`,
      "    return deferred.promise;",
      "  };",
    ].join("\n"),
  );
  return [
    'import fetch from "./fetch";',
    'import Q from "q";',
    "let API = (function() {",
    '  "use strict";',
    "  function API(options) {",
    '    this.domain = typeof options === "object" ? options.domain : options;',
    "  }",
    ...methods,
    "  return API;",
    "})();",
    "export default API;",
    "",
  ].join("\n");
}

const OPERATIONS = [
  "get_user_list",
  "post_user_list",
  "get_user",
  "patch_user",
  "delete_user",
  "get_team_list",
  "post_team_list",
  "get_team",
  "patch_team",
  "delete_team",
  "get_award_list",
  "post_award_list",
];

describe("deadcode/clone-class", () => {
  it("fires once per class of production copies, naming the nearest common folder", async () => {
    const findings = await findingsOf("deadcode/clone-class", {
      "src/billing/charge.ts": `import { Batch } from "../types";\n\n${handler("a", 12)}`,
      "src/orders/place.ts": handler("a", 12),
    });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBe("low");
    expect(finding?.confidence).toBe("certain");
    expect(finding?.location).toMatchObject({ path: "src/billing/charge.ts", startLine: 3 });
    expect(finding?.message).toContain("2 copies of a 26-line fragment");
    expect(finding?.message).toContain("identical");
    expect(finding?.fix.text).toContain("`src/`");
    expect(finding?.related).toEqual([{ path: "src/orders/place.ts", startLine: 1, endLine: 26 }]);
  });

  it("counts code tokens only: a copied docstring does not lift a small copied function over the threshold", async () => {
    // About 70 code tokens over 24 lines, most of them a 60-word docstring: the docstring's words are duplicated
    // lines, not copied logic.
    const docstring = Array.from(
      { length: 6 },
      (_, line) => `    ${Array.from({ length: 10 }, (_, word) => `word${line * 10 + word}`).join(" ")}`,
    );
    const fn = (name: string): string =>
      [
        `def ${name}(orders, limit):`,
        '    """Totals of the paid orders, largest first.',
        "",
        ...docstring,
        "",
        ...docstring.map((line) => line.replace(/word/g, "term")),
        '    """',
        "    totals = {}",
        "    for order in orders:",
        '        if order.get("status") != "paid":',
        "            continue",
        '        totals[order["customer"]] = totals.get(order["customer"], 0) + order["amount"]',
        "    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)",
        "    return ranked[:limit]",
        "",
      ].join("\n");
    const files = { "shop/orders.py": fn("paid_totals"), "admin/orders_report.py": fn("report_totals") };
    expect(await findingsOf("deadcode/clone-class", files)).toEqual([]);
    // The same function with a longer body is reported, and its message counts code tokens only.
    const longer = (name: string): string =>
      fn(name).replace(
        "    return ranked[:limit]",
        `    return ranked[:limit]\n\n\n${fn(`${name}_again`).replace(/totals/g, "sums")}`,
      );
    const findings = await findingsOf("deadcode/clone-class", {
      "shop/orders.py": longer("paid_totals"),
      "admin/orders_report.py": longer("report_totals"),
    });
    expect(findings).toHaveLength(1);
    const tokens = Number(/\((\d+) tokens/.exec(findings[0]?.message ?? "")?.[1]);
    expect(tokens).toBeGreaterThanOrEqual(100);
    expect(tokens).toBeLessThan(200);
  });

  it("reports renamed copies as heuristic and large classes as medium", async () => {
    const files: Record<string, string> = {};
    for (const name of ["alpha", "beta", "gamma", "delta"]) files[`lib/${name}/run.ts`] = handler(name, 40);
    const findings = await findingsOf("deadcode/clone-class", files);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("medium");
    expect(findings[0]?.confidence).toBe("heuristic");
    expect(findings[0]?.message).toMatch(/^4 copies of a \d+-line fragment .*renamed/);
  });

  it("leaves out copies in .d.ts declaration files, reports the same copies in .ts modules", async () => {
    const names = ["alpha", "beta", "gamma", "delta"];
    const declarations: Record<string, string> = {};
    for (const name of names) declarations[`typings/${name}/router.d.ts`] = handler(name, 40);
    expect(await findingsOf("deadcode/clone-class", declarations)).toEqual([]);
    const modules: Record<string, string> = {};
    for (const name of names) modules[`typings/${name}/router.ts`] = handler(name, 40);
    expect((await findingsOf("deadcode/clone-class", modules)).map((f) => f.severity)).toEqual(["medium"]);
  });

  it("stays silent on small copies, copies only in tests, generated copies and whole-file twins", async () => {
    const findings = await findingsOf("deadcode/clone-class", {
      // 9 lines: a clone class in the facts, below the rule's 20 lines.
      "src/a/small.ts": handler("s", 4, 17),
      "src/b/small.ts": `// b\n${handler("s", 4, 17)}`,
      // One production copy, the other in a test.
      "src/c/only.ts": handler("t", 12, 11),
      "test/only.test.ts": handler("t", 12, 11),
      // A generated copy is not analysed.
      "src/d/gen.ts": `// Code generated by tool. DO NOT EDIT.\n${handler("g", 12, 13)}`,
      "src/e/real.ts": handler("g", 12, 13),
      // The same file under one name in three folders: generic/duplicate-module reports it.
      "pkg/one/worker.ts": handler("w", 12),
      "pkg/two/worker.ts": handler("w", 12),
      "pkg/three/worker.ts": handler("w", 12),
    });
    expect(findings).toEqual([]);
    const twins = await findingsOf("generic/duplicate-module", {
      "pkg/one/worker.ts": handler("w", 12),
      "pkg/two/worker.ts": handler("w", 12),
      "pkg/three/worker.ts": handler("w", 12),
    });
    expect(twins).toHaveLength(1);
  });

  it("reports a whole-file twin exactly once, by generic/duplicate-module, and a third copy under another name by itself", async () => {
    const result = await analyseFiles({
      "pkg/one/worker.ts": handler("w", 40),
      "pkg/two/worker.ts": handler("w", 40),
      // Another file name: not a twin, so the fragment it shares with the twins is a clone class of its own.
      "lib/jobs/runner.ts": `// runner\n${handler("r", 40)}`,
      "src/a/sync.ts": handler("s", 40, 29),
      "src/b/sync.ts": handler("s", 40, 29),
    });
    const twins = findingsIn("generic/duplicate-module", result);
    const clones = findingsIn("deadcode/clone-class", result);
    const mentioning = (path: string): number =>
      [...twins, ...clones].filter(
        (f) => f.location?.path === path || (f.related ?? []).some((r) => r.path === path),
      ).length;
    expect(twins.map((f) => f.location?.path)).toEqual(["pkg/one/worker.ts", "src/a/sync.ts"]);
    // src/*/sync.ts: one finding in all; pkg/*/worker.ts: the twin finding and the three-copy class with runner.ts.
    expect(mentioning("src/b/sync.ts")).toBe(1);
    expect(clones.map((f) => f.location?.path)).toEqual(["lib/jobs/runner.ts"]);
  });

  it("reports copies in tests low when asked", async () => {
    const findings = await findingsOf(
      "deadcode/clone-class",
      { "test/a.test.ts": handler("t", 12), "test/b.test.ts": handler("t", 12) },
      { rules: { "deadcode/clone-class": { enabled: true, options: { testCopies: "low" } } } },
    );
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });

  it("keeps sparse copies low, leaves generated folders out and reports one fragment once", async () => {
    // 100+ lines but few tokens: the copy is mostly comments between a few statements.
    const sparse = (prefix: string): string =>
      handler(prefix, 14, 23)
        .split("\n")
        .flatMap((line) => [
          line,
          "  // explained at length",
          "  // over several lines",
          "  // of comments",
          "  //",
        ])
        .join("\n");
    const findings = await findingsOf("deadcode/clone-class", {
      "src/a/sparse.ts": sparse("x"),
      "src/b/thin.ts": sparse("x"),
      "src/types/generated/one.ts": handler("q", 12, 29),
      "src/types/generated/two.ts": `// two\n${handler("q", 12, 29)}`,
    });
    expect(findings.map((f) => `${f.severity} ${f.location?.path}`)).toEqual(["low src/a/sparse.ts"]);
  });

  it("stays silent on a generated OpenAPI client with no generated header, recognised by its shape", async () => {
    const generated = await findingsOf("deadcode/clone-class", {
      "themes/admin/assets/js/compat/api.js": apiClient(OPERATIONS, true),
      "themes/core/assets/js/client.js": apiClient([...OPERATIONS.slice(3), "get_page_list"], true),
    });
    expect(generated).toEqual([]);
    // The same methods written by hand, without the generator's one-JSDoc-per-operation form, are copies.
    const handWritten = await findingsOf("deadcode/clone-class", {
      "themes/admin/assets/js/compat/api.js": apiClient(OPERATIONS, false),
      "themes/core/assets/js/client.js": apiClient([...OPERATIONS.slice(3), "get_page_list"], false),
    });
    expect(handWritten.length).toBeGreaterThan(0);
  });

  it("keeps one module written once per database backend low, where the same copies elsewhere are medium", async () => {
    const files: Record<string, string> = {};
    for (const [dialect, prefix] of [
      ["mysql", "alpha"],
      ["postgres", "beta"],
      ["sqlite", "gamma"],
      ["mssql", "delta"],
    ])
      files[`store/db/${dialect}/user.ts`] = handler(prefix as string, 40);
    const findings = await findingsOf("deadcode/clone-class", files);
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });

  it("keeps the numbered versions of one served script low; the same copies under other names are medium", async () => {
    const script = (prefix: string) => handler(prefix, 40).replace("export async function", "async function");
    const versions = await findingsOf("deadcode/clone-class", {
      "public/count.js": script("alpha"),
      "public/count.v3.js": script("beta"),
      "public/count.v4.js": script("gamma"),
      "public/count.v5.js": script("delta"),
    });
    expect(versions.map((f) => f.severity)).toEqual(["low"]);
    const copies = await findingsOf("deadcode/clone-class", {
      "public/count.js": script("alpha"),
      "public/track.js": script("beta"),
      "public/embed.js": script("gamma"),
      "public/beacon.js": script("delta"),
    });
    expect(copies.map((f) => f.severity)).toEqual(["medium"]);
  });

  it("leaves out content-hashed copies that a build or collectstatic wrote beside their source", async () => {
    const source = handler("alpha", 40).replace("export async function", "async function");
    const findings = await findingsOf("deadcode/clone-class", {
      "static/admin/js/SelectBox.js": source,
      "static/admin/js/SelectBox.7d3ce5a98007.js": source,
    });
    expect(findings).toEqual([]);
  });

  it("leaves out one Drizzle schema declared once per SQL dialect; the same tables twice in one dialect still fire", async () => {
    const schema = (core: string, table: string, int: string) =>
      [
        `import { ${table}, ${int}, text, varchar, boolean, index } from "drizzle-orm/${core}";`,
        ...["users", "boards", "groups", "items", "apps"].flatMap((name) => [
          `export const ${name} = ${table}("${name}", {`,
          `  id: varchar("id", { length: 64 }).notNull().primaryKey(),`,
          `  name: varchar("name", { length: 256 }).notNull(),`,
          `  position: ${int}("position").notNull().default(0),`,
          `  isPublic: boolean("is_public").default(false).notNull(),`,
          `  description: text("description"),`,
          `}, (t) => ({ nameIdx: index("${name}_name_idx").on(t.name), positionIdx: index("${name}_position_idx").on(t.position) }));`,
        ]),
        "",
      ].join("\n");
    const perDialect = await findingsOf("deadcode/clone-class", {
      "packages/db/schema/mysql.ts": schema("mysql-core", "mysqlTable", "int"),
      "packages/db/schema/postgresql.ts": schema("pg-core", "pgTable", "integer"),
    });
    expect(perDialect).toEqual([]);
    const sameDialect = await findingsOf("deadcode/clone-class", {
      "packages/db/schema/main.ts": schema("pg-core", "pgTable", "integer"),
      "packages/db/schema/archive.ts": schema("pg-core", "pgTable", "serial"),
    });
    expect(sameDialect.map((f) => f.location?.path)).toEqual(["packages/db/schema/archive.ts"]);
  });
});
