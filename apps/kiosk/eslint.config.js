import vue from "eslint-plugin-vue";
import tseslint from "typescript-eslint";
import root from "../../eslint.config.js";

// Vue's error-preventing rules only: layout is Prettier's business.
export default [
  ...root,
  ...vue.configs["flat/essential"],
  {
    files: ["**/*.vue"],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".vue"] } },
    rules: {
      "vue/block-lang": ["error", { script: { lang: "ts" } }],
      "vue/component-api-style": ["error", ["script-setup"]],
      "vue/require-explicit-emits": "error",
    },
  },
];
