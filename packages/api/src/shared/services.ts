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
  /**
   * How many connections one large read (a report over every lot) may use at
   * once, each on the same snapshot; 1, the default, on the embedded database,
   * which has one connection.
   */
  readParallelism?: number;
}
