// Test helper: builds a hostile repository at test time (files, symbolic links, git drivers, bombs) in a temp
// folder, runs the CLI in-process on it and returns everything that left the process (reports and terminal).
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../src/cli/main.js";
import { fakeIo } from "../helpers/fake-io.js";

export interface HostileRepo {
  /** The folder holding the repository (`repo/`), its outputs and anything planted outside it. */
  work: string;
  /** The audited repository. */
  root: string;
  write(path: string, content: string | Buffer): void;
  link(path: string, target: string): void;
  git(...args: string[]): string;
  /** Stages everything and commits; returns the commit hash. */
  commit(message: string): string;
  cleanup(): void;
}

const IDENTITY = [
  "-c",
  "user.name=Hostile Tester",
  "-c",
  "user.email=hostile@example.invalid",
  "-c",
  "commit.gpgsign=false",
  "-c",
  "init.defaultBranch=main",
  "-c",
  "core.hooksPath=/dev/null",
];

/** A fresh folder `repo` inside a new temp folder, optionally a git repository. */
export function hostileRepo(options: { git?: boolean } = {}): HostileRepo {
  const work = mkdtempSync(join(tmpdir(), "codeaudit-hostile-"));
  const root = join(work, "repo");
  mkdirSync(root);
  const git = (...args: string[]): string =>
    execFileSync("git", [...IDENTITY, ...args], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" },
    });
  if (options.git !== false) git("init", "-q");
  let tick = 0;
  return {
    work,
    root,
    write(path, content) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    link(path, target) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      symlinkSync(target, full);
    },
    git,
    commit(message) {
      git("add", "-A");
      tick++;
      const date = `2024-02-${String(tick).padStart(2, "0")}T12:00:00Z`;
      execFileSync("git", [...IDENTITY, "commit", "-q", "--no-verify", "-m", message], {
        cwd: root,
        env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      return git("rev-parse", "HEAD").trim();
    },
    cleanup() {
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every file written under the output folder, by name. */
  files: Record<string, string>;
  /** stdout, stderr and every output file, concatenated: what left the process. */
  everything: string;
}

/** Runs `codeaudit <args>` in-process with `cwd` as working folder; collects the output folder `out`. */
export async function runCli(cwd: string, args: string[], out?: string): Promise<CliRun> {
  const io = fakeIo(cwd);
  const code = await main(args, io);
  const files: Record<string, string> = {};
  const outDir = out ? join(cwd, out) : null;
  if (outDir && existsSync(outDir)) {
    for (const name of readdirSync(outDir).sort()) {
      try {
        files[name] = readFileSync(join(outDir, name), "utf8");
      } catch {
        // A folder or an unreadable entry: not an output file.
      }
    }
  }
  const stdout = io.out();
  const stderr = io.err();
  return { code, stdout, stderr, files, everything: [stdout, stderr, ...Object.values(files)].join("\n") };
}

/** Arguments of an audit of `repo` into `out` with every format, deterministic and single-threaded. */
export function auditArgs(out: string, ...extra: string[]): string[] {
  return [
    "audit",
    "repo",
    "--out",
    out,
    "--format",
    "md,json,sarif,html",
    "--no-timestamp",
    "--jobs",
    "1",
    ...extra,
  ];
}
