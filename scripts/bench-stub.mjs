// The load benchmark of the parking procedures arrives with them; until then
// this says so instead of pretending to measure anything.
console.log("pnpm bench: no benchmark yet — it arrives with the lots and reservations procedures.");
