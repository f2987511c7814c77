import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const PACKAGE = JSON.stringify({ name: "shop", type: "module", main: "src/index.ts" });

describe("node/import-not-exported", () => {
  it("takes `$imports` as exported where babel-plugin-mockable-imports adds it to every module", async () => {
    const files = (devDependencies: Record<string, string>): Record<string, string> => ({
      "package.json": JSON.stringify({ name: "shop", type: "module", main: "src/index.ts", devDependencies }),
      "src/index.ts": "export {};\n",
      "src/Card.tsx": "export default function Card(): null {\n  return null;\n}\n",
      "src/test/Card-test.js":
        "import Card, { $imports, $mocks } from '../Card';\n$imports.$mock({});\nconsole.log(Card, $mocks);\n",
    });
    const withPlugin = await findingsOf(
      "node/import-not-exported",
      files({ "babel-plugin-mockable-imports": "^2.0.1" }),
    );
    // $mocks is no name the plugin adds: still reported.
    expect(withPlugin.map((f) => f.message.split(":")[0])).toEqual([
      "`{ $mocks } from '../Card'` does not resolve",
    ]);
    const without = await findingsOf("node/import-not-exported", files({ vitest: "^3.0.0" }));
    expect(without.map((f) => f.message.split(":")[0]).sort()).toEqual([
      "`{ $imports } from '../Card'` does not resolve",
      "`{ $mocks } from '../Card'` does not resolve",
    ]);
  });

  it("looks a name up in both a declaration file and the JS module it declares", async () => {
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": PACKAGE,
      "src/index.ts": "export {};\n",
      "src/Dialog.jsx": "export const DialogPropType = {};\nexport default function Dialog() {}\n",
      "src/Dialog.d.ts": "export default function Dialog(): void;\n",
      "src/Page.jsx":
        'import Dialog, { DialogPropType, DialogSize } from "./Dialog";\nexport const page = [Dialog, DialogPropType, DialogSize];\n',
    });
    // DialogPropType is in the implementation; DialogSize is in neither.
    expect(
      findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.message.split(":")[0]}`),
    ).toEqual(["src/Page.jsx:1 `{ DialogSize } from './Dialog'` does not resolve"]);
  });

  it("takes the interfaces and types a declaration file beside a JS module declares as its exports", async () => {
    const files = {
      "package.json": PACKAGE,
      "src/index.ts": "export {};\n",
      "src/lib/unifiedDiff.js": "export default function unifiedDiff({ oldText }) {\n  return oldText;\n}\n",
      "src/lib/unifiedDiff.d.ts":
        "export default function unifiedDiff(params: UnifiedDiffParams): string;\n\nexport interface UnifiedDiffParams {\n  oldText: string;\n}\n",
      "src/codeDiff.tsx":
        'import unifiedDiff, { UnifiedDiffParams, DiffOptions } from "./lib/unifiedDiff";\nexport const show = (p: UnifiedDiffParams, o: DiffOptions): string => unifiedDiff(p) + String(o);\n',
    };
    const findings = await findingsOf("node/import-not-exported", files);
    expect(findings.map((f) => f.message.split(":")[0])).toEqual([
      "`{ DiffOptions } from './lib/unifiedDiff'` does not resolve",
    ]);
  });

  it("fires on a named import the in-repo module does not export, and on a missing default", async () => {
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": PACKAGE,
      "src/index.ts":
        'import { formatDate } from "./date";\nimport date from "./date";\nconsole.log(formatDate, date);\n',
      "src/date.ts": "export function formatTime(): string {\n  return '';\n}\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "src/index.ts:1 high",
      "src/index.ts:2 high",
    ]);
    expect(findings[0]?.message).toContain("src/date.ts exports no such name");
  });

  it("takes a default import in an ES module of a file Node loads as CommonJS as its module.exports", async () => {
    const files = (type: string | null): Record<string, string> => ({
      "package.json": JSON.stringify({ name: "web", main: "src/index.ts", ...(type ? { type } : {}) }),
      "src/index.ts": "export {};\n",
      "src/db.ts": "export const prisma = {};\n",
      "src/seed.mts": 'import db from "./db";\nimport { client } from "./db";\nconsole.log(db, client);\n',
      "src/other.ts": 'import db from "./db";\nconsole.log(db);\n',
    });
    // A CommonJS package: the .mts file's default import is module.exports; a named import that is not there, and
    // a default import in a file of the same format, still fire.
    const commonJs = await findingsOf("node/import-not-exported", files(null));
    expect(commonJs.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "src/other.ts:1",
      "src/seed.mts:2",
    ]);
    // An ES module package: db.ts is an ES module with no default export.
    const esm = await findingsOf("node/import-not-exported", files("module"));
    expect(esm.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "src/other.ts:1",
      "src/seed.mts:1",
      "src/seed.mts:2",
    ]);
  });

  it("rates medium a broken import in a script run by hand, high in the application and in bin/", async () => {
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": PACKAGE,
      "src/index.ts": "export const createDb = (): number => 1;\n",
      "scripts/seed/seeder.ts": 'import { db } from "../../src/index";\nconsole.log(db);\n',
      "src/app.ts": 'import { db } from "./index";\nconsole.log(db);\n',
      "bin/cli.ts": 'import { db } from "../src/index";\nconsole.log(db);\n',
    });
    expect(findings.map((f) => `${f.location?.path} ${f.severity}`).sort()).toEqual([
      "bin/cli.ts high",
      "scripts/seed/seeder.ts medium",
      "src/app.ts high",
    ]);
    expect(findings.find((f) => f.location?.path.startsWith("scripts/"))?.message).toContain("run by hand");
  });

  it("stays silent on re-exported, CommonJS, aliased and outside-package names", async () => {
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": PACKAGE,
      "tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "~/*": ["./src/*"] } } }),
      "src/index.ts": [
        'import { formatTime, Clock } from "~/barrel";',
        'import { legacy } from "./legacy.js";',
        'import { useState } from "react";',
        'import { helper } from "./maybe-missing";',
        "console.log(formatTime, Clock, legacy, useState, helper);",
        "",
      ].join("\n"),
      "src/barrel.ts": 'export * from "./date";\nexport { default as Clock } from "./clock";\n',
      "src/date.ts": "export const formatTime = () => '';\n",
      "src/clock.ts": "export default class Clock {}\n",
      "src/legacy.js": "exports.legacy = 1;\n",
    });
    expect(findings).toEqual([]);
  });

  it("is medium when the missing name is used only as a type (erased at run time)", async () => {
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": PACKAGE,
      "src/index.ts": [
        "import {",
        "  FormBody,",
        "  parseBody,",
        '} from "./body";',
        "const body: FormBody = parseBody();",
        "type Other = Exclude<string, FormBody>;",
        "export const value: Other | typeof body = body;",
        "",
      ].join("\n"),
      "src/body.ts": "export const Body = {};\n",
    });
    expect(findings.map((f) => `${/\{ (\w+) \}/.exec(f.message)?.[1]} ${f.severity}`)).toEqual([
      "FormBody medium",
      "parseBody high",
    ]);
  });

  it("checks the JavaScript module that runs, not the .d.ts beside it that describes it", async () => {
    const findings = await findingsOf("node/import-not-exported", {
      "package.json": PACKAGE,
      "src/index.ts":
        'import { DialogPropType } from "./dialog";\nimport { openDialog } from "./wrapper";\nconsole.log(DialogPropType, openDialog);\n',
      "src/dialog.jsx": "export const DialogPropType = {};\nexport function open() {}\n",
      "src/dialog.d.ts": "export declare function open(): void;\n",
      "src/wrapper.js": "export function close() {}\n",
      "src/wrapper.d.ts": "export declare function openDialog(): void;\n",
    });
    // dialog.jsx exports DialogPropType (its .d.ts does not); wrapper.js, the code that runs, has no openDialog.
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual(["src/index.ts:2"]);
  });
});
