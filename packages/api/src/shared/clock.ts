/** Where services read the time, so that tests (and scheduled jobs' tests) can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
