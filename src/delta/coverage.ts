// The coverage gate's view of a report: lines found and hit, read with the coverage facts' readers.
import { readCoverageReport } from "../facts/tests/coverage-reports.js";
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

/** Reads a coverage report of any supported format, by content; null when it is none of them. */
export function parseCoverageReport(text: string, source: string): CoverageSummary | null {
  const report = readCoverageReport(text);
  if (!report) return null;
  return { source, linesFound: report.total, linesHit: report.covered, percent: report.percent };
}
