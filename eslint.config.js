// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "docs/api/**", "coverage/**", "**/.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: Object.fromEntries(
        ["process", "console", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate", "queueMicrotask",
          "structuredClone", "performance", "Buffer", "URL", "URLSearchParams", "AbortController", "AbortSignal", "TextEncoder", "TextDecoder", "fetch"].map((name) => [name, "readonly"]),
      ),
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  { files: ["src/cli/**", "bench/**", "scripts/**", "examples/**"], rules: { "no-console": "off" } },
  { files: ["test/**"], rules: { "@typescript-eslint/no-explicit-any": "off", "no-console": "off" } },
);
