import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const goFunction = (name: string, statements: number): string =>
  `func ${name}() int {\n\tx := 0\n${"\tx++\n".repeat(statements)}\treturn x\n}\n`;

describe("generic/long-function", () => {
  it("fires low over 100 lines of logic and medium only over 300", async () => {
    const findings = await findingsOf("generic/long-function", {
      "svc/long.go": `package svc\n\n${goFunction("Long", 120)}\n${goFunction("Huge", 320)}`,
    });
    expect(findings.map((f) => [f.location?.startLine, f.severity, f.message])).toEqual([
      [3, "low", "Long has 124 lines of logic in 124 lines (limit 100)"],
      [128, "medium", "Huge has 324 lines of logic in 324 lines (limit 100)"],
    ]);
  });

  it("keeps a long but flat function low: independent short blocks, or small handlers wired up in sequence", async () => {
    const block = (i: number) =>
      `\tif cfg.Service${i}Enabled {\n${'\t\tlog.Debug("sending")\n'.repeat(12)}\t\tsend${i}(entry)\n\t}\n`;
    const handler = (i: number) =>
      `  const onEvent${i} = (event) => {\n${"    update(event.target);\n".repeat(14)}  };\n`;
    // The near-miss: the same blocks nested in one loop, so one statement spans the whole body.
    const findings = await findingsOf("generic/long-function", {
      "svc/dispatch.go": `package svc\n\nfunc SendEntry(cfg *Config, entry *Entry) {\n${Array.from({ length: 24 }, (_, i) => block(i)).join("")}}\n`,
      "assets/hook.js": `export const Hook = {\n  mounted() {\n${Array.from({ length: 22 }, (_, i) => handler(i)).join("")}    this.el.addEventListener("click", onEvent0);\n  },\n};\n`,
      "svc/nested.go": `package svc\n\nfunc SendAll(cfg *Config, entries []*Entry) {\n\tfor _, entry := range entries {\n${Array.from({ length: 24 }, (_, i) => block(i)).join("")}\t}\n}\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity, /flat:/.test(f.message)])).toEqual([
      ["assets/hook.js", "low", true],
      ["svc/dispatch.go", "low", true],
      ["svc/nested.go", "medium", false],
    ]);
  });

  it("stays silent on short functions and on test files", async () => {
    const body = `func Short() int {\n${"\tx++\n".repeat(50)}\treturn 0\n}\n`;
    const testBody = `func TestLong(t *testing.T) {\n${"\tx++\n".repeat(150)}}\n`;
    const findings = await findingsOf("generic/long-function", {
      "svc/short.go": `package svc\n\n${body}`,
      "svc/short_test.go": `package svc\n\n${testBody}`,
    });
    expect(findings).toEqual([]);
  });

  it("does not count data literals, comments or blank lines as logic", async () => {
    const routes = Array.from({ length: 300 }, (_, i) => `    "/old/${i}": "/new/${i}",`).join("\n");
    const config = Array.from(
      { length: 200 },
      (_, i) => `    option_${i}: { enabled: true, weight: ${i} },`,
    ).join("\n");
    const sql = Array.from({ length: 150 }, (_, i) => `      column_${i} integer,`).join("\n");
    const findings = await findingsOf("generic/long-function", {
      "src/redirects.ts": `export function redirects(): Record<string, string> {\n  // Moved pages.\n\n  return {\n${routes}\n  };\n}\n`,
      "src/config.js": `export default function buildConfig(mode) {\n  const base = {\n${config}\n  };\n  return { ...base, mode };\n}\n`,
      "app/documented.py": `def documented(x):\n    """Explain.\n\n${"    More explanation.\n".repeat(80)}    """\n${"    x = x + 1\n".repeat(60)}    return x\n`,
      "app/schema.py": `def create_schema(cursor):\n    cursor.execute("""\n      CREATE TABLE t (\n${sql}\n      )\n    """)\n`,
    });
    expect(findings).toEqual([]);
  });

  it("reads JSX markup as a template: its elements are data, its conditions and loops logic", async () => {
    const shortcuts = Array.from(
      { length: 90 },
      (_, i) =>
        `        <Shortcut\n          label={t("action${i}")}\n          keys={["Ctrl+${i}"]}\n        />`,
    ).join("\n");
    const conditions = Array.from(
      { length: 40 },
      (_, i) => `      {flags.f${i} && (\n        <Panel\n          id="p${i}"\n        />\n      )}`,
    ).join("\n");
    const findings = await findingsOf("generic/long-function", {
      "src/HelpDialog.tsx": `export function HelpDialog() {\n  return (\n    <Dialog>\n      <Island>\n${shortcuts}\n      </Island>\n    </Dialog>\n  );\n}\n`,
      "src/Panels.tsx": `export function Panels({ flags }) {\n  return (\n    <div>\n${conditions}\n    </div>\n  );\n}\n`,
    });
    expect(findings.map((f) => f.message)).toEqual([
      "Panels has 125 lines of logic in 206 lines (limit 100)",
    ]);
  });

  it("reads markup built with calls (hyperscript) as a template too", async () => {
    const rows = Array.from(
      { length: 80 },
      (_, i) =>
        `        t.div(\n            { className: "row-${i}" },\n            t.span(null, "Label ${i}"),\n        ),`,
    ).join("\n");
    const findings = await findingsOf("generic/long-function", {
      "ui/src/settingsPage.js": `export function settingsPage(data) {\n    return t.div(\n        { className: "page" },\n${rows}\n    );\n}\n`,
    });
    expect(findings).toEqual([]);
  });

  it("reports a long callback once, not again in the function that holds it", async () => {
    const handler = `  return withBatchedUpdates((event) => {\n${"    step(event);\n".repeat(150)}  });\n`;
    const findings = await findingsOf("generic/long-function", {
      "src/app.ts": `export function onPointerUp(state) {\n${handler}}\n`,
    });
    expect(findings.map((f) => [f.location?.startLine, f.message])).toEqual([
      [2, "withBatchedUpdates callback in onPointerUp has 152 lines of logic in 152 lines (limit 100)"],
    ]);
  });

  it("keeps a container of functions low: a builder chain, registration calls, an object of actions", async () => {
    const handler = (i: number) => `${"      await step(argv);\n".repeat(9)}      done(${i});`;
    const commands = Array.from(
      { length: 36 },
      (_, i) => `    .command("c${i}", "Run c${i}.", {}, async (argv) => {\n${handler(i)}\n    })`,
    ).join("\n");
    const routes = Array.from(
      { length: 36 },
      (_, i) => `  fastify.post("/r${i}", async (request, reply) => {\n${handler(i)}\n  });`,
    ).join("\n");
    const actions = Array.from(
      { length: 36 },
      (_, i) => `    action${i}: async (argv) => {\n${handler(i)}\n    },`,
    ).join("\n");
    // The near-miss: the same closures sharing state the function declares are one long unit.

    const findings = await findingsOf("generic/long-function", {
      "cli/commands.ts": `export function createCommands(yargs: Argv): Argv {\n  return yargs\n${commands};\n}\n`,
      "api/webhooks.ts": `export default async function webhooks(fastify: Fastify) {\n  await fastify.register(formbody);\n${routes}\n}\n`,
      "web/store.ts": `export const initializeStore = () =>\n  create((set) => {\n  const contents = {\n${actions}\n  };\n  return contents;\n  });\n`,
      "web/module.ts": `export function createModule(ctx: Context) {\n  let pending = 0;\n  const contents = {\n${actions}\n  };\n  return contents;\n}\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity, /a container:/.test(f.message)])).toEqual([
      ["api/webhooks.ts", "low", true],
      ["cli/commands.ts", "low", true],
      ["web/module.ts", "medium", false],
      ["web/store.ts", "low", true],
    ]);
    expect(findings[1]?.message).toBe(
      "createCommands has 435 lines of logic in 435 lines (limit 100); a container: its body only registers or returns the 36 functions it holds (3 lines of its own logic), each measured on its own",
    );
  });

  it("keeps an Elixir __using__ macro that quotes the functions it injects low", async () => {
    const defs = Array.from(
      { length: 30 },
      (_, i) => `      def helper${i}(x) do\n${"        x = step(x)\n".repeat(9)}        x\n      end`,
    ).join("\n\n");
    const findings = await findingsOf("generic/long-function", {
      "lib/app/repo_helpers.ex": `defmodule App.RepoHelpers do\n  defmacro __using__(_) do\n    quote do\n      import Ecto.Query\n\n${defs}\n    end\n  end\nend\n`,
    });
    expect(findings.map((f) => [f.severity, /a container:/.test(f.message)])).toEqual([["low", true]]);
  });

  it("counts a component's short handlers towards it", async () => {
    const handlers = Array.from(
      { length: 12 },
      (_, i) => `  const onEvent${i} = useCallback(() => {\n${"    update(state);\n".repeat(10)}  }, []);\n`,
    ).join("");
    const findings = await findingsOf("generic/long-function", {
      "src/Editor.tsx": `export function Editor() {\n  const state = useState(0);\n${handlers}  return null;\n}\n`,
    });
    expect(findings.map((f) => f.message)).toEqual([
      "Editor has 148 lines of logic in 148 lines (limit 100)",
    ]);
  });

  it("does not report a function expression that wraps the whole file or a scope called on the spot", async () => {
    const helpers = Array.from(
      { length: 10 },
      (_, i) => `  function helper${i}(x) {\n${"    x++;\n".repeat(20)}    return x;\n  }\n`,
    ).join("");
    const namespace = `var Parser;\n(Parser => {\n${"  Parser.step();\n".repeat(150)}})(Parser || (Parser = {}));\n`;
    const findings = await findingsOf("generic/long-function", {
      "static/tracker.js": `(function () {\n  "use strict";\n${helpers}  window.track = helper0;\n})();\n`,
      "lib/compiled.js": `${namespace}${"function f() {}\n".repeat(200)}`,
    });
    expect(findings).toEqual([]);
  });

  it("does not count Go error propagation blocks as logic", async () => {
    const steps = '\tif err := step(); err != nil {\n\t\treturn fmt.Errorf("step: %w", err)\n\t}\n'.repeat(
      45,
    );
    const findings = await findingsOf("generic/long-function", {
      "svc/run.go": `package svc\n\nfunc Run() error {\n${steps}\treturn nil\n}\n`,
    });
    expect(findings).toEqual([]);
  });

  it("skips migrations and keeps examples, scripts and lint-exempt files low", async () => {
    const findings = await findingsOf("generic/long-function", {
      "migrations/1717233556_init.go": `package migrations\n\n${goFunction("Up", 320)}`,
      "examples/demo/main.go": `package main\n\n${goFunction("Demo", 320)}`,
      "src/vendor-lint.js": `/* eslint-disable */\nfunction makeVisitors(server) {\n${"  server.step();\n".repeat(320)}}\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["examples/demo/main.go", "low"],
      ["src/vendor-lint.js", "low"],
    ]);
  });
  it("keeps copies of another project's code low by their header: the Go Authors' copyright, a library's licence line", async () => {
    const body = `  for (const y of x.items) {\n${"    y.step();\n    if (y.done) {\n      y.stop();\n    }\n".repeat(90)}  }\n`;
    const findings = await findingsOf("generic/long-function", {
      "server/webdav/internal/xml/read.go": `// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\npackage xml\n\n${goFunction("Unmarshal", 320)}`,
      "frontend/public/js/codemirror.js": `// CodeMirror, copyright (c) by Marijn Haverbeke and others\n// Distributed under an MIT license: http://codemirror.net/LICENSE\n\nfunction runMode(x) {\n${body}}\n`,
      // Near miss: the project's own copyright header.
      "frontend/src/editor.js": `// Copyright 2021 Acme Inc. Licensed under the MIT license.\n\nfunction runMode(x) {\n${body}}\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity]).sort()).toEqual([
      ["frontend/public/js/codemirror.js", "low"],
      ["frontend/src/editor.js", "medium"],
      ["server/webdav/internal/xml/read.go", "low"],
    ]);
  });

  it("keeps a declarative list low: branch-free calls declaring endpoints or tables", async () => {
    const table = (i: number): string =>
      `  await knex.schema.createTable("t${i}", (table) => {\n    table.increments("id");\n    table.string("name", 255);\n    table.integer("user_id").unsigned().notNullable();\n  });\n`;
    const endpoints = Array.from(
      { length: 320 },
      (_, i) => `      query(:get_${i}, Api.Queries.Get${i})`,
    ).join("\n");
    const findings = await findingsOf("generic/long-function", {
      "db/init_db.js": `async function createTables() {\n  log.info("db", "creating tables");\n  const knex = R.knex;\n${Array.from({ length: 70 }, (_, i) => table(i)).join("")}}\nmodule.exports = { createTables };\n`,
      "lib/app_web/api.ex": `defmodule AppWeb.Api do\n  defmacro endpoints do\n    quote do\n${endpoints}\n    end\n  end\nend\n`,
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["db/init_db.js", "low"],
      ["lib/app_web/api.ex", "low"],
    ]);
    expect(findings.map((f) => f.message.includes("a declarative list"))).toEqual([true, true]);
  });
});
