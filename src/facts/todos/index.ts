// Facts pack: TODO/FIXME/HACK comments across the code, per file and in total.
import { definePack, defineCollector } from "../define.js";
import type { TodoComment } from "./todo-comments.js";
import { todoCommentsAnalyzer } from "./todo-comments.js";
import { compareCodeUnits } from "../../util/compare-code-units.js";

export interface TodoEntry extends TodoComment {
  path: string;
  isTest: boolean;
}

export interface TodoFacts {
  entries: TodoEntry[];
  byTag: Record<string, number>;
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    todos: TodoFacts;
  }
}

export const todosCollector = defineCollector({
  id: "todos",
  collect(ctx) {
    const entries: TodoEntry[] = [];
    for (const { file, value } of ctx.fileFacts(todoCommentsAnalyzer)) {
      for (const todo of value) entries.push({ ...todo, path: file.path, isTest: file.isTest });
    }
    const byTag: Record<string, number> = {};
    for (const entry of entries) byTag[entry.tag] = (byTag[entry.tag] ?? 0) + 1;
    return { entries, byTag };
  },
});

export default definePack({
  name: "todos",
  analyzers: [todoCommentsAnalyzer],
  collectors: [todosCollector],
  describe(facts) {
    const production = facts.todos.entries.filter((entry) => !entry.isTest);
    const tags = Object.entries(facts.todos.byTag)
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([tag, count]) => `${tag} ${count}`)
      .join(", ");
    return [
      {
        area: "lint",
        label: "TODO/FIXME/HACK markers",
        value:
          facts.todos.entries.length === 0
            ? "none found in comments"
            : `${facts.todos.entries.length} (${tags}); ${production.length} outside tests`,
      },
    ];
  },
});
