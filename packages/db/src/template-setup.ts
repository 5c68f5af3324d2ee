// A global set-up for test suites: the embedded database template is made once, before the suite's
// worker processes start, instead of by several of them at once.
import { pgliteTemplate } from "./testing.ts";

export default async function makePgliteTemplate(): Promise<void> {
  await pgliteTemplate();
}
