// The one data transformer shared by server, SDK and web: Dates and other
// rich values survive the wire only if every side agrees on it.
import superjson from "superjson";

export const transformer = superjson;
