// Minimal coverage report readers (lcov, Cobertura XML, coverage.py JSON, Go coverprofile) for the
// coverage gate: total lines found and hit. Written here because no coverage facts pack exists yet.
import { XMLParser } from "fast-xml-parser";
import type { CoverageSummary } from "./types.js";

/** Report file names looked up at each end when no report is passed on the command line. */
export const COVERAGE_REPORT_PATHS = [
  "coverage/lcov.info",
  "lcov.info",
  "coverage/cobertura-coverage.xml",
  "coverage.xml",
  "cobertura.xml",
  "coverage.json",
  "coverage/coverage.json",
  "coverage.out",
  "cover.out",
  "coverage.txt",
];

function summary(source: string, found: number, hit: number): CoverageSummary {
  return {
    source,
    linesFound: found,
    linesHit: hit,
    percent: found > 0 ? Math.round((hit / found) * 10000) / 100 : null,
  };
}

function parseLcov(text: string, source: string): CoverageSummary | null {
  let found = 0;
  let hit = 0;
  let sawLf = false;
  let daFound = 0;
  let daHit = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("LF:")) {
      found += Number(line.slice(3)) || 0;
      sawLf = true;
    } else if (line.startsWith("LH:")) hit += Number(line.slice(3)) || 0;
    else if (line.startsWith("DA:")) {
      daFound++;
      const count = Number(line.slice(3).split(",")[1]);
      if (count > 0) daHit++;
    }
  }
  if (!sawLf && daFound === 0) return null;
  return sawLf ? summary(source, found, hit) : summary(source, daFound, daHit);
}

function parseCobertura(text: string, source: string): CoverageSummary | null {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(text) as {
    coverage?: Record<string, string>;
  };
  const root = doc.coverage;
  if (!root) return null;
  const valid = Number(root["lines-valid"]);
  const covered = Number(root["lines-covered"]);
  if (Number.isFinite(valid) && Number.isFinite(covered) && valid > 0) return summary(source, valid, covered);
  const rate = Number(root["line-rate"]);
  if (!Number.isFinite(rate)) return null;
  return { source, linesFound: 0, linesHit: 0, percent: Math.round(rate * 10000) / 100 };
}

function parseCoveragePyJson(text: string, source: string): CoverageSummary | null {
  const doc = JSON.parse(text) as { totals?: { num_statements?: number; covered_lines?: number } };
  const totals = doc.totals;
  if (!totals || typeof totals.num_statements !== "number" || typeof totals.covered_lines !== "number")
    return null;
  return summary(source, totals.num_statements, totals.covered_lines);
}

function parseGoProfile(text: string, source: string): CoverageSummary | null {
  const lines = text.split(/\r?\n/);
  if (!lines[0]?.startsWith("mode:")) return null;
  // Blocks can repeat across packages' profiles; keep the best count per block.
  const blocks = new Map<string, { statements: number; count: number }>();
  for (const line of lines.slice(1)) {
    const match = /^(.+:\d+\.\d+,\d+\.\d+) (\d+) (\d+)$/.exec(line.trim());
    if (!match) continue;
    const key = match[1] ?? "";
    const statements = Number(match[2]);
    const count = Number(match[3]);
    const prior = blocks.get(key);
    blocks.set(key, { statements, count: Math.max(count, prior?.count ?? 0) });
  }
  let found = 0;
  let hit = 0;
  for (const block of blocks.values()) {
    found += block.statements;
    if (block.count > 0) hit += block.statements;
  }
  return summary(source, found, hit);
}

/** Reads a coverage report of any supported format, by content; null when it is none of them. */
export function parseCoverageReport(text: string, source: string): CoverageSummary | null {
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith("mode:")) return parseGoProfile(text, source);
    if (trimmed.startsWith("<")) return parseCobertura(text, source);
    if (trimmed.startsWith("{")) return parseCoveragePyJson(text, source);
    return parseLcov(text, source);
  } catch {
    return null;
  }
}
