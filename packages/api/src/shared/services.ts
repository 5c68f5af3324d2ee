import type { Db } from "@park/db";
import type { ChangeFeed } from "./changes.ts";
import type { Clock } from "./clock.ts";

/** What a service function works with: the database, the change feed, the time. */
export interface Services {
  db: Db;
  changes: ChangeFeed;
  clock: Clock;
  /** What a new lot charges in when neither its creator nor its timezone says. */
  defaultCurrency: string;
}
