-- A payment names the lot it was made at, so that revenue per lot and day is
-- read from the payments alone. The lot is always its session's: a trigger
-- sets it on every insert and on any change of session, whatever the writer
-- passed, so the two can never disagree.

ALTER TABLE "payments" ADD COLUMN "lot_id" UUID;

UPDATE "payments" p SET "lot_id" = s."lot_id" FROM "sessions" s WHERE s."id" = p."session_id";

ALTER TABLE "payments" ALTER COLUMN "lot_id" SET NOT NULL;

ALTER TABLE "payments" ADD CONSTRAINT "payments_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lots"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE INDEX "payments_lot_id_created_at_idx" ON "payments"("lot_id", "created_at");

CREATE FUNCTION "park_payment_lot"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT s."lot_id" INTO NEW."lot_id" FROM "sessions" s WHERE s."id" = NEW."session_id";
    RETURN NEW;
END
$$;

CREATE TRIGGER "payments_lot" BEFORE INSERT OR UPDATE OF "session_id", "lot_id" ON "payments"
    FOR EACH ROW EXECUTE FUNCTION "park_payment_lot"();
