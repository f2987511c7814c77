// Path conventions: vendored trees, test files, generated files, by what their paths mean across ecosystems.

const VENDORED_SEGMENTS = new Set([
  "node_modules",
  "vendor",
  "vendored",
  "third_party",
  "third-party",
  "thirdparty",
  "3rdparty",
  "bower_components",
  "_build",
  "deps",
  ".venv",
  "venv",
  "site-packages",
  ".git",
  ".hg",
  ".svn",
  ".elixir_ls",
  ".mypy_cache",
  ".pytest_cache",
  "__pycache__",
  ".tox",
  ".next",
  ".nuxt",
  ".turbo",
  ".cache",
]);

/**
 * A `libs/`, `plugins/` or `contrib/` folder inside a web app's static-asset tree (`static/js/libs/`, `public/plugins/`,
 * `static/contrib/js/`): where Flask, Django
 * and single-binary apps keep the third-party scripts they serve as-is (pdf.js, TinyMCE, SoundManager), since
 * there is no bundler to pull them from node_modules. The project's own scripts sit beside it, not in it.
 */
const STATIC_LIBS = /(^|\/)(static|public|assets)\/((js|javascript|scripts)\/)?(libs|plugins|contrib)\//;

/**
 * A `vendors/` folder anywhere in a web app's static-asset tree (`static/vendors/`, Django's app-namespaced
 * `<app>/static/<app>/vendors/`): third-party libraries copied in to be served as they are. Outside a static tree the
 * plural may name the project's own domain (a marketplace's `vendors/` app), so it is not vendored there.
 */
const STATIC_VENDORS = /(^|\/)(static|public|assets)\/([^/]+\/)*vendors\//;

/** A web app's static-asset tree, which a web server serves as the files are (`public/`, `static/`, `assets/`). */
export function isStaticAssetPath(path: string): boolean {
  return /(^|\/)(static|public|assets)\//.test(path);
}

/**
 * A folder named for a library release (`codemirror-5.17.0/`, `jquery.datetimepicker-2.4.5/`, `pdfjs-5.2.133/`)
 * anywhere in a web app's static-asset tree: a third-party distribution unpacked to be served as it is.
 */
const STATIC_RELEASE =
  /(^|\/)(static|public|assets)\/([^/]+\/)*[A-Za-z][\w.]*[-_@]v?\d+\.\d+(\.\d+)*[\w.-]*\//;

/** True for files under a dependency or tool-cache folder that the project did not write. */
export function isVendoredPath(path: string): boolean {
  if (STATIC_LIBS.test(path) || STATIC_RELEASE.test(path) || STATIC_VENDORS.test(path)) return true;
  const segments = path.split("/");
  segments.pop();
  // `deps/` is Elixir's dependency folder only at an app root; elsewhere it may be the project's own code.
  return segments.some((segment, index) => {
    if (segment === "deps") return index === 0 || segments[index - 1] === "apps" || index <= 2;
    return VENDORED_SEGMENTS.has(segment);
  });
}

const TEST_PATH = [
  /(^|\/)(test|tests|unittests?|unit_tests|__tests__|__fixtures__|__mocks__|spec|specs|e2e|testdata|test_support|fixtures)\//,
  // Folders of data files for tests (`internal/configuration/test_resources/`, `agent/test-data/`).
  /(^|\/)tests?[-_]?(?:resources|data|files)\//i,
  /(^|\/)test_[^/]*\.py$/,
  /_test\.(py|go|exs)$/,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(^|\/)conftest\.py$/,
];

/** True for test code and test data, by the conventions of Go, Python, Elixir and JS/TS. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.some((pattern) => pattern.test(path));
}

// A demo or example package is named as one too (`connector-social-demo/`, `demo-app/`, a plugin package
// `ckanext/example_iauthfunctions/` written for the documentation), and so is a kitchen-sink app (`kitchensink/`,
// `kitchen-sink/`: a demo exercising every feature of a platform or library).
const EXAMPLE_PATH =
  /(^|\/)(examples?|samples?|demo|docs?|benchmarks?|kitchen[-_]?sink|[^/]+[-_]demo|demo[-_][^/]+|[^/]+[-_]examples?|examples?[-_][^/]+)\//;

/** True for example, sample, demo and documentation code. */
export function isExamplePath(path: string): boolean {
  return EXAMPLE_PATH.test(path);
}

const MIGRATION_PATH = [
  /(^|\/)priv\/repo\/migrations\//,
  /(^|\/)migrations\/[^/]+\.(py|sql|ex|exs|go|ts|js|rb)$/,
  /(^|\/)migrations?\/[^/]+\/migration\.(ts|js|sql)$/,
  /(^|\/)alembic\/versions\//,
  // alembic's versions folder under another script location (`database/revisions/<schema>/versions/`).
  /(^|\/)(revisions|migrations?)\/([^/]+\/)?versions\/[^/]+\.py$/,
  /(^|\/)db\/migrate\//,
  /(^|\/)migrations?\/\d+[^/]*\.sql$/,
];

/** Database migrations: code that runs once, in order, and is never edited after it shipped. */
/**
 * A folder that keeps code for compatibility on purpose (`compat/`, `legacy/`, `shims/`, `backports/`, a
 * `core-deprecated/` theme): copies there are frozen for old callers, not maintained twice.
 */
const COMPATIBILITY_FOLDER =
  /(^|\/)(compat|compatibility|legacy|shims?|backports?|polyfills?|(?:[^/]+[_.-])?(?:deprecated|legacy))\//i;

export function isCompatibilityPath(path: string): boolean {
  return COMPATIBILITY_FOLDER.test(path);
}

export function isMigrationPath(path: string): boolean {
  return MIGRATION_PATH.some((pattern) => pattern.test(path));
}

const GENERATED_MARKERS = [
  /@generated\b/,
  /\bautogenerated\b/i,
  /\bauto-generated\b/i,
  /\bDO NOT EDIT\b/,
  /^\s*(?:#|\/\/|\/\*+|\*|--|;)?\s*(?:this (?:file|code) (?:is|was|has been) )?(?:automatically |auto-?)?generated (?:by|from|with|using)\b/im,
  // A stamped generator header: `# Generated Thu Nov  9 10:01:53 2023 by generateDS.py version 2.43.3.`
  /^\s*(?:#|\/\/|\/\*+|\*)\s*Generated\b.{0,60}\bby [\w.-]+ version \d/i,
  // webpack's output: its runtime bootstrap, or a chunk pushed onto its JSONP array (development builds inline each
  // module as an eval'd string).
  /^\/\*{6}\/ .*\bwebpackBootstrap\b|^\((?:window|self|globalThis|this)\[["'](?:webpackJsonp|webpackChunk)[\w$]*["']\]/,
  // Compiler glue kept in the tree (emscripten's JavaScript bindings, wasm-bindgen output).
  /\b(?:emscripten|wasm-bindgen)\b.*\b(?:bindings?|glue|output)\b|\b(?:bindings?|glue|output)\b.*\b(?:emscripten|wasm-bindgen)\b/i,
];

/**
 * A project scaffold's note (`Generated by 'django-admin startproject' using Django 4.2.`, `mix phx.new`): the file
 * was written once as a starting point and has been edited by hand since; it is source like any other.
 */
const SCAFFOLD =
  /\b(?:django-admin|manage\.py)\s+start(?:project|app)\b|\bphx\.new\b|\bcreate-react-app\b|\brails new\b/i;

/** Go's convention (go.dev/s/generatedcode): this line anywhere before the first line of code. */
const GO_GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/;

/**
 * API-client generators' own header, which may sit below a title and description in the leading comment
 * (openapi-generator and swagger-codegen: "NOTE: This class is auto generated by OpenAPI Generator … Do not edit
 * the class manually.").
 */
const CLIENT_GENERATOR_HEADER =
  /\bauto[- ]?generated by (?:the )?(?:OpenAPI|swagger)\b|\bDo not edit the class manually\b/i;

/**
 * A comment line of the leading comments (below a licence, say) that opens by saying the file was generated:
 * `// @generated by protoc-gen-es v2`, `// Generated by the protocol buffer compiler.`, or compiled from another
 * language (`// Dafny program spec.dfy compiled into C#`). A remark inside a sentence does not count: only a line
 * that starts with it.
 */
const LEADING_GENERATED_COMMENT =
  /^(?:\/\/+|#|\/\*+|\*)\s*(?:@generated\b|(?:this (?:file|code) (?:is|was|has been) )?(?:automatically |auto-?)?generated (?:by|from)\b|(?:[\w+-]+\s+){0,2}[\w+-]+\.\w+\s+(?:compiled|transpiled) (?:into|to)\s+\S|(?:compiled|transpiled) (?:from|by)\s+\S)/i;

// webpack 5's runtime, the first code of a bundle built from it: lines opening with webpack's six-star comment
// that declare `__webpack_require__` or name a `webpack/runtime/` module. A licence comment of any length may
// stand above it.
const WEBPACK_RUNTIME = /^\/\*{6}\/\s.*(?:\b__webpack_require__\b|\bwebpack\/runtime\/|\bwebpackBootstrap\b)/;

/** How far into a file a generated marker may sit: a header, not a remark in the code. */
const MARKER_LINES = 5;

/**
 * True when a file's header says it was generated: a marker (`DO NOT EDIT`, `@generated`, `Generated by …`)
 * in its first five lines, Go's `// Code generated … DO NOT EDIT.` in its leading comments, or the `/*!` licence
 * banner with a version number that bundlers put on a library's distribution build. A marker further down is
 * a remark about something else (`# the id is autogenerated`), not about the file.
 */
export function isGeneratedText(head: string): boolean {
  const lines = head.slice(0, 1024).split(/\r?\n/);
  const first = lines.slice(0, MARKER_LINES);
  if (first.some((line) => !SCAFFOLD.test(line) && GENERATED_MARKERS.some((marker) => marker.test(line))))
    return true;
  for (const line of lines) {
    const trimmed = line.trim();
    if (
      GO_GENERATED.test(trimmed) ||
      WEBPACK_RUNTIME.test(trimmed) ||
      CLIENT_GENERATOR_HEADER.test(trimmed) ||
      LEADING_GENERATED_COMMENT.test(trimmed)
    )
      return true;
    if (trimmed !== "" && !/^(\/\/|\/\*|\*)/.test(trimmed)) break;
  }
  // REUSE/SPDX lines that a project puts above a library it keeps (`// SPDX-License-Identifier: MIT`) say whose
  // licence the file is under; the library's own banner follows them.
  const spdx = lines.findIndex((line) => line.trim() !== "" && !/^(\/\/|#)\s*SPDX-/.test(line.trim()));
  const licensed = spdx > 0 && lines.slice(0, spdx).some((line) => /SPDX-License-Identifier/.test(line));
  const banner = lines.slice(Math.max(spdx, 0), Math.max(spdx, 0) + MARKER_LINES).join("\n");
  if (
    banner.startsWith("/*!") &&
    /\bv?\d+\.\d+\.\d+\b/.test(banner) &&
    (licensed || /licen[cs]e|\(c\)|copyright/i.test(banner))
  )
    return true;
  return isLibraryBanner(head) || isBundlerOutput(lines) || isCopiedFile(lines);
}

/** esbuild's and Rollup's runtime helpers, declared at the top of a bundle (`var __defProp = Object.defineProperty;`). */
const BUNDLER_HELPER =
  /^var __(?:create|defProp|defProps|getOwnPropDesc|getOwnPropDescs|getOwnPropNames|getOwnPropSymbols|getProtoOf|hasOwnProp|propIsEnum|defNormalProp|spreadValues|spreadProps|commonJS|esm|export|copyProps|toESM|toCommonJS|require|name|publicField) = /;

/**
 * A bundler's output committed to the tree (a Tailwind config bundled by esbuild): its first lines declare the
 * bundler's runtime helpers, which no one writes by hand.
 */
function isBundlerOutput(lines: string[]): boolean {
  const code = lines
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^["']use strict["'];?$/.test(line))
    .slice(0, 5);
  return code.filter((line) => BUNDLER_HELPER.test(line)).length >= 2;
}

/**
 * A file copied from another repository, its first line a comment that points at the file it copies
 * (`# https://github.com/owner/lib/blob/<commit>/lib/heroicons.ex`, `// copied from https://raw.githubusercontent.com/…`):
 * a vendored copy kept as released, not the project's own code. Only a source file's URL: a config that starts from
 * a reference file (`# https://github.com/…/blob/main/.golangci.reference.yml`) is the project's own.
 */
const COPIED_FROM =
  /^(?:#|\/\/+|--|;+|\/\*+|\*)\s*(?:(?:copied|taken|vendored|copy)\s+(?:from|of):?\s*)?https?:\/\/(?:(?:github\.com|gitlab\.com|bitbucket\.org)\/[\w.-]+\/[\w.-]+\/(?:-\/)?(?:blob|raw|src)\/|raw\.githubusercontent\.com\/[\w.-]+\/[\w.-]+\/)[\w.-]+\/\S+\.(?:exs?|[cm]?js|jsx|tsx?|py|go|rb|rs|java|kt|php|c|h|cc|cpp|swift|lua|css|scss)\s*(?:\*\/)?$/i;

function isCopiedFile(lines: string[]): boolean {
  const first = lines.find((line) => line.trim() !== "");
  return first !== undefined && COPIED_FROM.test(first.trim());
}

/**
 * A third-party library's file kept in the tree as it was released: its leading block comment names a version, the
 * library's home page and its release licence (`# Semantic UI - 2.4.1 … https://github.com/… Released under the MIT
 * license`). A project's own licence header names no release version, so it is never taken for one.
 */
function isLibraryBanner(head: string): boolean {
  const text = head.slice(0, 1024).trimStart();
  if (!text.startsWith("/*")) return false;
  const end = text.indexOf("*/");
  const block = end === -1 ? "" : text.slice(0, end);
  return (
    /\bv?\d+\.\d+\.\d+\b/.test(block) &&
    /\b(https?:\/\/|www\.)/.test(block) &&
    /released under|@license\b|licensed under the mit/i.test(block)
  );
}

/**
 * One operation of a swagger-js-codegen client: a JSDoc block that names it (`@name API#get_user`) right above
 * `API.prototype.get_user = function(parameters)`.
 */
const CODEGEN_OPERATION =
  /@name[ \t]+([A-Za-z_$][\w$]*)#([A-Za-z_$][\w$]*)[ \t]*\r?\n(?:[ \t]*\*(?!\/)[^\n]*\n){0,20}[ \t]*\*\/[ \t]*\r?\n[ \t]*\1\.prototype\.\2[ \t]*=[ \t]*function[ \t]*\([ \t]*parameters[ \t]*\)/g;
const PROTOTYPE_METHOD = /\.prototype\.[\w$]+[ \t]*=[ \t]*function\b/g;

/**
 * True when a file has the shape of a generated OpenAPI/Swagger client although no header says so (the generator's
 * output committed after reformatting): five or more methods, nearly all of them one operation each in the
 * generator's form (a JSDoc block naming the operation above a method of that name taking `parameters`). Such
 * files are alike method by method by construction and are regenerated, never edited.
 */
export function isGeneratedApiClient(text: string): boolean {
  if (!text.includes("@name") || !text.includes(".prototype.")) return false;
  const operations = text.match(CODEGEN_OPERATION)?.length ?? 0;
  if (operations < 5) return false;
  const methods = text.match(PROTOTYPE_METHOD)?.length ?? 0;
  return operations >= 0.8 * methods;
}

const GENERATED_NAMES = [
  /\.pb\.go$/,
  /_pb2(_grpc)?\.pyi?$/,
  /(^|\/)(generated|__generated__)\//,
  /\.generated\.[a-z]+$/,
  /\.g\.dart$/,
  /\.min\.(js|css)$/,
  // A content hash in the name (`SelectBox.7d3ce5a98007.js`): a build's or collectstatic's output, beside its source.
  /\.(?=[0-9a-f]*[0-9])[0-9a-f]{8,32}\.(m?js|css)$/,
  // Vite's and Rollup's `[name]-[hash]` in a build's output folder (`assets/docsCreate-Ap21j9FE.js`): eight base64url
  // characters, at least one of them a digit, a capital, `_` or `-` (so `use-debounce.js` is a name, not a hash).
  /(^|\/)(assets|dist|build|static|immutable|chunks)\/([^/]+\/)*[^/]+-(?=[A-Za-z0-9_-]{0,7}[0-9A-Z_-])[A-Za-z0-9_-]{8}\.(m?js|css)$/,
];

export function isGeneratedPath(path: string): boolean {
  return GENERATED_NAMES.some((pattern) => pattern.test(path));
}

/** Lockfiles and other machine-written manifests: read by facts, never analysed as source. */
const LOCKFILE_NAMES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "mix.lock",
  "go.sum",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "Cargo.lock",
  "Gemfile.lock",
  "composer.lock",
]);

export function isLockfilePath(path: string): boolean {
  return LOCKFILE_NAMES.has(path.slice(path.lastIndexOf("/") + 1));
}

/**
 * Notices that only a separately distributed library carries in its header: an RCS/CVS keyword line (`$Id:
 * Base.py,v 1.12 2011/11/23 … Exp $`, written by a version-control system the project does not use), the licence
 * of a library meant to be redistributed with Python (`under the same terms as Python itself`, `standard Python
 * License`, `Licensed to PSF`), and the zlib licence's terms for copies (`claim that you wrote the original
 * software`, `modified from the original software`). A project's own copyright header (`Copyright (C) 2008 Jane
 * Doe`, an SPDX line) is none of these.
 */
const THIRD_PARTY_NOTICES: ReadonlyArray<{ pattern: RegExp; says: string }> = [
  {
    pattern: /\$(?:Id|Header): \S+,v \d+(?:\.\d+)+ /,
    says: "an RCS `$Id` line from its original repository",
  },
  {
    pattern: /same terms as Python itself|standard Python Licen[cs]e|Licensed to (?:the )?PSF\b/i,
    says: "the licence of a library distributed with Python",
  },
  {
    pattern: /claim that you wrote the original software|modified from the original software/i,
    says: "the zlib licence's terms for copies",
  },
  {
    // A copy of a Go standard or x/ package (`Copyright 2011 The Go Authors. All rights reserved.`): only Go's own
    // repositories write it, and they are not services.
    pattern: /Copyright (?:\(c\) )?(?:\d{4}(?:\s*[-,]\s*\d{4})* )?The Go Authors\b/,
    says: "the Go project's copyright (a copy of Go's own source)",
  },
  {
    // A library's redistribution line pointing at its own licence page (`Distributed under an MIT license:
    // http://codemirror.net/LICENSE`): the header a bundled library keeps in each of its files.
    pattern: /Distributed under an? [\w. -]{1,30} licen[cs]e:? https?:\/\/\S+\/LICEN[CS]E\b/i,
    says: "a library's redistribution notice naming its own licence page",
  },
];

/** How far into a file a licence header may reach. */
const NOTICE_LINES = 40;

/**
 * What in a file's header says it is a copy of another project's code (a bundled library the authors did not
 * write and do not maintain), or null. Rules lower hygiene findings in such files: the fix belongs upstream.
 */
export function thirdPartyNotice(text: string): string | null {
  const head = text.split("\n", NOTICE_LINES).join("\n");
  return THIRD_PARTY_NOTICES.find(({ pattern }) => pattern.test(head))?.says ?? null;
}
