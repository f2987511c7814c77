// Classification of files as generated, as migrations, and as not code at all (notes, logs, command output).
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../test/helpers/audit-harness.js";
import { languageFromPath } from "./language-of.js";
import {
  isGeneratedApiClient,
  isGeneratedPath,
  isGeneratedText,
  isMigrationPath,
  isTestPath,
  isVendoredPath,
} from "./path-kind.js";

const longGoFunction = `func Handle() int {\n\tx := 0\n${"\tx++\n".repeat(120)}\treturn x\n}\n`;

describe("isVendoredPath", () => {
  it("takes files under a vendored, third-party or dependency folder for code the project did not write", () => {
    // A library copied in with its banner rewritten (SPDX lines instead of the release header) is found by its folder.
    expect(isVendoredPath("src/app/static/vendored/vue.js")).toBe(true);
    expect(isVendoredPath("web/3rdparty/chart.js")).toBe(true);
    expect(isVendoredPath("lib/thirdparty/x.go")).toBe(true);
    expect(isVendoredPath("assets/vendor/jquery.js")).toBe(true);
    // Near misses: a folder about vendoring, a file named vendored.
    expect(isVendoredPath("src/vendoring/policy.py")).toBe(false);
    expect(isVendoredPath("src/app/vendored.py")).toBe(false);
  });

  it("takes a libs/ folder of a static-asset tree for third-party scripts served as they are", () => {
    expect(isVendoredPath("cps/static/js/libs/pdf.js")).toBe(true);
    expect(isVendoredPath("app/static/libs/tinymce/tinymce.min.js")).toBe(true);
    expect(isVendoredPath("ui/public/libs/uplot/uPlot.js")).toBe(true);
    // Near misses: the app's own scripts beside it, and a libs/ folder of source code.
    expect(isVendoredPath("cps/static/js/table.js")).toBe(false);
    expect(isVendoredPath("src/libs/date.ts")).toBe(false);
    expect(isVendoredPath("packages/api/libs/static.ts")).toBe(false);
  });

  it("takes a contrib/ folder of a static-asset tree for third-party scripts, not a contrib/ package of source", () => {
    expect(isVendoredPath("app/static/contrib/js/ngmodules/upload.js")).toBe(true);
    expect(isVendoredPath("web/public/contrib/editor.js")).toBe(true);
    // Near misses: Django's contrib package, a static tree's own scripts.
    expect(isVendoredPath("django/contrib/auth/views.py")).toBe(false);
    expect(isVendoredPath("app/static/js/contrib.js")).toBe(false);
  });

  it("takes a plugins/ folder and a folder named for a library release in a static-asset tree", () => {
    expect(isVendoredPath("public/plugins/codemirror-5.17.0/mode/perl/perl.js")).toBe(true);
    expect(isVendoredPath("public/plugins/jquery.datetimepicker-2.4.5/jquery.datetimepicker.js")).toBe(true);
    expect(isVendoredPath("static/js/plugins/select2.js")).toBe(true);
    expect(isVendoredPath("assets/pdfjs-5.2.133/build/pdf.mjs")).toBe(true);
    expect(isVendoredPath("web/static/lib/bootstrap-4.6.2/js/bootstrap.js")).toBe(true);
    // Near misses: the app's own plugins in its source tree, a versioned file name, a static tree's own folders.
    expect(isVendoredPath("src/plugins/auth.ts")).toBe(false);
    expect(isVendoredPath("public/js/app-1.2.js")).toBe(false);
    expect(isVendoredPath("public/js/gogs.js")).toBe(false);
    expect(isVendoredPath("assets/v2/app.js")).toBe(false);
  });

  it("takes a vendors/ folder anywhere in a static-asset tree, and only there", () => {
    expect(isVendoredPath("umap/static/umap/vendors/leaflet/leaflet-src.esm.js")).toBe(true);
    expect(isVendoredPath("static/vendors/turf/area/index.js")).toBe(true);
    expect(isVendoredPath("web/public/js/vendors/d3.js")).toBe(true);
    // Near misses: a marketplace's own vendors app, and a static file named for vendors.
    expect(isVendoredPath("shop/vendors/models.py")).toBe(false);
    expect(isVendoredPath("src/vendors/api.ts")).toBe(false);
    expect(isVendoredPath("static/js/vendors.js")).toBe(false);
  });

  it("leaves a static libs/ script out of function-size findings", async () => {
    const body = Array.from({ length: 320 }, (_, i) => `    if (x > ${i}) { y += ${i}; }`).join("\n");
    const script = `function Player(x) {\n    var y = 0;\n${body}\n    return y;\n}\n`;
    const vendored = await findingsOf("generic/long-function", { "cps/static/js/libs/player.js": script });
    const own = await findingsOf("generic/long-function", { "cps/static/js/player.js": script });
    expect(vendored).toEqual([]);
    expect(own).toHaveLength(1);
  });
});

describe("isGeneratedText", () => {
  it("reads a bundler's output and a file copied from another repository as not the project's code", () => {
    const bundle =
      "var __defProp = Object.defineProperty;\nvar __getOwnPropNames = Object.getOwnPropertyNames;\nvar __commonJS = (cb, mod) => function __require() {};\n";
    expect(isGeneratedText(bundle)).toBe(true);
    expect(isGeneratedText("var __defProp = Object.defineProperty;\nmodule.exports = { theme: {} };\n")).toBe(
      false,
    );
    const copied =
      "# https://github.com/acme/icons_elixir/blob/afb57ff3e181fbcf55c68ff64a0e7f1d339a07d4/lib/icons.ex\n\ndefmodule App.Icons do\nend\n";
    expect(isGeneratedText(copied)).toBe(true);
    // A config that starts from a reference file, and a link in a comment further down, are the project's own.
    expect(
      isGeneratedText(
        "# https://github.com/golangci/golangci-lint/blob/master/.golangci.reference.yml\nlinters: {}\n",
      ),
    ).toBe(false);
    expect(
      isGeneratedText(
        "defmodule App.Icons do\n  # https://github.com/acme/icons/blob/main/lib/icons.ex\nend\n",
      ),
    ).toBe(false);
  });

  it("reads a project scaffold's note as source: settings written once by startproject and edited since", () => {
    const settings =
      '"""\nDjango settings for recipes project.\n\nGenerated by \'django-admin startproject\' using Django 2.0.1.\n"""\nimport os\n';
    expect(isGeneratedText(settings)).toBe(false);
    expect(
      isGeneratedText("# Generated by Django 4.2 on 2024-01-01 10:00\nfrom django.db import migrations\n"),
    ).toBe(true);
  });

  it("reads a generated marker in the file's header", () => {
    expect(isGeneratedText("// Code generated by protoc-gen-go. DO NOT EDIT.\npackage api\n")).toBe(true);
    expect(
      isGeneratedText("# Generated by Django 4.2 on 2024-01-01 10:00\nfrom django.db import migrations\n"),
    ).toBe(true);
    expect(isGeneratedText('"""\n@generated by mypy-protobuf.  Do not edit manually!\n"""\n')).toBe(true);
    expect(
      isGeneratedText(
        "/* eslint-disable */\n// @ts-nocheck\n\n/**\n * Slightly modified emscripten bindings of woff2.js\n */\n",
      ),
    ).toBe(true);
    const license = `// Copyright 2024 The Authors.\n${"// Licensed under the Apache License.\n".repeat(8)}\n`;
    expect(isGeneratedText(`${license}// Code generated by mockery. DO NOT EDIT.\n\npackage mocks\n`)).toBe(
      true,
    );
    // protoc-gen-es puts its marker below the licence of the .proto it was generated from.
    expect(
      isGeneratedText(
        `${license}// @generated by protoc-gen-es v2.12.0 with parameter "target=ts"\n/* eslint-disable */\n`,
      ),
    ).toBe(true);
    // A program compiled from another language says so on its first line.
    expect(
      isGeneratedText(
        "// Dafny program spec.dfy compiled into C#\n// To recompile, run dafny.\nusing System;\n",
      ),
    ).toBe(true);
    expect(isGeneratedText("// Compiled from lexer.ts by tsc\nvar x = 1;\n")).toBe(true);
    // generateDS stamps its run below the interpreter lines.
    expect(
      isGeneratedText(
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\n#\n# Generated Thu Nov  9 10:01:53 2023 by generateDS.py version 2.43.3.\n#\n",
      ),
    ).toBe(true);
    expect(isGeneratedText("# Generated reports are written by the worker\nimport os\n")).toBe(false);
    // Near misses: a comment that mentions compiling without saying this file is the output.
    expect(isGeneratedText("// Regexes are compiled once at start-up.\nconst re = /a/;\n")).toBe(false);
    expect(
      isGeneratedText("// The list below is used when the templates are compiled.\nconst x = 1;\n"),
    ).toBe(false);
    expect(isGeneratedText("// Templates are compiled to functions on first use.\nconst x = 1;\n")).toBe(
      false,
    );
    // Near miss: the licence block talks about generated output; the file itself says nothing.
    expect(
      isGeneratedText(
        `${license}// The tables below are generated from the spec at build time.\nexport const x = 1;\n`,
      ),
    ).toBe(false);
    expect(
      isGeneratedText(
        "/*!\n * Vue.js v2.6.8\n * (c) 2014-2019 Evan You\n * Released under the MIT License.\n */\n",
      ),
    ).toBe(true);
  });

  it("does not take a remark further down for a marker", () => {
    const model = [
      "from django.db import models",
      "",
      "",
      "class Token(models.Model):",
      '    """An API token."""',
      "",
      "    # The key is autogenerated on save; DO NOT EDIT it by hand.",
      "    key = models.CharField(max_length=40)",
    ].join("\n");
    expect(isGeneratedText(model)).toBe(false);
    expect(isGeneratedText("package db\n\nvar a = 1\n\n\n\n// Code generated by hand. DO NOT EDIT.\n")).toBe(
      false,
    );
    expect(
      isGeneratedText("/*! normalize.css | MIT License | github.com/necolas/normalize.css */\nhtml {}\n"),
    ).toBe(false);
  });

  it("takes a library's release file (version, home page and release licence in its header) for vendored code", async () => {
    const library = [
      " /*",
      " * # Semantic UI - 2.4.1",
      " * https://github.com/Semantic-Org/Semantic-UI",
      " * http://www.semantic-ui.com/",
      " *",
      " * Copyright 2014 Contributors",
      " * Released under the MIT license",
      " * http://opensource.org/licenses/MIT",
      " *",
      " */",
      "",
    ].join("\n");
    expect(isGeneratedText(library)).toBe(true);
    const body = `function handle() {\n  let x = 0;\n${"  x++;\n".repeat(120)}  return x;\n}\n`;
    expect(
      await findingsOf("generic/long-function", { "assets/semantic/semantic.js": library + body }),
    ).toEqual([]);
    // The project's own licence header names a licence version, not a release of the file: still audited.
    const own = [
      "/**",
      " * Copyright 2024 Acme Inc.",
      ' * Licensed under the Apache License, Version 2.0 (the "License");',
      " * http://www.apache.org/licenses/LICENSE-2.0",
      " * @since 1.2.0",
      " */",
      "",
    ].join("\n");
    expect(isGeneratedText(own)).toBe(false);
    const findings = await findingsOf("generic/long-function", { "src/handle.js": own + body });
    expect(findings.map((f) => f.location?.path)).toEqual(["src/handle.js"]);
  });

  it("reads an API-client generator's header anywhere in the leading comment, not in a later one", () => {
    const header = [
      "/* tslint:disable */",
      "/* eslint-disable */",
      "/**",
      " * Shop API",
      " * The shop's public API",
      " *",
      " * The version of the OpenAPI document: 1.0.0",
      " *",
      " * NOTE: This class is auto generated by OpenAPI Generator (https://openapi-generator.tech).",
      " * Do not edit the class manually.",
      " */",
      "export interface Order { id: string }",
      "",
    ].join("\n");
    expect(isGeneratedText(header)).toBe(true);
    const later = [
      "export interface Order { id: string }",
      "// Do not edit the class manually: it mirrors the server's Order.",
      "export class OrderView {}",
    ].join("\n");
    expect(isGeneratedText(later)).toBe(false);
  });

  it("takes a Swagger client with no header for generated by its shape: one JSDoc-named method per operation", () => {
    const operation = (op: string, jsdoc: boolean) =>
      [
        ...(jsdoc
          ? [
              "  /**",
              "   * @method",
              `   * @name API#${op}`,
              "   * @param {object} parameters - options",
              "   */",
            ]
          : []),
        `  API.prototype.${op} = function(parameters) {`,
        `    return this.request("GET", this.domain + "/${op}", parameters);`,
        "  };",
      ].join("\n");
    const ops = ["get_users", "get_user", "post_user", "patch_user", "delete_user", "get_teams"];
    expect(isGeneratedApiClient(ops.map((op) => operation(op, true)).join("\n"))).toBe(true);
    // Hand-written prototype methods, and a file where only a few methods have the generator's form, are not.
    expect(isGeneratedApiClient(ops.map((op) => operation(op, false)).join("\n"))).toBe(false);
    expect(
      isGeneratedApiClient(ops.map((op, i) => operation(op, i < 3)).join("\n") + operation("get_team", true)),
    ).toBe(false);
  });

  it("takes webpack's output (its bootstrap or a JSONP chunk) for generated code, not a file that mentions webpack", () => {
    expect(isGeneratedText("/******/ (function(modules) { // webpackBootstrap\n/******/ \tvar x;\n")).toBe(
      true,
    );
    expect(
      isGeneratedText(
        '(window["webpackJsonp"] = window["webpackJsonp"] || []).push([["helpers"],{\n/***/ "./a.js":\n',
      ),
    ).toBe(true);
    expect(isGeneratedText('(self["webpackChunkapp"] = self["webpackChunkapp"] || []).push([[1],{\n')).toBe(
      true,
    );
    expect(
      isGeneratedText("// Loads chunks the way webpackBootstrap does.\nexport const load = () => 1;\n"),
    ).toBe(false);
  });

  it("takes a webpack 5 runtime below a licence comment for generated code, not a comment that names it", () => {
    const licence = `/**\n * @licstart The following is the entire license notice\n${" * Licensed under the Apache License.\n".repeat(12)} */\n\n`;
    expect(
      isGeneratedText(`${licence}/******/ // The require scope\n/******/ var __webpack_require__ = {};\n`),
    ).toBe(true);
    expect(isGeneratedText(`${licence}/******/ /* webpack/runtime/define property getters */\n`)).toBe(true);
    expect(
      isGeneratedText(`${licence}// like __webpack_require__ does\nexport const load = () => 1;\n`),
    ).toBe(false);
  });

  it("still audits a file whose marker is not in its header", async () => {
    const source = `package svc\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\n// Fields below are autogenerated by the database; DO NOT EDIT them.\n\n${longGoFunction}`;
    const findings = await findingsOf("generic/long-function", { "svc/handle.go": source });
    expect(findings.map((f) => f.location?.path)).toEqual(["svc/handle.go"]);
    const generated = await findingsOf("generic/long-function", {
      "svc/handle.go": `// Code generated by sqlc. DO NOT EDIT.\n${source}`,
    });
    expect(generated).toEqual([]);
  });
});

describe("isGeneratedPath and isMigrationPath", () => {
  it("knows protobuf stubs, generated folders and migrations", () => {
    expect(isGeneratedPath("lnbits/wallets/lnd_grpc_files/lightning_pb2.pyi")).toBe(true);
    expect(isGeneratedPath("plugins/jsvm/internal/types/generated/types.d.ts")).toBe(true);
    expect(isGeneratedPath("src/generator/index.ts")).toBe(false);
    // Content-hashed names are a build's or collectstatic's output; version numbers and words are not hashes.
    expect(isGeneratedPath("static/admin/js/SelectBox.7d3ce5a98007.js")).toBe(true);
    expect(isGeneratedPath("static/admin/js/SelectBox.js")).toBe(false);
    expect(isGeneratedPath("vendor/jquery.3.7.1.js")).toBe(false);
    expect(isGeneratedPath("src/feed.facade.ts")).toBe(false);
    expect(isGeneratedPath("dist/assets/main.3f9a1c2b.css")).toBe(true);
    // Vite/Rollup name chunks `[name]-[hash]` with a base64url hash, which need not hold a digit.
    expect(isGeneratedPath("ui/dist/assets/docsCreate-Ap21j9FE.js")).toBe(true);
    expect(isGeneratedPath("web/dist/assets/index-BkWoJdaF.js")).toBe(true);
    expect(isGeneratedPath("dist/assets/index-CXf_lG2-.css")).toBe(true);
    expect(isGeneratedPath("static/js/vendor-x9kq2ab0.mjs")).toBe(true);
    expect(isGeneratedPath("src/hooks/use-debounce.js")).toBe(false);
    expect(isGeneratedPath("dist/assets/use-debounce.js")).toBe(false);
    expect(isGeneratedPath("src/components/Date-Picker2.js")).toBe(false);
    expect(isMigrationPath("lib/app/repo/migrations/20220603_add_index.ex")).toBe(true);
    expect(isMigrationPath("packages/database/migrations/20240101_init/migration.sql")).toBe(true);
    expect(isMigrationPath("src/migrate/helpers.ts")).toBe(false);
    // alembic's versions folder under a script location other than alembic/ (one per schema).
    expect(isMigrationPath("src/app/database/revisions/tenant/versions/2021-06-15_8a558baeef05.py")).toBe(
      true,
    );
    expect(isMigrationPath("db/migrations/versions/0001_init.py")).toBe(true);
    expect(isMigrationPath("src/app/api/versions/v2.py")).toBe(false);
    expect(isMigrationPath("src/app/revisions/models.py")).toBe(false);
  });
});

describe("plain text", () => {
  it("classifies notes, logs and command output as plain text, manifests and env files as configuration", () => {
    expect(languageFromPath("docs/notes.txt")).toBe("plaintext");
    expect(languageFromPath("logs/server.log")).toBe("plaintext");
    expect(languageFromPath("requirements-dev.txt")).toBe("text");
    expect(languageFromPath("requirements.txt")).toBe("text");
    expect(languageFromPath(".env.production")).toBe("text");
  });

  it("runs no code or configuration pattern rule on committed logs and notes", async () => {
    const findings = await findingsOf("security/tls-verification-disabled", {
      "logs/deploy.log": "12:00:01 running curl -k https://example.com/health\nverify_ssl: false\n",
      "NOTES.txt": "To debug, run:\n  curl --insecure https://example.com/api\nverify_ssl: false\n",
      ".env": "NODE_TLS_REJECT_UNAUTHORIZED=0\n",
    });
    expect(findings.map((f) => f.location?.path)).toEqual([".env"]);
  });
  it("takes a library's `/*!` banner below the project's SPDX lines for vendored code, and a `vendored/` folder for a vendored tree", async () => {
    const spdx = "// SPDX-FileCopyrightText: 2014-2019 Evan You\n// SPDX-License-Identifier: MIT\n\n";
    const banner = "/*!\n * Vue.js v2.6.10\n */\n";
    expect(isGeneratedText(spdx + banner)).toBe(true);
    // The project's own file under an SPDX header, with no library banner, is audited.
    expect(isGeneratedText(spdx + "/**\n * Speaker search widget.\n */\n")).toBe(false);
    // A banner with a version but no licence anywhere is not enough.
    expect(isGeneratedText(banner)).toBe(false);
    expect(isVendoredPath("src/app/static/vendored/vue.js")).toBe(true);
    expect(isVendoredPath("src/app/static/js/vue.js")).toBe(false);
  });
});

describe("isTestPath", () => {
  it("takes folders of test data files for tests, not folders that only start like them", () => {
    expect(isTestPath("internal/configuration/test_resources/crypto/rsa.2048.pem")).toBe(true);
    expect(isTestPath("internal/configuration/test_resources/config.yml")).toBe(true);
    expect(isTestPath("agent/test-data/amd.json")).toBe(true);
    expect(isTestPath("backend/testfiles/upload.bin")).toBe(true);
    // Near misses: a resources folder, a folder named for testing something else.
    expect(isTestPath("internal/resources/config.yml")).toBe(false);
    expect(isTestPath("internal/testing_resources_manager/config.go")).toBe(false);
    expect(isTestPath("pkg/attestdata/key.pem")).toBe(false);
  });
});
