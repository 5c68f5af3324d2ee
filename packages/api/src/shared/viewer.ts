/** Who is asking: drivers see their own records, staff see everyone's. */
export interface Viewer {
  id: string;
  role: "user" | "attendant" | "admin";
}
