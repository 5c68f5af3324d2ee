-- Lot changes announced by the database itself, so that every server process
-- on it hears of a change, not only the process that made it.
--
-- A committed change to a lot or to anything its public reads and live counts
-- are made of (its levels, rows and spots, the sessions on them, and the
-- claims on those spots) sends the lot's id on the channel "park_lot_changed".
-- PostgreSQL delivers a notification only when its transaction commits, and
-- once per lot per transaction however many rows it touched. Reservations
-- reach availability only through their claims, which their own trigger keeps
-- in step, so the claims' trigger speaks for them.

CREATE FUNCTION "park_notify_lot"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('park_lot_changed', OLD."id"::text);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."id" IS DISTINCT FROM OLD."id") THEN
        PERFORM pg_notify('park_lot_changed', NEW."id"::text);
    END IF;
    RETURN NULL;
END
$$;

-- For tables whose rows name their lot.
CREATE FUNCTION "park_notify_lot_of_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('park_lot_changed', OLD."lot_id"::text);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."lot_id" IS DISTINCT FROM OLD."lot_id") THEN
        PERFORM pg_notify('park_lot_changed', NEW."lot_id"::text);
    END IF;
    RETURN NULL;
END
$$;

-- Claims name their spot; the spot names its lot. A claim moved to another
-- spot tells both lots.
CREATE FUNCTION "park_notify_lot_of_hold"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lot UUID;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        SELECT "lot_id" INTO lot FROM "spots" WHERE "id" = OLD."spot_id";
        IF lot IS NOT NULL THEN
            PERFORM pg_notify('park_lot_changed', lot::text);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW."spot_id" IS DISTINCT FROM OLD."spot_id") THEN
        SELECT "lot_id" INTO lot FROM "spots" WHERE "id" = NEW."spot_id";
        IF lot IS NOT NULL THEN
            PERFORM pg_notify('park_lot_changed', lot::text);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- Lots, levels, rows and spots change rarely: every change counts.
CREATE TRIGGER "lots_notify" AFTER INSERT OR UPDATE OR DELETE ON "lots"
    FOR EACH ROW EXECUTE FUNCTION "park_notify_lot"();
CREATE TRIGGER "levels_notify" AFTER INSERT OR UPDATE OR DELETE ON "levels"
    FOR EACH ROW EXECUTE FUNCTION "park_notify_lot_of_row"();
CREATE TRIGGER "rows_notify" AFTER INSERT OR UPDATE OR DELETE ON "rows"
    FOR EACH ROW EXECUTE FUNCTION "park_notify_lot_of_row"();
CREATE TRIGGER "spots_notify" AFTER INSERT OR UPDATE OR DELETE ON "spots"
    FOR EACH ROW EXECUTE FUNCTION "park_notify_lot_of_row"();

-- Sessions and claims are written on every booking, payment and upkeep run:
-- only changes to what availability is counted from count.
CREATE TRIGGER "sessions_notify" AFTER INSERT OR DELETE ON "sessions"
    FOR EACH ROW EXECUTE FUNCTION "park_notify_lot_of_row"();
CREATE TRIGGER "sessions_notify_update" AFTER UPDATE OF "status", "spot_id", "lot_id" ON "sessions"
    FOR EACH ROW
    WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."spot_id" IS DISTINCT FROM NEW."spot_id" OR OLD."lot_id" IS DISTINCT FROM NEW."lot_id")
    EXECUTE FUNCTION "park_notify_lot_of_row"();
CREATE TRIGGER "spot_holds_notify" AFTER INSERT OR DELETE ON "spot_holds"
    FOR EACH ROW EXECUTE FUNCTION "park_notify_lot_of_hold"();
-- A claim re-written with the values it had (its session was updated for another reason) is no change.
CREATE TRIGGER "spot_holds_notify_update" AFTER UPDATE ON "spot_holds"
    FOR EACH ROW
    WHEN (OLD."active" IS DISTINCT FROM NEW."active" OR OLD."spot_id" IS DISTINCT FROM NEW."spot_id"
          OR OLD."starts_at" IS DISTINCT FROM NEW."starts_at" OR OLD."ends_at" IS DISTINCT FROM NEW."ends_at")
    EXECUTE FUNCTION "park_notify_lot_of_hold"();
