// Lint configuration: typescript-eslint recommended rules over the sources, tests and scripts.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "test/fixtures/**", "coverage/**", "codeaudit-report/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      // Output must not depend on the machine's LANG/LC_ALL: sort with compareCodeUnits (src/util/compare-code-units.ts).
      "no-restricted-properties": [
        "error",
        ...["localeCompare", "toLocaleLowerCase", "toLocaleUpperCase"].map((property) => ({
          property,
          message: "depends on the machine's locale; use compareCodeUnits or toLowerCase/toUpperCase",
        })),
      ],
    },
  },
);
