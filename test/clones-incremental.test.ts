// The clone index kept between runs (kept-index: findClonesKept): after an edit, the join redoes only what the
// changed files reach, and its facts are the full join's in every case (a changed, a removed and an added file, a
// fragment whose places cross the size where places are compared with neighbours only, a self-copy); changed
// settings and a damaged state are never reused.
import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import { cloneTokensAnalyzer, type CloneTokens } from "../src/facts/clones/clone-tokens.js";
import {
  DEFAULT_CLONE_SETTINGS,
  findClones,
  type CloneInput,
  type CloneSettings,
} from "../src/facts/clones/find-clones.js";
import { findClonesKept, type LazyCloneInput } from "../src/facts/clones/kept-index.js";
import type { FileSummary } from "../src/facts/repo-facts.js";

const settings: CloneSettings = { ...DEFAULT_CLONE_SETTINGS, minTokens: 30, minLines: 4, languages: {} };

/** A function of its own: six different statements (no shape repeats inside a file), their order set by `seed`. */
function ownFunction(name: string, seed: number): string {
  const shapes = [
    (v: string) => `\t${v} = ${v}*3 + ${seed}`,
    (v: string) => `\tif ${v} > ${seed} {\n\t\t${v}--\n\t}`,
    (v: string) => `\tfor i := 0; i < ${seed}; i++ {\n\t\t${v} += i\n\t}`,
    (v: string) => `\t${v} = helper${seed}(${v}, "${name}")`,
    (v: string) => `\tswitch ${v} % 3 {\n\tcase 0:\n\t\t${v} /= 2\n\t}`,
    (v: string) => `\tdefer release(${v})`,
    (v: string) => `\tch <- ${v}`,
    (v: string) => `\t${v}, _ = strconv.Atoi(fmt.Sprint(${v}))`,
  ];
  const v = `v${seed}`;
  const lines = [`func ${name}(${v} int) int {`];
  for (let k = 0; k < 6; k++) lines.push((shapes[(seed + k) % shapes.length] as (v: string) => string)(v));
  lines.push(`\treturn ${v}`, "}");
  return lines.join("\n");
}

/** A fragment copied into many files: a loop over a map with a guard, the same in every copy. */
const SHARED = [
  "func sumPositive(values map[string]int) (int, error) {",
  "\ttotal := 0",
  "\tfor key, value := range values {",
  '\t\tif key == "" {',
  '\t\t\treturn 0, errors.New("empty key")',
  "\t\t}",
  "\t\tif value > 0 {",
  "\t\t\ttotal += value",
  "\t\t}",
  "\t}",
  "\treturn total, nil",
  "}",
].join("\n");

/** A second fragment, copied into three files only. */
const RARE = [
  "func parseHeader(line string) (string, string, bool) {",
  '\tparts := strings.SplitN(line, ":", 2)',
  "\tif len(parts) != 2 {",
  '\t\treturn "", "", false',
  "\t}",
  "\tname := strings.TrimSpace(parts[0])",
  "\tvalue := strings.TrimSpace(parts[1])",
  '\treturn name, value, name != ""',
  "}",
].join("\n");

function tree(sharedIn: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let k = 0; k < 48; k++) {
    const parts = [`package p${k}`, ownFunction(`own${k}`, k + 1)];
    if (k < sharedIn) parts.push(SHARED);
    if (k % 16 === 3) parts.push(RARE);
    parts.push(ownFunction(`tail${k}`, k + 7));
    files[`pkg/p${String(k).padStart(2, "0")}/file.go`] = parts.join("\n\n") + "\n";
  }
  // A file like no other (a switch, no loop or guard of the others).
  files["pkg/alone/alone.go"] =
    [
      "package alone",
      "func kind(code byte) string {",
      "\tswitch code {",
      "\tcase 'a', 'e', 'i', 'o', 'u':",
      '\t\treturn "vowel"',
      "\tcase ' ', '\\t':",
      '\t\treturn "space"',
      "\tdefault:",
      '\t\treturn "other"',
      "\t}",
      "}",
    ].join("\n") + "\n";
  // A file holding the same fragment twice (a copy within one file).
  files["pkg/self/twice.go"] =
    ["package self", RARE, ownFunction("between", 5), RARE.replace("parseHeader", "parseOther")].join(
      "\n\n",
    ) + "\n";
  return files;
}

function summary(path: string): FileSummary {
  return {
    path,
    language: "go",
    isTest: false,
    bytes: 0,
    parsed: false,
    lines: { total: 0, code: 0, comment: 0, blank: 0 },
    facts: {},
  } as FileSummary;
}

function inputsOf(files: Record<string, string>): CloneInput[] {
  return Object.keys(files)
    .sort()
    .map((path) => ({
      file: summary(path),
      value: cloneTokensAnalyzer.analyze({
        text: files[path] as string,
        language: "go",
        path,
      } as never) as CloneTokens,
    }));
}

/** Lazy inputs with digests; `reads` counts the token streams the join asked for. */
function lazy(inputs: readonly CloneInput[]): { inputs: LazyCloneInput[]; reads: Set<string> } {
  const reads = new Set<string>();
  return {
    reads,
    inputs: inputs.map((input) => ({
      file: input.file,
      digest: createHash("sha256").update(JSON.stringify(input.value)).digest("hex"),
      value: () => {
        reads.add(input.file.path);
        return input.value;
      },
    })),
  };
}

/** The state a run on `files` keeps, through the serialisation the cache uses. */
function stateAfter(files: Record<string, string>): unknown {
  return deserialize(serialize(findClonesKept(lazy(inputsOf(files)).inputs, settings, undefined).state));
}

/** Runs the kept join on `files` from `previous`; expects the full join's facts (and the full run's state). */
function expectFullJoin(files: Record<string, string>, previous: unknown): Set<string> {
  const inputs = inputsOf(files);
  const run = lazy(inputs);
  const kept = findClonesKept(run.inputs, settings, previous);
  expect(kept.facts).toEqual(findClones(inputs, settings));
  expect(kept.facts.classes.length).toBeGreaterThan(0);
  // The state it leaves equals a cold run's: a chain of edits never drifts from the full join.
  const cold = findClonesKept(lazy(inputs).inputs, settings, undefined);
  expect(JSON.stringify(kept.facts)).toBe(JSON.stringify(cold.facts));
  const next = lazy(inputs);
  expect(findClonesKept(next.inputs, settings, deserialize(serialize(kept.state))).facts).toEqual(kept.facts);
  return run.reads;
}

/** Three blocks of a function (a loop, a switch, a select): files hold L+M, M+R or, two of them, L+M+R. */
const BLOCK_L = [
  "\tfor i := 0; i < len(items); i++ {",
  "\t\tif items[i] == nil {",
  "\t\t\tcontinue",
  "\t\t}",
  "\t\tcount += items[i].size",
  "\t}",
].join("\n");
const BLOCK_M = [
  "\tswitch mode {",
  "\tcase modeRead:",
  "\t\tcount *= 2",
  "\tcase modeWrite:",
  "\t\tcount -= 1",
  "\tdefault:",
  '\t\treturn 0, errors.New("mode")',
  "\t}",
].join("\n");
const BLOCK_R = [
  "\tdefer lock.Unlock()",
  "\tselect {",
  "\tcase out <- count:",
  "\tcase <-done:",
  "\t\treturn 0, ctx.Err()",
  "\t}",
  '\tlog.Printf("%d", count)',
].join("\n");
type Blocks = "LM" | "MR" | "LMR" | "M";

/** One file per entry of `kinds`, in path order, holding one function made of the blocks named. */
function blockTree(kinds: readonly Blocks[]): Record<string, string> {
  const blocks = { L: BLOCK_L, M: BLOCK_M, R: BLOCK_R };
  const files: Record<string, string> = {};
  kinds.forEach((kind, k) => {
    const body = [...kind].map((name) => blocks[name as keyof typeof blocks]);
    files[`pkg/p${String(k).padStart(3, "0")}/file.go`] =
      [
        `package p${k}`,
        "",
        "func work(items []*entry, mode int) (int, error) {",
        "\tcount := 0",
        ...body,
        "\treturn count, nil",
        "}",
      ].join("\n") + "\n";
  });
  return files;
}

describe("clone index kept between runs", () => {
  it("an unchanged tree reads no token stream and gives the full join's facts", () => {
    const files = tree(10);
    const reads = expectFullJoin(files, stateAfter(files));
    expect(reads.size).toBe(0);
  });

  it("an edited file is read, a file sharing nothing with it is not", () => {
    const files = tree(10);
    const previous = stateAfter(files);
    const edited = { ...files };
    edited["pkg/p20/file.go"] = (edited["pkg/p20/file.go"] as string) + "\n" + RARE + "\n";
    const reads = expectFullJoin(edited, previous);
    expect(reads.has("pkg/p20/file.go")).toBe(true);
    // alone.go shares no fragment with the edited file: nothing of it is compared again.
    expect(reads.has("pkg/alone/alone.go")).toBe(false);
  });

  it("a removed file, an added copy and an edit inside a copy give the full join's facts", () => {
    const files = tree(10);
    const previous = stateAfter(files);
    const removed = { ...files };
    delete removed["pkg/p03/file.go"];
    expectFullJoin(removed, previous);
    const added = { ...files, "pkg/extra/copy.go": files["pkg/p19/file.go"] as string };
    expectFullJoin(added, previous);
    const inside = { ...files };
    inside["pkg/p05/file.go"] = (files["pkg/p05/file.go"] as string).replace(
      "total += value",
      "total += value * 2",
    );
    expectFullJoin(inside, previous);
    const self = { ...files };
    self["pkg/self/twice.go"] = (files["pkg/self/twice.go"] as string).replace("parseOther", "parseThird");
    expectFullJoin(self, previous);
  });

  it("a fragment whose places cross the neighbours-only size (40) gives the full join's facts", () => {
    for (const [from, to] of [
      [40, 41],
      [41, 40],
      [41, 42],
      [39, 41],
    ] as const) {
      const previous = stateAfter(tree(from));
      expectFullJoin(tree(to), previous);
    }
  });

  it("an edit that brings two untouched files within neighbour reach of a large bucket gives the full join's facts", () => {
    // 45 files with L+M, 45 with M+R and two (p020, p038) with L+M+R: every block's places form a bucket of more
    // than 40, where each place is compared with its next 8 only. In L's bucket, p020 and p038 are 9 apart (8 L+M
    // files between them), in R's 10, in M's 18: they are never compared, and no class holds their whole L+M+R.
    // Dropping L from one file between them (p021) brings them to 8 apart in L's bucket: the full join now compares
    // them and finds L+M+R in both. Neither file changed; only the guard (every file of a changed bucket of more
    // than 40 places is touched) has the kept join compare them again.
    const between: Blocks[] = [];
    for (let k = 0; k < 8; k++) between.push("LM", "MR");
    between.push("MR");
    const kinds: Blocks[] = [
      ...Array<Blocks>(20).fill("LM"),
      "LMR",
      ...between,
      "LMR",
      ...Array<Blocks>(17).fill("LM"),
      ...Array<Blocks>(36).fill("MR"),
    ];
    const edited = [...kinds];
    edited[21] = "M";
    const pairClass = (files: Record<string, string>): boolean =>
      findClones(inputsOf(files), settings).classes.some(
        (c) =>
          c.places.length === 2 &&
          c.places[0]?.path === "pkg/p020/file.go" &&
          c.places[1]?.path === "pkg/p038/file.go",
      );
    expect(pairClass(blockTree(kinds))).toBe(false);
    expect(pairClass(blockTree(edited))).toBe(true);
    expectFullJoin(blockTree(edited), stateAfter(blockTree(kinds)));
    // And back: p020 and p038 leave each other's reach, their class goes.
    expectFullJoin(blockTree(kinds), stateAfter(blockTree(edited)));
  });

  it("changed settings or a damaged state are not reused (every stream read, the full join's facts)", () => {
    const files = tree(10);
    const previous = stateAfter(files);
    const inputs = inputsOf(files);
    const other = { ...settings, minTokens: 40 };
    const changed = lazy(inputs);
    expect(findClonesKept(changed.inputs, other, previous).facts).toEqual(findClones(inputs, other));
    expect(changed.reads.size).toBe(inputs.length);
    const damaged = { ...(previous as Record<string, unknown>), fpHash: new Uint32Array(3) };
    const run = lazy(inputs);
    expect(findClonesKept(run.inputs, settings, damaged).facts).toEqual(findClones(inputs, settings));
    expect(run.reads.size).toBe(inputs.length);
    const wrong = { ...(previous as Record<string, unknown>), version: 0 };
    expect(findClonesKept(lazy(inputs).inputs, settings, wrong).facts).toEqual(findClones(inputs, settings));
  });
});
