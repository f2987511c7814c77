// Classifies a changed path as code, tests, CI, docs, config, migrations or dependencies (first match wins).
import { CODE_LANGUAGES } from "../model/language.js";
import { languageFromPath } from "../repo/language-of.js";
import { isLockfilePath, isMigrationPath, isTestPath } from "../repo/path-kind.js";
import type { ChangeKind } from "./types.js";

const MANIFESTS = new Set([
  "package.json",
  "go.mod",
  "mix.exs",
  "pyproject.toml",
  "Pipfile",
  "setup.py",
  "setup.cfg",
  "Cargo.toml",
  "Gemfile",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "composer.json",
]);

const CI = [
  /^\.(?:github|depot)\/workflows\//,
  /(^|\/)\.gitlab-ci\.ya?ml$/,
  /^\.circleci\//,
  /(^|\/)Jenkinsfile$/,
  /(^|\/)azure-pipelines\.ya?ml$/,
  /^\.buildkite\//,
  /^\.woodpecker/,
  /(^|\/)\.travis\.ya?ml$/,
  /^\.github\/dependabot\.ya?ml$/,
];

const DOCS = [
  /\.(md|mdx|rst|adoc|txt)$/i,
  /(^|\/)(LICENSE|CHANGELOG|CHANGES|NEWS|AUTHORS|CONTRIBUTING)(\.[a-z]+)?$/i,
];
/** A docs folder: its code is docs tooling (Sphinx conf.py, site scripts), except Go, whose doc/ folders are packages. */
const DOCS_FOLDER = /(^|\/)docs?\//;

const CONFIG_NAMES = [
  /(^|\/)\.[^/]+$/,
  /(^|\/)(Dockerfile|Containerfile|Makefile|Procfile)(\.[^/]*)?$/,
  /\.(ini|cfg|conf|env|properties|lock)$/,
  /(^|\/)(config|configs|deploy|k8s|helm|charts)\//,
];

/** True for package manifests and lockfiles of any ecosystem. */
export function isDependencyPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return (
    MANIFESTS.has(base) ||
    isLockfilePath(path) ||
    /^requirements[^/]*\.(txt|in)$/.test(base) ||
    /^constraints[^/]*\.txt$/.test(base)
  );
}

export function classifyChange(path: string): ChangeKind {
  if (isMigrationPath(path)) return "migrations";
  if (isDependencyPath(path)) return "dependencies";
  if (CI.some((pattern) => pattern.test(path))) return "ci";
  if (isTestPath(path)) return "tests";
  if (DOCS.some((pattern) => pattern.test(path))) return "docs";
  const language = languageFromPath(path);
  if (language !== null && CODE_LANGUAGES.has(language))
    return DOCS_FOLDER.test(path) && !path.endsWith(".go") ? "docs" : "code";
  if (DOCS_FOLDER.test(path)) return "docs";
  if ((language !== null && language !== "text") || CONFIG_NAMES.some((pattern) => pattern.test(path)))
    return "config";
  return "other";
}
