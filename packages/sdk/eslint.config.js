import reactHooks from "eslint-plugin-react-hooks";
import root from "../../eslint.config.js";

export default [...root, { ignores: ["test/consumer/node_modules/**"] }, { files: ["src/react/**/*.{ts,tsx}"], ...reactHooks.configs.flat.recommended }];
