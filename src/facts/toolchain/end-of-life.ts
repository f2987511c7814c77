// When each release line of a runtime stopped receiving security fixes, as its maintainers publish it. The table is
// part of the tool, dated below, so an audit of one commit with one codeaudit version says the same thing every
// time; a release line absent from the table is never reported (a newer line, or one whose date is not known).
import { leadingVersion, type Runtime } from "./pins.js";

/** The day this table was last brought up to date: releases whose end of life falls after it are not judged. */
export const END_OF_LIFE_TABLE_DATE = "2026-12-01";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** An end-of-life date of these tables (`YYYY-MM` or `YYYY-MM-DD`) as a report writes it: `April 2021`. */
export function endOfLifeMonth(since: string): string {
  const [year, month] = since.split("-");
  return `${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

interface EndOfLife {
  /** The release line: `3.8`, `18`, `1.13`. */
  line: string;
  /** `YYYY-MM` (or `YYYY-MM-DD`): when security fixes stopped. */
  since: string;
}

/**
 * Sources: Node.js release schedule (even majors: 30 months after release; odd: 6 months), Python's PEPs and
 * devguide (five years per minor), Go's release policy (a release is supported until two newer majors ship),
 * Elixir's support table (security fixes for the last five minors), Erlang/OTP's (the last three majors).
 */
const TABLE: Partial<Record<Runtime, readonly EndOfLife[]>> = {
  node: [
    { line: "4", since: "2018-04" },
    { line: "5", since: "2016-06" },
    { line: "6", since: "2019-04" },
    { line: "7", since: "2017-06" },
    { line: "8", since: "2019-12" },
    { line: "9", since: "2018-06" },
    { line: "10", since: "2021-04" },
    { line: "11", since: "2019-06" },
    { line: "12", since: "2022-04" },
    { line: "13", since: "2020-06" },
    { line: "14", since: "2023-04" },
    { line: "15", since: "2021-06" },
    { line: "16", since: "2023-09" },
    { line: "17", since: "2022-06" },
    { line: "18", since: "2025-04" },
    { line: "19", since: "2023-06" },
    { line: "20", since: "2026-04" },
    { line: "21", since: "2024-06" },
    { line: "23", since: "2025-06" },
  ],
  python: [
    { line: "2.6", since: "2013-10" },
    { line: "2.7", since: "2020-01" },
    { line: "3.3", since: "2017-09" },
    { line: "3.4", since: "2019-03" },
    { line: "3.5", since: "2020-09" },
    { line: "3.6", since: "2021-12" },
    { line: "3.7", since: "2023-06" },
    { line: "3.8", since: "2024-10" },
    { line: "3.9", since: "2025-10" },
    { line: "3.10", since: "2026-10" },
  ],
  go: [
    { line: "1.15", since: "2021-08" },
    { line: "1.16", since: "2022-03" },
    { line: "1.17", since: "2022-08" },
    { line: "1.18", since: "2023-02" },
    { line: "1.19", since: "2023-08" },
    { line: "1.20", since: "2024-02" },
    { line: "1.21", since: "2024-08" },
    { line: "1.22", since: "2025-02" },
  ],
  elixir: [
    { line: "1.6", since: "2020-01" },
    { line: "1.7", since: "2020-10" },
    { line: "1.8", since: "2021-05" },
    { line: "1.9", since: "2022-09" },
    { line: "1.10", since: "2023-06" },
    { line: "1.11", since: "2024-01" },
    { line: "1.12", since: "2024-06" },
    { line: "1.13", since: "2024-12" },
  ],
  erlang: [
    { line: "19", since: "2019-05" },
    { line: "20", since: "2020-05" },
    { line: "21", since: "2021-05" },
    { line: "22", since: "2022-05" },
    { line: "23", since: "2023-05" },
    { line: "24", since: "2024-05" },
  ],
};

/** Runtimes whose release line is major.minor (Python, Go, Elixir) rather than the major alone (Node.js, OTP). */
const MINOR_LINES: ReadonlySet<Runtime> = new Set(["python", "go", "elixir"]);

/** The release line a concrete version belongs to (`3.8.10` → `3.8`, `18.19.0` → `18`), or null. */
export function releaseLineOf(runtime: Runtime, version: string): string | null {
  const concrete = leadingVersion(version);
  if (!concrete) return null;
  const parts = concrete.split(".");
  if (MINOR_LINES.has(runtime)) return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : null;
  return parts[0] ?? null;
}

/** When the release line of this version stopped receiving security fixes (on or before the table's date), or null. */
export function endOfLifeOf(runtime: Runtime, version: string): { line: string; since: string } | null {
  const line = releaseLineOf(runtime, version);
  if (line === null) return null;
  const entry = TABLE[runtime]?.find((candidate) => candidate.line === line);
  return entry && entry.since <= END_OF_LIFE_TABLE_DATE ? { line, since: entry.since } : null;
}
