import reactHooks from "eslint-plugin-react-hooks";
import root from "../../eslint.config.js";

export default [...root, { files: ["src/react/**/*.{ts,tsx}"], ...reactHooks.configs.flat.recommended }];
