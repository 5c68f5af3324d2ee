-- What reports read: sessions by lot and the instant they started or ended,
-- and the stays that overlap a range of days. A stay is the closed range from
-- its start to its end, unbounded while the car is still parked; an end
-- before the start (never written by the API) counts as a stay of no length
-- rather than making the range, and with it the insert, fail.

-- CreateIndex
CREATE INDEX "sessions_lot_id_started_at_idx" ON "sessions"("lot_id", "started_at");

-- CreateIndex
CREATE INDEX "sessions_lot_id_ended_at_idx" ON "sessions"("lot_id", "ended_at");

-- Beyond what the Prisma schema can express: a GiST index on an expression.
CREATE INDEX "sessions_lot_id_stay_idx" ON "sessions" USING gist (
    "lot_id",
    tstzrange("started_at", CASE WHEN "ended_at" < "started_at" THEN "started_at" ELSE "ended_at" END, '[]')
);
