/** Who is asking, and in which request: drivers see their own records, staff see everyone's and are audited. */
export interface Viewer {
  id: string;
  role: "user" | "attendant" | "admin";
  /** The request's id, which audit rows carry so a change can be traced to its log lines. */
  requestId: string;
}
