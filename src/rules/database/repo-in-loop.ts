// elixir/repo-in-loop: an Ecto Repo read inside Enum.map/each/reduce or a `for` comprehension — one query per element (N+1).
import { isRepoReceiver, isScriptPath, REPO_READS } from "../../facts/elixir/applies.js";
import type { SgNode } from "@ast-grep/napi";
import {
  ancestors,
  callArguments,
  callName,
  calls,
  enclosingLoop,
  operatorOf,
  remoteCall,
} from "../../facts/elixir/syntax.js";
import { defineRule } from "../define-rule.js";
import { elixirRunsByHand } from "../../facts/one-off-code.js";

export default defineRule({
  id: "elixir/repo-in-loop",
  area: "database",
  severity: "medium",
  title: "Repo query inside a loop (N+1)",
  languages: ["elixir"],
  prefilter: /Repo\.\w/,
  effortMinutes: 30,
  docs: {
    rationale:
      "A `Repo.get`/`Repo.one`/`Repo.preload` per element of a list sends one query per element instead of one query for the list.",
    impact: "Latency and database load grow with the list size; a page of 500 rows costs 500 round trips.",
    fix: "Query once for all elements (`where: x.id in ^ids`), preload associations on the list, or use a join.",
    example: {
      bad: "for id <- ids, do: Repo.get(User, id).email",
      good: "Repo.all(from u in User, where: u.id in ^ids, select: u.email)",
      language: "elixir",
    },
  },
  notes: [
    "Writes inside loops are reported by elixir/writes-outside-transaction; scripts and seeds (`.exs`, priv/repo) and modules an operator runs by hand (a `Release` tasks module, or one whose `@moduledoc` says it is called from IEx, a remote console, `eval` or `rpc`) are lowered to low: they run over the few rows an operator names, not on every request.",
    "Not reported: a read inside an `Ecto.Multi` step built per element (it loads the record that step changes), a read over chunks of a list (`Stream.chunk_every(100) |> Stream.flat_map(&Repo.preload(&1, :assoc))` batches on purpose), a loop over a literal list of modules or atoms written in the code (`[Work, Collection, FileSet] |> Enum.all?(&(Repo.aggregate(&1, :count) == 0))`: one query per schema of a fixed set, not per record), and a loop whose elements are themselves queries (`query_batches(q) |> Stream.map(&Repo.all/1)`, `fn batch -> Repo.all(select(batch, [x], x.id)) end`): one query per batch is the batching, not a query per record.",
    "Not reported either: a read in a clause for one option of a filter list (`Enum.reduce(filters, query, fn {:tags, ids}, q -> … end)`: a clause led by a literal atom runs once for its key), and `Repo.reload` of the record a reduce carries between elements (it reads back what the previous step wrote).",
  ],
  checkFile({ tree, path, text, report }) {
    if (!tree) return;
    const byHand = isScriptPath(path) || elixirRunsByHand(text);
    for (const call of calls(tree)) {
      const remote = remoteCall(call);
      if (!remote || !isRepoReceiver(remote.receiver) || !REPO_READS.has(remote.fn)) continue;
      const loop = enclosingLoop(call);
      if (
        !loop ||
        deferredInMulti(call, loop) ||
        overChunks(loop) ||
        overQueries(call, remote.fn, loop) ||
        perOptionClause(call, loop) ||
        reloadsAccumulator(call, remote.fn, loop) ||
        overFixedList(loop)
      )
        continue;
      const loopName = remoteCall(loop) ? `${remoteCall(loop)!.receiver}.${remoteCall(loop)!.fn}` : "for";
      report({
        node: call,
        message: `${remote.receiver}.${remote.fn} runs once per element of ${loopName} (line ${loop.range().start.line + 1})`,
        key: `${remote.receiver}.${remote.fn} in ${loopName}`,
        severity: byHand ? "low" : "medium",
      });
    }
  },
});

/** The read sits in a function given to an `Ecto.Multi` step (`Multi.run(multi, key, fn _, _ -> ... end)`). */
function deferredInMulti(call: SgNode, loop: SgNode): boolean {
  for (const ancestor of ancestors(call)) {
    if (ancestor.id() === loop.id()) return false;
    const remote = remoteCall(ancestor);
    if (remote && /(^|\.)Multi$/.test(remote.receiver)) return true;
  }
  return false;
}

/** A literal list of module names or atoms (`[Work, Collection]`, `[:a, :b]`, `~w(a b)a`): its size is fixed in the code. */
function fixedList(node: SgNode | null | undefined): boolean {
  if (!node) return false;
  if (/^~w[([{].*[)\]}]a$/s.test(node.text())) return true;
  if (node.kind() !== "list") return false;
  const elements = node.children().filter((child) => child.isNamed());
  return (
    elements.length > 0 && elements.every((child) => child.kind() === "alias" || child.kind() === "atom")
  );
}

/** The loop walks a literal list of modules or atoms: its first argument, the value piped into it, or a `for` generator. */
function overFixedList(loop: SgNode): boolean {
  if (callName(loop) === "for")
    return callArguments(loop).some(
      (generator) =>
        generator.kind() === "binary_operator" &&
        operatorOf(generator) === "<-" &&
        fixedList(generator.field("right")),
    );
  const parent = loop.parent();
  const piped =
    parent?.kind() === "binary_operator" &&
    operatorOf(parent) === "|>" &&
    parent.child(0)?.id() !== loop.id();
  const enumerable = piped ? parent.children().filter((node) => node.isNamed())[0] : callArguments(loop)[0];
  return fixedList(enumerable);
}

const CHUNKING = /^(chunk_every|chunk_by|chunk_while)$/;

/** The loop walks chunks of a list: its enumerable is a `chunk_every` call, directly or earlier in the pipeline. */
function overChunks(loop: SgNode): boolean {
  const first = callArguments(loop)[0];
  const chunking = (node: SgNode | undefined) => {
    const remote = node ? remoteCall(node) : null;
    return remote !== null && CHUNKING.test(remote.fn);
  };
  if (chunking(first)) return true;
  const parent = loop.parent();
  if (parent?.kind() === "binary_operator" && operatorOf(parent) === "|>") {
    const left = parent.children().filter((node) => node.isNamed())[0];
    const previous =
      left?.kind() === "binary_operator" && operatorOf(left) === "|>"
        ? left
            .children()
            .filter((node) => node.isNamed())
            .at(-1)
        : left;
    return chunking(previous);
  }
  return false;
}

/** The clause of the loop's function that holds the read (`fn {:tags, tags}, query -> … end`), if any. */
function loopClause(call: SgNode, loop: SgNode): SgNode | null {
  for (const ancestor of ancestors(call)) {
    if (ancestor.id() === loop.id()) return null;
    if (ancestor.kind() === "stab_clause" && ancestor.parent()?.kind() === "anonymous_function")
      return ancestor;
  }
  return null;
}

/** The clause's parameters (its head's arguments), in order. */
function clauseParameters(clause: SgNode): SgNode[] {
  const head = clause.children().find((child) => child.kind() === "arguments");
  return head ? head.children().filter((child) => child.isNamed()) : [];
}

/**
 * The read is in a clause for one option of a filter or keyword list (`Enum.reduce(filter, query, fn
 * {:tags_included, ids}, query -> … end)`): the clause's element is a tuple led by a literal atom, so it runs once
 * for that key, not once per row.
 */
function perOptionClause(call: SgNode, loop: SgNode): boolean {
  const clause = loopClause(call, loop);
  const element = clause ? clauseParameters(clause)[0] : undefined;
  if (element?.kind() !== "tuple") return false;
  return (
    element
      .children()
      .find((child) => child.isNamed())
      ?.kind() === "atom"
  );
}

/**
 * `Repo.reload(acc)` of the record a reduce carries from one element to the next (`fn item, {:ok, project} -> …
 * {:cont, {:ok, Repo.reload(project)}}`): it reads back what the previous step wrote, which one query for the list
 * cannot do.
 */
function reloadsAccumulator(call: SgNode, fn: string, loop: SgNode): boolean {
  if (fn !== "reload" && fn !== "reload!") return false;
  const clause = loopClause(call, loop);
  const carried = clause ? clauseParameters(clause).slice(1).flatMap(identifiersOf) : [];
  const parent = call.parent();
  const piped = parent?.kind() === "binary_operator" && operatorOf(parent) === "|>" ? parent : null;
  const record = piped ? piped.children().filter((node) => node.isNamed())[0] : callArguments(call)[0];
  return record?.kind() === "identifier" && carried.includes(record.text());
}

/** Repo functions whose first argument is a query (a record or an id goes to get/preload/reload instead). */
const QUERY_READS = /^(all|one!?|exists\?|aggregate|stream)$/;
/** Ecto.Query macros that refine a query they take first; `assoc` builds one from a record and is not here. */
const QUERY_REFINERS =
  /^(?:Ecto\.Query\.)?(where|or_where|select|select_merge|order_by|limit|offset|preload|join|group_by|having|distinct|exclude|lock)$/;

/**
 * The loop's elements are queries: the read is `&Repo.all/1` given to the loop, or its query is a parameter of the
 * loop's function, as is or refined by Ecto.Query macros (`Repo.all(select(batch, [x], x.id))`,
 * `batch |> where(...) |> Repo.all()`). One query per batch of a stream of batches is the batching itself.
 */
function overQueries(call: SgNode, fn: string, loop: SgNode): boolean {
  if (!QUERY_READS.test(fn)) return false;
  const parent = call.parent();
  // `&Repo.all/1`: the capture's argument, the element, is the query.
  if (
    parent?.kind() === "binary_operator" &&
    operatorOf(parent) === "/" &&
    parent.parent()?.text().startsWith("&")
  )
    return true;
  let params: Set<string> | null = null;
  for (const ancestor of ancestors(call)) {
    if (ancestor.id() === loop.id()) break;
    if (ancestor.kind() === "stab_clause" && ancestor.parent()?.kind() === "anonymous_function") {
      const head = ancestor.children().find((child) => child.kind() === "arguments");
      params = new Set(head ? identifiersOf(head) : []);
      break;
    }
  }
  if (!params || params.size === 0) return false;
  const piped = parent?.kind() === "binary_operator" && operatorOf(parent) === "|>" ? parent : null;
  const query = piped ? piped.children().filter((node) => node.isNamed())[0] : callArguments(call)[0];
  const root = query ? queryRoot(query) : null;
  return root !== null && params.has(root);
}

/** The variable a query expression starts from through Ecto.Query refiners (`x |> where(...)`, `select(x, …)`). */
function queryRoot(node: SgNode): string | null {
  if (node.kind() === "identifier") return node.text();
  if (node.kind() === "binary_operator" && operatorOf(node) === "|>") {
    const [left, right] = node.children().filter((child) => child.isNamed());
    if (!left || !right || !QUERY_REFINERS.test(callName(right) ?? "")) return null;
    return queryRoot(left);
  }
  if (node.kind() === "call" && QUERY_REFINERS.test(callName(node) ?? "")) {
    const first = callArguments(node)[0];
    return first ? queryRoot(first) : null;
  }
  return null;
}

function identifiersOf(node: SgNode): string[] {
  if (node.kind() === "identifier") return [node.text()];
  return node.children().flatMap(identifiersOf);
}
