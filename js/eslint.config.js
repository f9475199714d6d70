// ESLint flat config: the recommended rules, plus a bound on function length (issue 10: no JS
// function over about 80 lines). Type errors are tsc's job (npm run typecheck).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/**"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: globals.browser },
  },
  {
    files: ["tests/**/*.js", "dev/**/*.js", "dev/**/*.mjs", "*.js", "*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    rules: {
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }],
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none", argsIgnorePattern: "^_" }],
    },
  },
  {
    // test suites (one describe() per view) and the fixture scripts (data wrapped in a classic-script
    // IIFE for the harness): the bound is for code
    files: ["tests/**/*.js", "dev/fixtures*.js"],
    rules: { "max-lines-per-function": "off" },
  },
];
