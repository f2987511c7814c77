// Coverage report readers, by content: lcov, Cobertura XML, coverage.py JSON, excoveralls JSON, Go coverprofile.
// Shared by the coverage collector (reports in the tree or passed with --coverage) and the delta coverage gate.
import { XMLParser } from "fast-xml-parser";

export type CoverageFormat = "lcov" | "cobertura" | "coverage.py" | "go" | "excoveralls";

export interface CoverageReport {
  format: CoverageFormat;
  /** Lines (statements for coverage.py and Go) covered and measured; 0/0 when a report gives only a rate. */
  covered: number;
  total: number;
  /** Percent covered, two decimals. */
  percent: number;
}

const percentOf = (covered: number, total: number): number =>
  total === 0 ? 0 : Math.round((covered / total) * 10000) / 100;

/** Reads a coverage report of any supported format; null when the text is none of them (or broken). */
export function readCoverageReport(text: string): CoverageReport | null {
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith("mode:")) return goProfile(text);
    if (trimmed.startsWith("<")) return cobertura(text);
    if (trimmed.startsWith("{")) return jsonReport(text);
    return lcov(text);
  } catch {
    return null;
  }
}

function lcov(text: string): CoverageReport | null {
  let found = 0;
  let hit = 0;
  let sawSummary = false;
  let daFound = 0;
  let daHit = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("LF:")) {
      found += Number(line.slice(3)) || 0;
      sawSummary = true;
    } else if (line.startsWith("LH:")) hit += Number(line.slice(3)) || 0;
    else if (line.startsWith("DA:")) {
      daFound++;
      if (Number(line.slice(3).split(",")[1]) > 0) daHit++;
    }
  }
  if (!sawSummary && daFound === 0) return null;
  const [covered, total] = sawSummary ? [hit, found] : [daHit, daFound];
  return { format: "lcov", covered, total, percent: percentOf(covered, total) };
}

function cobertura(text: string): CoverageReport | null {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(text) as {
    coverage?: Record<string, string>;
  };
  const root = doc.coverage;
  if (!root) return null;
  const total = Number(root["lines-valid"]);
  const covered = Number(root["lines-covered"]);
  if (Number.isFinite(total) && Number.isFinite(covered) && total > 0) {
    return { format: "cobertura", covered, total, percent: percentOf(covered, total) };
  }
  const rate = Number(root["line-rate"]);
  if (!Number.isFinite(rate)) return null;
  return { format: "cobertura", covered: 0, total: 0, percent: Math.round(rate * 10000) / 100 };
}

function jsonReport(text: string): CoverageReport | null {
  const doc = JSON.parse(text) as {
    totals?: { num_statements?: number; covered_lines?: number; percent_covered?: number };
    source_files?: Array<{ coverage?: Array<number | null> }>;
  };
  if (
    doc.totals &&
    typeof doc.totals.num_statements === "number" &&
    typeof doc.totals.covered_lines === "number"
  ) {
    const { num_statements: total, covered_lines: covered } = doc.totals;
    const percent =
      typeof doc.totals.percent_covered === "number"
        ? Math.round(doc.totals.percent_covered * 100) / 100
        : percentOf(covered, total);
    return { format: "coverage.py", covered, total, percent };
  }
  if (Array.isArray(doc.source_files)) {
    let covered = 0;
    let total = 0;
    for (const source of doc.source_files)
      for (const count of source.coverage ?? []) {
        if (count === null) continue;
        total++;
        if (count > 0) covered++;
      }
    return total > 0 ? { format: "excoveralls", covered, total, percent: percentOf(covered, total) } : null;
  }
  return null;
}

function goProfile(text: string): CoverageReport | null {
  const lines = text.split(/\r?\n/);
  if (!/^mode:\s*(set|count|atomic)/.test(lines[0] ?? "")) return null;
  // The same block can appear in several packages' profiles; keep its best count.
  const blocks = new Map<string, { statements: number; count: number }>();
  for (const line of lines.slice(1)) {
    const match = /^(.+:\d+\.\d+,\d+\.\d+) (\d+) (\d+)$/.exec(line.trim());
    if (!match) continue;
    const key = match[1] ?? "";
    const prior = blocks.get(key);
    blocks.set(key, { statements: Number(match[2]), count: Math.max(Number(match[3]), prior?.count ?? 0) });
  }
  let covered = 0;
  let total = 0;
  for (const block of blocks.values()) {
    total += block.statements;
    if (block.count > 0) covered += block.statements;
  }
  return total > 0 ? { format: "go", covered, total, percent: percentOf(covered, total) } : null;
}
