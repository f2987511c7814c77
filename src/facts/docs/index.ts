// Facts pack: project documents (README, CONTRIBUTING, SECURITY, LICENSE, CHANGELOG, CODE_OF_CONDUCT), README
// sections by heading, the docs/ folder, and doc-comment coverage of public functions per language.
import { basename, dirname, extname } from "node:path/posix";
import { defineCollector, definePack } from "../define.js";
import { docCommentsAnalyzer } from "./doc-comments.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export type DocKind = "readme" | "contributing" | "security" | "license" | "changelog" | "code-of-conduct";
export type ReadmeSection = "install" | "usage" | "configuration" | "test" | "contributing";

export interface DocsFacts {
  /** Each project document found at the root, in .github/ or in docs/ (first match per kind). */
  files: Partial<Record<DocKind, string>>;
  readme: {
    path: string;
    lines: number;
    headings: Array<{ text: string; level: number; line: number }>;
    /** Section kind → line of the heading that provides it. */
    sections: Partial<Record<ReadmeSection, number>>;
    /** A "License" section that names a licence (`Licensed under the Apache License, Version 2.0`), or absent. */
    license?: { name: string; line: number };
  } | null;
  docsFolder: { path: string; files: number; byExtension: Record<string, number> } | null;
  /** Per language: public functions/types and documented ones (non-test code). */
  docComments: Record<string, { publicItems: number; documented: number; undocumented: Array<{ path: string; name: string; line: number }> }>;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    docs: DocsFacts;
  }
}

const DOC_FILES: Array<[DocKind, RegExp]> = [
  ["readme", /^readme(\.(md|markdown|rst|txt|adoc|org))?$/i],
  ["contributing", /^contributing(\.(md|markdown|rst|txt|adoc))?$/i],
  ["security", /^security(\.(md|markdown|rst|txt|adoc))?$/i],
  ["license", /^(licen[cs]e|copying|unlicense)([.-][\w.-]+)?$/i],
  ["changelog", /^(changelog|changes|history|news|releases?)(\.(md|markdown|rst|txt|adoc))?$/i],
  ["code-of-conduct", /^code[_-]of[_-]conduct(\.(md|markdown|rst|txt))?$/i],
];

const SECTION_WORDS: Array<[ReadmeSection, RegExp]> = [
  ["install", /\b(install(ation|ing)?|setup|set[- ]up|getting started|quick ?start|requirements|prerequisites|build(ing)?( from source)?|deploy(ment|ing)?)\b/i],
  ["usage", /\b(usage|how to use|using|examples?|quick ?start|getting started|running|run(ning)? (it|locally)|commands|tutorial|how it works)\b/i],
  ["configuration", /\b(config(uration|uring)?|settings|options|environment( variables)?|env vars?)\b/i],
  ["test", /\b(test(s|ing)?|running tests|development|develop(ing)?|hacking)\b/i],
  ["contributing", /\b(contribut(e|ing|ors?|ion)|development|develop(ing)?|hacking|pull requests?)\b/i],
];

/** Markdown ATX headings, setext headings and reStructuredText underlined titles, outside code fences. */
export function readmeHeadings(text: string): Array<{ text: string; level: number; line: number }> {
  const lines = text.split(/\r?\n/);
  const out: Array<{ text: string; level: number; line: number }> = [];
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const f = /^\s*(```|~~~)/.exec(line);
    if (f?.[1]) {
      fence = fence === null ? f[1] : fence === f[1] ? null : fence;
      return;
    }
    if (fence !== null) return;
    const atx = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (atx?.[1] && atx[2]) {
      out.push({ text: atx[2].trim(), level: atx[1].length, line: i + 1 });
      return;
    }
    const html = /^\s*<h([1-6])[^>]*>(.*?)<\/h\1>/i.exec(line);
    if (html?.[1] && html[2]) {
      out.push({ text: html[2].replace(/<[^>]+>/g, "").trim(), level: Number(html[1]), line: i + 1 });
      return;
    }
    const next = lines[i + 1] ?? "";
    if (line.trim() !== "" && /^(=+|-+|~+|\^+)\s*$/.test(next) && next.trim().length >= Math.min(3, line.trim().length) && !/^\s*[-*|]/.test(line)) {
      out.push({ text: line.trim(), level: next.startsWith("=") ? 1 : 2, line: i + 1 });
    }
  });
  return out;
}

const LICENSE_NAMES: Array<[string, RegExp]> = [
  ["Apache-2.0", /\bApache License,? Version 2\.0\b|\bApache[- ]2(\.0)?\b/i],
  // The licence's own text counts as naming it (a README's License section that quotes the MIT grant in full).
  ["MIT", /\bMIT License\b|\b(licensed|released|is) under the MIT\b|\(MIT\)|\bPermission is hereby granted, free of charge, to any person obtaining a copy\b/i],
  ["ISC", /\bPermission to use, copy, modify, and\/or distribute this software for any purpose with or without fee\b/i],
  ["BSD", /\bBSD[- ]?[23]-Clause\b|\bBSD License\b|\bRedistribution and use in source and binary forms, with or without\s+modification, are permitted\b/i],
  ["MPL-2.0", /\bMozilla Public License\b|\bMPL[- ]?2(\.0)?\b/i],
  ["AGPL", /\bGNU Affero General Public License\b|\bAGPL(-?v?3(\.0)?)?\b/i],
  ["GPL", /\bGNU General Public License\b|\bGPL(-?v?[23](\.0)?)?\b/i],
  ["LGPL", /\bGNU Lesser General Public License\b|\bLGPL\b/i],
  ["ISC", /\bISC License\b/i],
  ["CC0-1.0", /\bCC0\b|\bPublic Domain Dedication\b/i],
  ["Unlicense", /\bUnlicense\b|\breleased into the public domain\b/i],
  ["EUPL", /\bEuropean Union Public Licen[cs]e\b|\bEUPL\b/i],
  ["BSL-1.0", /\bBoost Software License\b/i],
  ["Zlib", /\bzlib License\b/i],
];

/** The licence a README's "License" section names (its first 15 lines), with the section's heading line. */
export function licenseStatedIn(
  text: string,
  headings: Array<{ text: string; line: number }>,
): { name: string; line: number } | null {
  const heading = headings.find((h) => /^licen[cs](e|ing)$/i.test(h.text.replace(/[`*_:]/g, "").trim()));
  if (!heading) return null;
  const body = text.split(/\r?\n/).slice(heading.line, heading.line + 15).join("\n");
  const named = LICENSE_NAMES.find(([, pattern]) => pattern.test(body));
  return named ? { name: named[0], line: heading.line } : null;
}

export function sectionsOf(headings: Array<{ text: string; line: number }>): Partial<Record<ReadmeSection, number>> {
  const sections: Partial<Record<ReadmeSection, number>> = {};
  for (const heading of headings) {
    const text = heading.text.replace(/[`*_[\]()]/g, " ");
    for (const [section, re] of SECTION_WORDS) if (re.test(text) && sections[section] === undefined) sections[section] = heading.line;
  }
  return sections;
}

const LANGUAGE_GROUP: Record<string, string> = { typescript: "typescript", tsx: "typescript", javascript: "javascript", go: "go", python: "python", elixir: "elixir" };

export const docsCollector = defineCollector({
  id: "docs",
  collect(ctx): DocsFacts {
    const files: DocsFacts["files"] = {};
    const rank = (path: string): number => (dirname(path) === "." ? 0 : /^\.github$/i.test(dirname(path)) ? 1 : 2);
    const candidates = ctx.index.files.filter((f) => f.skip !== "skipped-vendored" && /^(\.github\/|docs?\/)?[^/]+$/i.test(f.path));
    for (const [kind, re] of DOC_FILES) {
      const found = candidates.filter((f) => re.test(basename(f.path))).sort((a, b) => rank(a.path) - rank(b.path) || compareCodeUnits(a.path, b.path))[0];
      if (found) files[kind] = found.path;
    }
    // A LICENSE is also declared by a root README badge-free manifest field; only files count here.
    let readme: DocsFacts["readme"] = null;
    if (files.readme) {
      const text = ctx.index.read(files.readme) ?? "";
      const headings = readmeHeadings(text);
      readme = { path: files.readme, lines: text.split("\n").length, headings, sections: sectionsOf(headings.filter((h, i) => !(i === 0 && h.level === 1))) };
      const license = licenseStatedIn(text, headings);
      if (license) readme.license = license;
    }
    let docsFolder: DocsFacts["docsFolder"] = null;
    const docsFiles = ctx.index.files.filter((f) => /^docs?\//i.test(f.path) && f.skip !== "skipped-vendored");
    if (docsFiles.length > 0) {
      const byExtension: Record<string, number> = {};
      for (const f of docsFiles) {
        const ext = extname(f.path).toLowerCase() || "(none)";
        byExtension[ext] = (byExtension[ext] ?? 0) + 1;
      }
      docsFolder = { path: docsFiles[0]!.path.split("/")[0]!, files: docsFiles.length, byExtension };
    }
    const docComments: DocsFacts["docComments"] = {};
    for (const { file, value } of ctx.fileFacts(docCommentsAnalyzer)) {
      const group = LANGUAGE_GROUP[file.language] ?? file.language;
      const entry = (docComments[group] ??= { publicItems: 0, documented: 0, undocumented: [] });
      entry.publicItems += value.publicItems;
      entry.documented += value.documented;
      for (const u of value.undocumented) if (entry.undocumented.length < 10) entry.undocumented.push({ path: file.path, ...u });
    }
    return { files, readme, docsFolder, docComments };
  },
});

export default definePack({
  name: "docs",
  analyzers: [docCommentsAnalyzer],
  collectors: [docsCollector],
  describe(facts) {
    const docs = facts.docs;
    if (!docs) return [];
    const out = [];
    const kinds: DocKind[] = ["readme", "contributing", "security", "license", "changelog", "code-of-conduct"];
    out.push({ area: "docs" as const, label: "Project documents", value: kinds.map((k) => `${k} ${docs.files[k] ? "✓" : "✗"}`).join(", ") });
    if (docs.readme) {
      const sections = (["install", "usage", "configuration", "test", "contributing"] as const).map((s) => `${s} ${docs.readme?.sections[s] ? `(line ${docs.readme.sections[s]})` : "missing"}`);
      out.push({ area: "docs" as const, label: "README sections", value: `${docs.readme.headings.length} headings; ${sections.join(", ")}`, location: { path: docs.readme.path, startLine: 1, endLine: 1 } });
    }
    if (docs.docsFolder) {
      const exts = Object.entries(docs.docsFolder.byExtension).sort((a, b) => b[1] - a[1]).map(([e, n]) => `${e} ${n}`).join(", ");
      out.push({ area: "docs" as const, label: "Docs folder", value: `${docs.docsFolder.path}/: ${docs.docsFolder.files} files (${exts})` });
    }
    for (const [language, c] of Object.entries(docs.docComments).sort(([a], [b]) => compareCodeUnits(a, b))) {
      out.push({ area: "docs" as const, label: `Doc comments (${language})`, value: `${c.documented}/${c.publicItems} public functions/types documented (${Math.round((100 * c.documented) / c.publicItems)}%)` });
    }
    return out;
  },
});
