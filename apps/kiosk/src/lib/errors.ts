import { appCode, errorCode, isParkError, type AppCode } from "@park/sdk";

/** What the person was doing, so a refusal can be told in the words of that moment. */
export interface ErrorContext {
  action?: "sign-in" | "enter" | "exit";
  plate?: string;
}

type Words = string | ((context: ErrorContext) => string);

// Every refusal the kiosk puts into words, by its stable code; any other
// code shows the server's own message. RATE_LIMITED is left to the server,
// whose message says when to try again.
const words: Partial<Record<AppCode, Words>> = {
  INVALID_CREDENTIALS: "Wrong email, username or password.",
  INVALID_INPUT: ({ action }) =>
    action === "sign-in" ? "Enter your email or username, and a password of at least 8 characters." : "A plate is 2 to 12 letters or digits.",
  UNAUTHENTICATED: "Sign in to run the gate.",
  INVALID_TOKEN: "Your sign-in has ended. Sign in again.",
  ACCOUNT_DISABLED: "This account is disabled. Ask an administrator.",
  FORBIDDEN: "Only gate staff can run the gate. Sign in with an attendant's account.",
  NOT_FOUND: ({ action, plate }) =>
    action === "exit" ? `No car with plate ${plate ?? ""} is parked in this lot.` : "This lot no longer exists. Choose another one.",
  VEHICLE_PARKED: ({ plate }) => `A car with plate ${plate ?? ""} is already parked. Let it out first.`,
  LOT_FULL: "The lot is full: no spot is free for a car arriving now.",
  SPOT_TAKEN: "This car's booked spot is still occupied and no other spot is free. Try again shortly.",
  CHECK_IN_TOO_EARLY: "This car's booking here cannot be checked into yet: come back when it starts.",
  RESERVATION_NOT_CONFIRMED: "This car's booking changed meanwhile. Try again.",
  TOO_MANY_SUBSCRIPTIONS: "Too many screens at this address follow lots live. Close one and reload.",
  UNAVAILABLE: "The server is restarting or busy. Try again in a moment.",
  INTERNAL: "Something went wrong on our side. Try again.",
};

/** A failed call in words fit for the person at the kiosk. */
export function describeError(error: unknown, context: ErrorContext = {}): string {
  const code = appCode(error);
  const entry = code ? words[code] : undefined;
  if (entry) return typeof entry === "function" ? entry(context) : entry;
  // Without a code the call never got an answer: the network, or the server is down.
  if (!isParkError(error) || !errorCode(error)) return "Cannot reach the server. Check the connection and try again.";
  return error.message;
}
