// `codeaudit plan --draft`: a plan drafted from the project's own Markdown plans, roadmaps and milestone notes.
// Markdown is parsed with mdast (GFM: task lists, tables); stage headings open stages, and checkbox items,
// "create/add/implement X" lines, module and file names in code, commands and counts to reach become items,
// each keeping the document line it came from. What cannot be turned into a check stays a free-text item.
import type { Code, Heading, List, ListItem, Nodes, Paragraph, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export interface DraftItem {
  title: string;
  /** The check as plan-file keys (`module: [A, B]`, `count: "Process.sleep in test/** <= 0"`, `text: ...`). */
  check: Record<string, string | number | boolean | string[]>;
  /** `docs/plan.md:12`. */
  source: string;
  /** The document marks it done (`- [x]`): a claim the plan audit checks, not a result. */
  checked: boolean | null;
}

export interface DraftStage {
  id: string;
  title: string;
  source: string;
  items: DraftItem[];
}

export interface DraftPlan {
  title: string;
  stages: DraftStage[];
}

export interface DraftInput {
  path: string;
  text: string;
}

/** `Stage 2`, `Phase 1.3`, `M3`, `Milestone 4`, `Sprint 2`, `Step 3`, `Part II` at the start of a heading. */
const STAGE_HEADING =
  /^(?:(stage|phase|milestone|step|sprint|iteration|part|epic|release|v)\s*[-#:]?\s*(\d+(?:\.\d+)*[a-z]?|[ivx]+)\b|(m)(\d+(?:\.\d+)*)\b)[\s:.)—–-]*(.*)$/i;
const ACTION_LINE =
  /^(?:\d+[.)]\s*)?(create|add|implement|introduce|build|write|extract|move|rename|replace|remove|delete|drop|reduce|eliminate|enable|set up|setup|configure|migrate|convert|split|wire|define|expose|persist|document|test|cover|enforce|ensure|support)\b/i;
const DELIVERABLE_HEADING =
  /\b(tasks?|deliverables?|checklist|to ?do|work items?|implementation|steps?|scope|goals?|acceptance|definition of done|exit criteria|milestones?)\b/i;
const HTTP_ROUTE = /\b(GET|POST|PUT|PATCH|DELETE)\s+(\/[^\s`'"),;]*)/;
/** A file named without its folder (`test_full_loop.py`): looked for anywhere in the tree. */
const BARE_FILE =
  /(?:^|[\s(`])([A-Za-z0-9_][\w.-]*\.(?:py|ex|exs|go|ts|tsx|js|jsx|rb|rs|java|kt|sql|ya?ml|toml|sh))(?=[\s,;:)`]|$)/;
const ELIXIR_MODULE = /\bdefmodule\s+([A-Z][\w]*(?:\.[A-Z][\w]*)*)/g;
const MODULE_NAME = /^[A-Z][A-Za-z0-9_]*(?:\.[A-Z][A-Za-z0-9_]*)+$/;
const FILE_PATH = /^(?:\.\/)?(?:[\w.-]+\/)+[\w.-]+\.[A-Za-z0-9]{1,6}$|^(?:\.\/)?[\w-]+\/(?:[\w.-]+\/)*$/;
/** A relative file path written as plain text (`internal/x/y.go`, `templates/go-service/`). */
const BARE_PATH = /(?:^|[\s(])((?:\.\/)?(?:[\w.-]+\/)+(?:[\w.-]+\.[A-Za-z0-9]{1,6}|))(?=[\s,;:)]|$)/g;
const COMMAND =
  /^(?:\$\s*)?(mix\s+[a-z][\w.]*|npm\s+run\s+[\w:.-]+|yarn\s+[\w:.-]+|pnpm\s+(?:run\s+)?[\w:.-]+|make\s+[\w.-]+)/;

export function draftPlan(inputs: readonly DraftInput[]): DraftPlan {
  const stages: DraftStage[] = [];
  for (const input of inputs) stages.push(...draftDocument(input));
  // Stage ids repeat across documents (two "Stage 1"s): keep every stage, make the ids unique.
  const seen = new Map<string, number>();
  for (const stage of stages) {
    const n = (seen.get(stage.id) ?? 0) + 1;
    seen.set(stage.id, n);
    if (n > 1) stage.id = `${stage.id}-${n}`;
  }
  const title = inputs.length === 1 ? titleOf(inputs[0] as DraftInput) : "Plan";
  return { title, stages: stages.filter((stage) => stage.items.length > 0) };
}

function titleOf(input: DraftInput): string {
  const tree = parse(input.text);
  const h1 = tree.children.find((node): node is Heading => node.type === "heading" && node.depth === 1);
  return h1 ? textOf(h1).trim() : input.path;
}

function parse(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function draftDocument(input: DraftInput): DraftStage[] {
  const tree = parse(input.text);
  const stages: DraftStage[] = [];
  // Stages open at the shallowest level that names them: `## Stage 2.1` is a stage, its `### Step 1` a part of it.
  const stageDepths = tree.children.flatMap((node) =>
    node.type === "heading" && STAGE_HEADING.test(textOf(node).trim()) ? [node.depth] : [],
  );
  const hasStageHeadings = stageDepths.length > 0;
  const stageDepth = hasStageHeadings ? Math.min(...stageDepths) : 0;
  let current: DraftStage | null = null;
  const ensureStage = (): DraftStage => {
    if (!current) {
      current = {
        id: String(stages.length + 1),
        title: titleOf(input),
        source: `${input.path}:1`,
        items: [],
      };
      stages.push(current);
    }
    return current;
  };
  const at = (line: number | undefined): string => `${input.path}:${line ?? 1}`;
  const add = (item: DraftItem): void => {
    const stage = ensureStage();
    const key = JSON.stringify(item.check);
    if (item.check.text === undefined && stage.items.some((other) => JSON.stringify(other.check) === key))
      return;
    stage.items.push(item);
  };
  // Plain bullets are deliverables right under a stage heading or under a "Tasks"/"Deliverables" sub-heading;
  // under "Tech decisions", "Risks" or "Notes" they are prose, and only checkboxes and action lines count.
  let bulletsAreItems = true;
  const visit = (node: RootContent): void => {
    switch (node.type) {
      case "heading": {
        const text = textOf(node).trim();
        const m = STAGE_HEADING.exec(text);
        bulletsAreItems = DELIVERABLE_HEADING.test(text) || (m !== null && node.depth <= stageDepth);
        if (m && hasStageHeadings && node.depth === stageDepth) {
          const id = (m[2] ?? (m[4] ? `M${m[4]}` : String(stages.length + 1))).toString();
          current = { id, title: m[5]?.trim() || text, source: at(node.position?.start.line), items: [] };
          stages.push(current);
        } else if (!hasStageHeadings && node.depth <= 2) {
          // Documents without stage headings: each top section is a stage (an empty one is renamed, not kept).
          const open = current as DraftStage | null;
          if (open && open.items.length === 0) {
            open.title = text;
            open.source = at(node.position?.start.line);
          } else {
            current = {
              id: String(stages.length + 1),
              title: text,
              source: at(node.position?.start.line),
              items: [],
            };
            stages.push(current);
          }
        } else if (hasStageHeadings && current && node.depth <= stageDepth) {
          // A heading at the stage's level that is no stage ("Appendix", "Risks") ends it.
          current = null;
        }
        return;
      }
      case "list":
        for (const item of (node as List).children) visitListItem(item, true);
        return;
      case "paragraph": {
        if (!current && hasStageHeadings) return;
        for (const [offset, line] of textOf(node).split("\n").entries()) {
          const item = itemFromText(
            line.trim(),
            at((node.position?.start.line ?? 1) + offset),
            null,
            inlineCodesOf(node as Paragraph),
            false,
          );
          if (item) add(item);
        }
        return;
      }
      case "code": {
        if (!current && hasStageHeadings) return;
        for (const item of itemsFromCode(node as Code, input.path)) add(item);
        return;
      }
      default:
        return;
    }
  };
  // Top-level items of a list in a stage section are its deliverables; nested ones only when they state one.
  const visitListItem = (item: ListItem, topLevel: boolean): void => {
    if (!current && hasStageHeadings) return;
    const paragraph = item.children.find((child): child is Paragraph => child.type === "paragraph");
    if (paragraph) {
      const text = textOf(paragraph).split("\n")[0]?.trim() ?? "";
      const drafted = itemFromText(
        text,
        at(item.position?.start.line),
        item.checked ?? null,
        inlineCodesOf(paragraph),
        (item.checked !== null && item.checked !== undefined) ||
          (topLevel && current !== null && bulletsAreItems),
      );
      if (drafted) add(drafted);
    }
    for (const child of item.children) {
      if (child.type === "list") for (const sub of child.children) visitListItem(sub, false);
      else if (child.type === "code") for (const drafted of itemsFromCode(child, input.path)) add(drafted);
    }
  };
  for (const node of tree.children) visit(node);
  return stages;
}

/** One line of a list item or paragraph as an item, when it states a deliverable. */
function itemFromText(
  text: string,
  source: string,
  checked: boolean | null,
  codes: string[],
  always: boolean,
): DraftItem | null {
  // "Create the persistence base module:" introduces the code or list that follows, which is the item.
  if (!text || (!always && text.endsWith(":"))) return null;
  const title = text.replace(/\s+/g, " ").slice(0, 140);
  const check = checkFromText(text, codes);
  if (!check && !always && !ACTION_LINE.test(bareTask(text))) return null;
  return { title, check: check ?? { text: title }, source, checked };
}

/** What in a line can be checked: counts to reach, modules, files, commands, coverage; null when nothing. */
export function checkFromText(text: string, codes: readonly string[]): DraftItem["check"] | null {
  // "Fix the leak in lib/x.ex": the file or module exists before and after; its existence says nothing of the fix.
  if (
    /^(fix|update|refactor|modify|change|patch|correct|verify|review|audit|harden|clean ?up|extend)\b/i.test(
      bareTask(text),
    )
  )
    return null;
  const lower = text.toLowerCase();
  const scope = /\b(in )?(tests?|test files|test suite|specs?)\b/.test(lower)
    ? "test/**"
    : (codes.find((c) => /\*\*|\/$/.test(c)) ?? null);
  const patternWord =
    codes.find((c) => !FILE_PATH.test(c) && !/\*\*/.test(c)) ??
    /\b(?:reduce|eliminate|remove all|replace all|no more)\s+([A-Za-z_][\w.:]*(?:\(\))?)/i.exec(text)?.[1] ??
    null;
  // "reduce Process.sleep to 0", "at most 5 Process.sleep", "Process.sleep: 58 → 0".
  const target =
    /\b(?:reduce|cut|bring|lower|down)\b.*?\bto\s+(\d+)\b(?!\s*%)/i.exec(text)?.[1] ??
    /\b(?:at most|no more than|fewer than|under|max(?:imum)?(?: of)?)\s+(\d+)\b/i.exec(text)?.[1] ??
    /(?:→|->)\s*(\d+)\b/.exec(text)?.[1] ??
    null;
  const coverage =
    /\bcoverage\b[^.%]*?(\d{1,3})\s*%/i.exec(text)?.[1] ?? /(\d{1,3})\s*%[^.]*?\bcoverage\b/i.exec(text)?.[1];
  if (coverage) return { coverage: `>= ${coverage}` };
  if (target !== null && patternWord)
    return { count: `${patternWord}${scope ? ` in ${scope}` : ""} <= ${target}` };
  if (
    /\b(eliminate|remove all|get rid of|no (?:more |remaining )?)\b/i.test(text) &&
    patternWord &&
    codes.includes(patternWord)
  )
    return { absent: `${patternWord}${scope ? ` in ${scope}` : ""}` };
  const modules = unique([
    ...[...text.matchAll(ELIXIR_MODULE)].map((m) => m[1] ?? ""),
    ...codes.filter((c) => MODULE_NAME.test(c)),
    ...codes.flatMap((c) => [...c.matchAll(ELIXIR_MODULE)].map((m) => m[1] ?? "")),
  ]).filter(Boolean);
  if (modules.length > 0) return { module: modules.length === 1 ? (modules[0] as string) : modules };
  // Paths in code spans, else written bare in the line ("Create X in internal/generator/executor.go").
  const codePaths = codes.filter((c) => FILE_PATH.test(c) && !/\*/.test(c));
  const barePaths = [...text.matchAll(BARE_PATH)].map((m) => (m[1] ?? "").replace(/[.,;:)]+$/, ""));
  const paths = unique(codePaths.length > 0 ? codePaths : barePaths.filter((p) => FILE_PATH.test(p)));
  const removal = /^(remove|delete|drop|retire)\b/i.test(bareTask(text));
  // "Define Executor interface in internal/generator/executor.go": the type, looked for in that file.
  // A type name is a compound (`ChaosController`), written as code, or what the line defines ("Define Executor
  // interface"): "For type: docker" names none.
  const namesType = (m: RegExpExecArray | null): RegExpExecArray | null =>
    m?.[1] &&
    (/[a-z0-9][A-Z]/.test(m[1]) ||
      codes.includes(m[1]) ||
      new RegExp(
        `^(define|create|add|implement|introduce|write)\\s+(?:the\\s+|an?\\s+)?${m[1]}\\b`,
        "i",
      ).test(bareTask(text)))
      ? m
      : null;
  const symbol =
    namesType(
      /\b(?:interface|struct|type|class|enum|trait|protocol|record)\s+`?([A-Z][A-Za-z0-9_]+)`?/.exec(text),
    ) ??
    namesType(
      /`?\b([A-Z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*)`?\s+(?:interface|struct|type|class|enum|entity|trait|record)\b/.exec(
        text,
      ),
    );
  const fn =
    /`?\b([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?`?\s+(?:function|method|func|handler)\b/.exec(text) ??
    /\b(?:function|method|func)\s+`?([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
  const scoped: Record<string, string> = paths.length === 1 ? { in: paths[0] as string } : {};
  if (symbol?.[1] && !removal) return { class: symbol[1], ...scoped };
  // A function name is a compound (`refreshToken`, `ValidateGoModule`, `parse_args`) or code: "Enable method
  // security" names none.
  if (fn?.[1] && (/[a-z0-9][A-Z]|[a-z]_[a-z]/.test(fn[1]) || codes.includes(fn[1])) && !removal)
    return { function: fn[1], ...scoped };
  if (paths.length > 0)
    return { path: paths.length === 1 ? (paths[0] as string) : paths, ...(removal ? { gone: true } : {}) };
  const route = HTTP_ROUTE.exec(text);
  if (route) return { route: `${route[1]} ${route[2]}` };
  const file = BARE_FILE.exec(text)?.[1];
  if (file && !removal) return { path: `**/${file}` };
  const classes = unique(codes.filter((c) => /^[A-Z][A-Za-z0-9_]+$/.test(c)));
  if (classes.length > 0 && /\b(class|classes|type|struct|interface|component)\b/i.test(text))
    return {
      class: classes.length === 1 ? (classes[0] as string) : classes,
      ...(removal ? { gone: true } : {}),
    };
  const commandCode = codes.find((c) => COMMAND.test(c.trim()));
  if (commandCode) {
    // In CI: the whole command is the step to look for; otherwise the task or script it runs must exist.
    if (/\bci\b|pipeline|workflow/i.test(text)) return { ci: commandCode.trim().replace(/^\$\s*/, "") };
    return { script: (COMMAND.exec(commandCode.trim())?.[1] ?? commandCode).replace(/\s+/g, " ") };
  }
  return null;
}

/** `defmodule X` lines, file-name comments and commands in a code block, each with its own line. */
function itemsFromCode(node: Code, path: string): DraftItem[] {
  const start = (node.position?.start.line ?? 1) + 1;
  const out: DraftItem[] = [];
  node.value.split("\n").forEach((line, i) => {
    const source = `${path}:${start + i}`;
    for (const m of line.matchAll(ELIXIR_MODULE))
      if (m[1]) out.push({ title: `defmodule ${m[1]}`, check: { module: m[1] }, source, checked: null });
    const file = /^\s*(?:#|\/\/|--)\s*((?:[\w.-]+\/)+[\w.-]+\.[A-Za-z0-9]{1,6})\s*$/.exec(line)?.[1];
    if (file) out.push({ title: file, check: { path: file }, source, checked: null });
    const command = COMMAND.exec(line.trim())?.[1];
    if (command && /^(bash|sh|shell|console|zsh|)$/.test(node.lang ?? ""))
      out.push({ title: command, check: { script: command.replace(/\s+/g, " ") }, source, checked: null });
  });
  return out;
}

function inlineCodesOf(node: Paragraph): string[] {
  const out: string[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === "inlineCode") out.push(n.value.trim());
    if ("children" in n) for (const child of n.children) walk(child as Nodes);
  };
  walk(node);
  return out;
}

/** Plain text of a node (inline code keeps its text, markup goes). */
function textOf(node: Nodes): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value;
  if (node.type === "break") return "\n";
  if ("children" in node) return (node.children as Nodes[]).map(textOf).join("");
  return "";
}

/** The line without list numbers, task ids and markers (`T012 [P] [US1] Create …` → `Create …`). */
function bareTask(text: string): string {
  return text.replace(/^(?:\d+[.)]\s*)?(?:T\d+\s*)?(?:\[[^\]]*\]\s*)*/, "");
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
