// Which source files are copies of another project's code, kept in the tree under that project's licence: their
// header names a copyright holder the repository's own licence files do not name, and a licence the repository is
// not released under (`// CodeMirror, copyright (c) by Marijn Haverbeke … Distributed under an MIT license` in a
// GPL project; `// Copyright 2009 The Go Authors … BSD-style license` in an AGPL one). Such a file is the upstream
// project's code: what is wrong in it is fixed there, not held against the project that keeps the copy.

import { SOURCE_EXTENSION } from "./generator-outputs.js";

/** A source file whose header says it is another project's code. */
export interface ThirdPartyCopy {
  path: string;
  /** The copyright holder its header names (`Marijn Haverbeke and others`, `The Go Authors`). */
  holder: string;
  /** The licence its header names (`MIT`, `BSD`), and the repository's own (`GPL`, `AGPL`). */
  licence: string;
  repositoryLicence: string;
}

type Family =
  "AGPL" | "LGPL" | "MPL" | "GPL" | "Apache" | "BSD" | "MIT" | "ISC" | "EPL" | "Unlicense" | "vendor terms";

/**
 * The licence families a licence file's text opens with, most specific first: the AGPL, the LGPL and the MPL name
 * the GPL in their text, so they are tried before it; the permissive licences are known by their first sentence
 * as much as by their title (an MIT licence file often has no title).
 */
const LICENCE_FILE_FAMILIES: ReadonlyArray<[Family, RegExp]> = [
  ["AGPL", /\bAffero General Public License\b|\bAGPL-?\d/i],
  ["LGPL", /\bLesser General Public License\b|\bLibrary General Public License\b|\bLGPL-?\d/i],
  ["MPL", /\bMozilla Public License\b|\bMPL-?\d/i],
  ["EPL", /\bEclipse Public License\b/i],
  ["GPL", /\bGNU General Public License\b|\bGPL-?\d/i],
  ["Apache", /\bApache License\b/i],
  ["BSD", /\bBSD\b|Redistribution and use in source and binary forms/i],
  ["MIT", /\bMIT License\b|Permission is hereby granted, free of charge/i],
  [
    "ISC",
    /\bISC License\b|Permission to use, copy, modify, and(?:\/or)? distribute this software for any purpose/i,
  ],
  ["Unlicense", /\bThis is free and unencumbered software released into the public domain\b/i],
];

/** The licence families a file's header names (`BSD-style license`, `Distributed under an MIT license`, an SPDX id). */
const HEADER_FAMILIES: ReadonlyArray<[Family, RegExp]> = [
  ["AGPL", /\bAffero General Public\b|\bAGPL\b/i],
  ["LGPL", /\bLesser General Public\b|\bLibrary General Public\b|\bLGPL\b/i],
  ["MPL", /\bMozilla Public\b|\bMPL-\d/i],
  ["EPL", /\bEclipse Public\b|\bEPL-\d/i],
  ["GPL", /(?<!Lesser |Library |Affero )\bGNU General Public\b|(?<![AL])\bGPL\b/i],
  ["Apache", /\bApache License\b|\bApache-2\.0\b/i],
  ["BSD", /\bBSD\b|Redistribution and use in source and binary forms/i],
  ["MIT", /\bMIT\b|Permission is hereby granted, free of charge/],
  ["ISC", /\bISC\b/],
  // A company's own grant for its SDK (`You are hereby granted a non-exclusive, worldwide, royalty-free license to
  // use … in connection with the web services and APIs provided by Facebook`): no repository is released under it.
  ["vendor terms", /\bYou are hereby granted an? [\w\s,-]{0,80}\blicen[cs]e to use\b/i],
];

/** The root files that say under what licence, and by whom, the repository is released. */
const ROOT_LICENCE_FILE = /^(?:LICEN[CS]E|COPYING|UNLICENSE)(?:[-._][\w.-]*)?$/i;
const ROOT_HOLDER_FILE = /^(?:NOTICE|AUTHORS|CONTRIBUTORS|COPYRIGHT|README)(?:\.[\w]+)?$/i;

/**
 * A copyright line: its holder is what follows the years, `(c)` or `by`, up to the end of the sentence (a licence's
 * "the above copyright notice" has none of them, so it names no holder).
 */
const COPYRIGHT =
  /\bcopyright\b(?:\s*(?:\(c\)|©|\d{4}(?:\s*[-–,]\s*(?:\d{4}|present))*|by)[\s,]*)+\s*([A-Z][^\n.,;<>()]{1,80})/i;

/** An author named with an address in a header (`# 2017-05-02 Jane Doe <jane@example.org>`): the name. */
const AUTHOR = /([\p{L}][\p{L}.'-]*(?:[ \t]+[\p{L}][\p{L}.'-]*){1,3})[ \t]*<[^<>@\s]+@[^<>\s]+>/gu;

/** Words of a holder's name that say nothing of who it is. */
const HOLDER_FILLER = new Set([
  "the",
  "and",
  "others",
  "other",
  "its",
  "authors",
  "author",
  "contributors",
  "contributor",
  "inc",
  "llc",
  "ltd",
  "gmbh",
  "all",
  "rights",
  "reserved",
  "project",
  "team",
  "developers",
  "of",
  "by",
]);

function familiesOf(text: string, table: ReadonlyArray<[Family, RegExp]>): Family[] {
  const found: Family[] = [];
  for (const [family, pattern] of table) {
    if (!pattern.test(text)) continue;
    // A header naming the LGPL or the AGPL names the GPL within its name: the more specific one is meant.
    if (family === "GPL" && (found.includes("LGPL") || found.includes("AGPL"))) continue;
    found.push(family);
  }
  return found;
}

/** The comment lines a file opens with (a licence header), up to its first line of code. */
export function leadingComment(text: string, maxLines = 40): string {
  const lines = text.split(/\r?\n/, maxLines);
  const kept: string[] = [];
  let inBlock = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (i === 0 && line.startsWith("#!")) continue;
    if (inBlock) {
      kept.push(line);
      if (line.includes("*/")) inBlock = false;
      continue;
    }
    if (line === "") continue;
    if (line.startsWith("/*")) {
      kept.push(line);
      inBlock = !line.includes("*/", 2);
      continue;
    }
    if (/^(?:\/\/|#(?![!\[])|--|;)/.test(line)) {
      kept.push(line);
      continue;
    }
    break;
  }
  return kept.join("\n");
}

/** The significant words of a holder's name, lower-cased (`The Go Authors` → `go`). */
function holderWords(holder: string): string[] {
  return holder
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 2 && !HOLDER_FILLER.has(word) && !/^\d+$/.test(word));
}

/**
 * The source files of `paths` that are copies of another project's code by their header. Needs the repository's
 * licence: with no root licence file of a known licence, nothing is decided. `mayHoldCopyright` lets a caller skip
 * reading files known to hold no copyright line (a memo of an earlier run); `readHead` reads a source file's first
 * kilobytes (its header is all that is looked at).
 */
export function thirdPartyCopies(
  paths: readonly string[],
  read: (path: string) => string | null,
  repositoryName: string,
  mayHoldCopyright: (path: string) => boolean = () => true,
  readHead: (path: string) => string | null = read,
): ThirdPartyCopy[] {
  const rootFiles = paths.filter((path) => !path.includes("/"));
  const licenceTexts = rootFiles
    .filter((path) => ROOT_LICENCE_FILE.test(path))
    .map((path) => read(path) ?? "");
  const families = new Set(
    licenceTexts.flatMap((text) => familiesOf(text.slice(0, 1500), LICENCE_FILE_FAMILIES)),
  );
  if (families.size === 0) return [];
  // Whoever the root licence, notice, authors and readme files name as copyright holders, and the repository's
  // own name, is the project: a file of theirs under another licence is still theirs.
  const ownWords = new Set(holderWords(repositoryName));
  for (const text of [
    ...licenceTexts,
    ...rootFiles.filter((path) => ROOT_HOLDER_FILE.test(path)).map((path) => read(path) ?? ""),
  ])
    for (const line of text.split("\n"))
      if (/copyright|©|author/i.test(line) && !/<name of (?:author|copyright owner)>|\[name of/i.test(line))
        for (const word of holderWords(line.replace(/^.*?(?:copyright|©)/i, ""))) ownWords.add(word);
  const repositoryLicence = [...families].join(" or ");
  const headers: Array<{
    path: string;
    holder: string;
    words: string[];
    licences: Family[];
    authors: string[];
  }> = [];
  for (const path of paths) {
    if (!SOURCE_EXTENSION.test(path) && !/\.(?:css|scss|less)$/.test(path)) continue;
    if (!mayHoldCopyright(path)) continue;
    const text = readHead(path);
    if (!text) continue;
    const header = leadingComment(text);
    const holder = COPYRIGHT.exec(header)?.[1]?.trim() ?? "";
    const words = holderWords(holder);
    const authors = [...header.matchAll(AUTHOR)].map((m) => m[1] ?? "");
    if (words.length > 0 || authors.length > 0)
      headers.push({ path, holder, words, licences: familiesOf(header, HEADER_FAMILIES), authors });
  }
  // A holder who also signs files under the repository's licence (or under none), as holder or as an author with
  // an address, is one of its authors, whatever licence they chose for a file of theirs (a script released under
  // the BSD licence in an AGPL project).
  for (const { words, licences, authors } of headers)
    if (licences.length === 0 || licences.some((family) => families.has(family)))
      for (const word of [...words, ...authors.flatMap(holderWords)]) ownWords.add(word);
  const copies: ThirdPartyCopy[] = [];
  for (const { path, holder, words, licences } of headers) {
    if (words.length === 0 || licences.length === 0 || licences.some((family) => families.has(family)))
      continue;
    if (words.some((word) => ownWords.has(word))) continue;
    copies.push({ path, holder, licence: licences.join(" or "), repositoryLicence });
  }
  return copies;
}

/** The words a file holding a copyright line holds, as bytes (for a memo of which files hold none). */
export const COPYRIGHT_WORDS: readonly string[] = ["Copyright", "copyright", "COPYRIGHT"];
