// A copy of another project's code (its header names another holder under a licence the repository is not released
// under, or .gitattributes marks it linguist-vendored) is left out of source analysis, as a library's release file is.
import { describe, expect, it } from "vitest";
import { runEngine } from "../src/engine/run-engine.js";
import { DEFAULT_ENGINE_SETTINGS } from "../src/engine/settings.js";
import { leadingComment, thirdPartyCopies } from "../src/facts/third-party-copies.js";
import { indexFromMemory } from "../src/repo/repo-index.js";

const GPL =
  "                    GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007\n";
const AGPL =
  "                    GNU AFFERO GENERAL PUBLIC LICENSE\n                       Version 3, 19 November 2007\n";
const MIT =
  "MIT License\n\nCopyright (c) 2020 Jane Doe\n\nPermission is hereby granted, free of charge, to any person\n";

const editor = [
  "// CodeMirror, copyright (c) by Marijn Haverbeke and others",
  "// Distributed under an MIT license: http://codemirror.net/LICENSE",
  "",
  ...Array.from(
    { length: 120 },
    (_, i) => `export function mode${i}(s) {\n  if (s > ${i}) return ${i};\n  return s;\n}\n`,
  ),
].join("\n");

const goCopy = [
  "// Copyright 2009 The Go Authors. All rights reserved.",
  "// Use of this source code is governed by a BSD-style",
  "// license that can be found in the LICENSE file.",
  "",
  "package xml",
  "",
  "func Read() int { return 1 }",
].join("\n");

describe("third-party copies", () => {
  it("names a file whose header has another holder under a licence the repository is not released under", () => {
    const files: Record<string, string> = {
      LICENSE: AGPL,
      "server/xml/read.go": goCopy,
      "server/own.go": "// Copyright 2023 The Alist Authors\n\npackage server\n",
      "main.go": "package main\n",
    };
    const copies = thirdPartyCopies(Object.keys(files), (p) => files[p] ?? null, "alist");
    expect(copies).toEqual([
      { path: "server/xml/read.go", holder: "The Go Authors", licence: "BSD", repositoryLicence: "AGPL" },
    ]);
  });

  it("keeps a file under the repository's own licence, one of a holder the licence names, and an author's own", () => {
    const sameLicence = {
      LICENSE: "Copyright (c) 2009 The Go Authors.\nRedistribution and use in source and binary forms\n",
    };
    expect(
      thirdPartyCopies(
        ["LICENSE", "xml/read.go"],
        (p) => ({ ...sameLicence, "xml/read.go": goCopy })[p] ?? null,
        "x",
      ),
    ).toEqual([]);
    // MIT header in an MIT repository: the same licence, whoever holds it.
    expect(
      thirdPartyCopies(
        ["LICENSE", "js/cm.js"],
        (p) => ({ LICENSE: MIT, "js/cm.js": editor })[p] ?? null,
        "x",
      ),
    ).toEqual([]);
    // A BSD-licensed script by someone who signs the project's AGPL files as an author.
    const files: Record<string, string> = {
      LICENSE: AGPL,
      "app/lib.py":
        "# 2017-05-02 Friedrich Weber <fw@example.org>\n#\n# This program is free software: AGPL\n\nimport os\n",
      "app/tool.py":
        "# Copyright (c) 2017, Friedrich Weber\n# All rights reserved.\n#\n# Redistribution and use in source and binary forms\n\nimport sys\n",
    };
    expect(thirdPartyCopies(Object.keys(files), (p) => files[p] ?? null, "x")).toEqual([]);
    // No licence file at the root: nothing to compare with.
    expect(thirdPartyCopies(["xml/read.go"], () => goCopy, "x")).toEqual([]);
  });

  it("names a file under a company's own SDK grant (no open-source licence) as a copy", () => {
    const sdk = [
      "/**",
      " * Copyright (c) 2017-present, Examplecorp, Inc. All rights reserved.",
      " *",
      " * You are hereby granted a non-exclusive, worldwide, royalty-free license to use,",
      " * copy, modify, and distribute this software in connection with the APIs provided by Examplecorp.",
      " */",
      "var sdk = 1;",
    ].join("\n");
    const own = "/**\n * Copyright (c) 2024 Postbox Team\n */\nvar x = 1;\n";
    const files: Record<string, string> = { LICENSE: AGPL, "public/sdk.js": sdk, "src/app.js": own };
    expect(thirdPartyCopies(Object.keys(files), (p) => files[p] ?? null, "postbox")).toEqual([
      { path: "public/sdk.js", holder: "Examplecorp", licence: "vendor terms", repositoryLicence: "AGPL" },
    ]);
  });

  it("reads the comment lines a file opens with, up to its first line of code", () => {
    expect(leadingComment("#!/usr/bin/env python\n# Copyright 2020 A\n\nimport os\n# later\n")).toBe(
      "# Copyright 2020 A",
    );
    expect(leadingComment("/*\n * Copyright B\n */\nvar x;\n")).toBe("/*\n* Copyright B\n*/");
  });

  it("leaves the copy out of source analysis, and analyses it in a repository under the same licence", async () => {
    const files = {
      LICENSE: GPL,
      "frontend/js/codemirror.js": editor,
      "frontend/js/app.js": "export const a = 1;\n",
    };
    const result = await runEngine(indexFromMemory(files), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    expect(result.diagnostics).toContainEqual({
      kind: "skipped-generated",
      path: "frontend/js/codemirror.js",
      message:
        "a copy of Marijn Haverbeke and others's code (its header's licence is MIT, the repository's GPL): not analysed as source",
    });
    expect(result.findings.filter((f) => f.location?.path === "frontend/js/codemirror.js")).toEqual([]);

    const own = await runEngine(indexFromMemory({ ...files, LICENSE: MIT }), DEFAULT_ENGINE_SETTINGS, {
      jobs: 1,
    });
    expect(
      own.findings.some(
        (f) => f.ruleId === "generic/god-file" && f.location?.path === "frontend/js/codemirror.js",
      ),
    ).toBe(true);
  });

  it("skips source files a .gitattributes marks linguist-vendored", async () => {
    const files = {
      ".gitattributes": "*.js linguist-detectable=false\ndev/* linguist-vendored\n",
      "dev/tool.js": "export const t = 1;\n",
      "src/app.js": "export const a = 1;\n",
    };
    const result = await runEngine(indexFromMemory(files), DEFAULT_ENGINE_SETTINGS, { jobs: 1 });
    expect(result.diagnostics.filter((d) => d.kind === "skipped-generated")).toEqual([
      {
        kind: "skipped-generated",
        path: "dev/tool.js",
        message: "marked linguist-vendored at .gitattributes:2: a third-party copy, not analysed as source",
      },
    ]);
  });
});
