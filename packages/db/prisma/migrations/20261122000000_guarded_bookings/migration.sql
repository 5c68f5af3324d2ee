-- Claims that follow real occupancy, and bookings that serialise with the
-- changes that would invalidate them. Everything here is beyond what the
-- Prisma schema can express.

-- ---------------------------------------------------------------------------
-- 1. Claims.
-- A confirmed reservation claims its spot for its window. Once checked in,
-- the claim passes to its session: a session (walk-up or checked in) claims
-- its spot from arrival until it leaves, or until hold_until, the start of the
-- next claim on that spot, so a car that arrives early or overstays is always
-- covered by a claim.

-- A new row's claim is a plain insert (cheaper than an upsert on the hottest path).
CREATE OR REPLACE FUNCTION "park_sync_reservation_hold"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "spot_holds" ("spot_id", "starts_at", "ends_at", "active", "reservation_id")
        VALUES (NEW."spot_id", NEW."starts_at", NEW."ends_at", NEW."status" = 'confirmed', NEW."id");
        RETURN NULL;
    END IF;
    INSERT INTO "spot_holds" ("spot_id", "starts_at", "ends_at", "active", "reservation_id")
    VALUES (NEW."spot_id", NEW."starts_at", NEW."ends_at", NEW."status" = 'confirmed', NEW."id")
    ON CONFLICT ("reservation_id") DO UPDATE
        SET "spot_id" = EXCLUDED."spot_id", "starts_at" = EXCLUDED."starts_at",
            "ends_at" = EXCLUDED."ends_at", "active" = EXCLUDED."active";
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "park_sync_session_hold"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "spot_holds" ("spot_id", "starts_at", "ends_at", "active", "session_id")
        VALUES (NEW."spot_id", NEW."started_at", COALESCE(NEW."ended_at", NEW."hold_until"), NEW."status" = 'active', NEW."id");
        RETURN NULL;
    END IF;
    INSERT INTO "spot_holds" ("spot_id", "starts_at", "ends_at", "active", "session_id")
    VALUES (NEW."spot_id", NEW."started_at", COALESCE(NEW."ended_at", NEW."hold_until"), NEW."status" = 'active', NEW."id")
    ON CONFLICT ("session_id") DO UPDATE
        SET "spot_id" = EXCLUDED."spot_id", "starts_at" = EXCLUDED."starts_at",
            "ends_at" = EXCLUDED."ends_at", "active" = EXCLUDED."active";
    RETURN NULL;
END
$$;

-- Existing checked-in reservations hand their claim to their session.
UPDATE "spot_holds" h SET "active" = false
  FROM "reservations" r
 WHERE h."reservation_id" = r."id" AND r."status" <> 'confirmed' AND h."active";

DO $$
DECLARE
    s RECORD;
BEGIN
    FOR s IN SELECT "id", "spot_id", "started_at" FROM "sessions" WHERE "status" = 'active' AND "reservation_id" IS NOT NULL LOOP
        BEGIN
            UPDATE "sessions" SET "hold_until" = (
                SELECT min(h."starts_at") FROM "spot_holds" h
                 WHERE h."spot_id" = s."spot_id" AND h."active" AND h."starts_at" > s."started_at")
             WHERE "id" = s."id";
        EXCEPTION WHEN exclusion_violation THEN
            -- A session that already overlaps another claim keeps an inactive one; staff see the spot as at risk.
            INSERT INTO "spot_holds" ("spot_id", "starts_at", "ends_at", "active", "session_id")
            VALUES (s."spot_id", s."started_at", NULL, false, s."id")
            ON CONFLICT ("session_id") DO NOTHING;
        END;
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------
-- 2. Bookings lock what they depend on.
-- A new booking (a confirmed reservation, an active session, or either moving
-- to another spot) takes a share lock on its user, vehicle, lot and spot, in
-- that order, and checks each is still usable on the latest committed row.
-- A change that retires one of them (disabling, removing, deleting, shrinking,
-- out of service) updates that row, so it waits for bookings in flight and
-- then sees them; a booking that arrives after such a change waits for it
-- and then sees the change. Exactly one of two conflicting calls wins.
--
-- Errors use SQLSTATE class PK so the application can name them:
--   PK001 lot deleted             PK002 spot removed         PK003 spot out of service
--   PK004 vehicle removed         PK005 account disabled
--   PK006 lot has active sessions PK007 lot has bookings ahead
--   PK008 spot in use or booked   PK009 spot occupied        PK010 spot booked ahead
--   PK011 vehicle parked or booked

CREATE FUNCTION "park_lock_booking_parties"(p_user UUID, p_vehicle UUID, p_lot UUID, p_spot UUID) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_disabled BOOLEAN;
    v_owner UUID;
    v_retired TIMESTAMPTZ;
    v_deleted TIMESTAMPTZ;
    v_lot UUID;
    v_out BOOLEAN;
BEGIN
    IF p_user IS NOT NULL THEN
        SELECT "disabled" INTO v_disabled FROM "users" WHERE "id" = p_user FOR SHARE;
        IF v_disabled THEN
            RAISE EXCEPTION 'This account is disabled' USING ERRCODE = 'PK005';
        END IF;
    END IF;
    IF p_vehicle IS NOT NULL THEN
        SELECT "user_id", "retired_at" INTO v_owner, v_retired FROM "vehicles" WHERE "id" = p_vehicle FOR SHARE;
        IF FOUND AND (v_retired IS NOT NULL OR v_owner IS DISTINCT FROM COALESCE(p_user, v_owner)) THEN
            RAISE EXCEPTION 'Vehicle not found' USING ERRCODE = 'PK004';
        END IF;
    END IF;
    IF p_lot IS NOT NULL THEN
        SELECT "deleted_at" INTO v_deleted FROM "lots" WHERE "id" = p_lot FOR SHARE;
        IF FOUND AND v_deleted IS NOT NULL THEN
            RAISE EXCEPTION 'Lot not found' USING ERRCODE = 'PK001';
        END IF;
    END IF;
    SELECT "lot_id", "retired_at", "out_of_service" INTO v_lot, v_retired, v_out FROM "spots" WHERE "id" = p_spot FOR SHARE;
    IF FOUND THEN
        IF v_retired IS NOT NULL OR (p_lot IS NOT NULL AND v_lot <> p_lot) THEN
            RAISE EXCEPTION 'Spot not found' USING ERRCODE = 'PK002';
        END IF;
        IF v_out THEN
            RAISE EXCEPTION 'That spot is out of service' USING ERRCODE = 'PK003';
        END IF;
    END IF;
END
$$;

-- Live statuses: a reservation confirmed or checked in, a session active.
CREATE FUNCTION "park_guard_booking"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."status"::text NOT IN ('confirmed', 'checked_in', 'active') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM "park_lock_booking_parties"(NEW."user_id", NEW."vehicle_id", NEW."lot_id", NEW."spot_id");
    ELSIF NEW."spot_id" IS DISTINCT FROM OLD."spot_id" THEN
        PERFORM "park_lock_booking_parties"(NULL, NULL, NEW."lot_id", NEW."spot_id");
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "reservations_guard"
    BEFORE INSERT OR UPDATE OF "spot_id" ON "reservations"
    FOR EACH ROW EXECUTE FUNCTION "park_guard_booking"();

CREATE TRIGGER "sessions_guard"
    BEFORE INSERT OR UPDATE OF "spot_id" ON "sessions"
    FOR EACH ROW EXECUTE FUNCTION "park_guard_booking"();

-- Levels, rows and spots are only added to a live lot.
CREATE FUNCTION "park_guard_structure"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "park_lock_booking_parties"(NULL, NULL, NEW."lot_id", NULL);
    RETURN NEW;
END
$$;

CREATE TRIGGER "levels_guard" BEFORE INSERT ON "levels" FOR EACH ROW EXECUTE FUNCTION "park_guard_structure"();
CREATE TRIGGER "rows_guard" BEFORE INSERT ON "rows" FOR EACH ROW EXECUTE FUNCTION "park_guard_structure"();
CREATE TRIGGER "spots_guard" BEFORE INSERT ON "spots" FOR EACH ROW EXECUTE FUNCTION "park_guard_structure"();

-- ---------------------------------------------------------------------------
-- 3. Changes that retire what bookings depend on. Each runs after the row's
-- lock is taken, with a fresh view, so it sees every booking committed by
-- then, and none can be added until it commits.

CREATE FUNCTION "park_guard_lot_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM "sessions" WHERE "lot_id" = NEW."id" AND "status" = 'active') THEN
        RAISE EXCEPTION 'The lot has active sessions' USING ERRCODE = 'PK006';
    END IF;
    IF EXISTS (SELECT 1 FROM "reservations" WHERE "lot_id" = NEW."id" AND "status" IN ('confirmed', 'checked_in') AND "ends_at" > now()) THEN
        RAISE EXCEPTION 'The lot has reservations ahead' USING ERRCODE = 'PK007';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "lots_guard_delete"
    BEFORE UPDATE OF "deleted_at" ON "lots"
    FOR EACH ROW WHEN (OLD."deleted_at" IS NULL AND NEW."deleted_at" IS NOT NULL)
    EXECUTE FUNCTION "park_guard_lot_delete"();

CREATE FUNCTION "park_guard_spot_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_occupied BOOLEAN;
    v_claimed BOOLEAN;
BEGIN
    v_occupied := EXISTS (SELECT 1 FROM "sessions" WHERE "spot_id" = NEW."id" AND "status" = 'active');
    v_claimed := EXISTS (SELECT 1 FROM "spot_holds" WHERE "spot_id" = NEW."id" AND "active" AND ("ends_at" IS NULL OR "ends_at" > now()));
    IF OLD."retired_at" IS NULL AND NEW."retired_at" IS NOT NULL AND (v_occupied OR v_claimed) THEN
        RAISE EXCEPTION 'The spot is in use or booked' USING ERRCODE = 'PK008';
    END IF;
    IF NOT OLD."out_of_service" AND NEW."out_of_service" THEN
        IF v_occupied THEN
            RAISE EXCEPTION 'The spot is occupied' USING ERRCODE = 'PK009';
        END IF;
        IF v_claimed THEN
            RAISE EXCEPTION 'The spot is booked ahead' USING ERRCODE = 'PK010';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "spots_guard_change"
    BEFORE UPDATE OF "retired_at", "out_of_service" ON "spots"
    FOR EACH ROW WHEN ((OLD."retired_at" IS NULL AND NEW."retired_at" IS NOT NULL) OR (NOT OLD."out_of_service" AND NEW."out_of_service"))
    EXECUTE FUNCTION "park_guard_spot_change"();

CREATE FUNCTION "park_guard_vehicle_retire"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM "sessions" WHERE "vehicle_id" = NEW."id" AND "status" = 'active')
       OR EXISTS (SELECT 1 FROM "reservations" WHERE "vehicle_id" = NEW."id" AND "status" IN ('confirmed', 'checked_in') AND "ends_at" > now()) THEN
        RAISE EXCEPTION 'The vehicle is parked or booked ahead' USING ERRCODE = 'PK011';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "vehicles_guard_retire"
    BEFORE UPDATE OF "retired_at" ON "vehicles"
    FOR EACH ROW WHEN (OLD."retired_at" IS NULL AND NEW."retired_at" IS NOT NULL)
    EXECUTE FUNCTION "park_guard_vehicle_retire"();

-- The checks above look bookings up by lot and by vehicle; allocation looks a
-- spot's claims up by start.
CREATE INDEX "spot_holds_spot_id_starts_at_active_idx" ON "spot_holds" ("spot_id", "starts_at") WHERE "active";
CREATE INDEX "reservations_lot_id_live_idx" ON "reservations" ("lot_id", "ends_at") WHERE "status" IN ('confirmed', 'checked_in');
CREATE INDEX "reservations_vehicle_id_live_idx" ON "reservations" ("vehicle_id", "ends_at") WHERE "status" IN ('confirmed', 'checked_in');
CREATE INDEX "sessions_vehicle_id_active_idx" ON "sessions" ("vehicle_id") WHERE "status" = 'active';

-- ---------------------------------------------------------------------------
-- 4. Allocation. A spot carries its level's and row's positions, kept by
-- triggers, so "lowest level, row and label first" is one index's order and
-- allocation stops at the first free spot instead of sorting the lot.
ALTER TABLE "spots" ADD COLUMN "level_position" INTEGER NOT NULL DEFAULT 0,
                    ADD COLUMN "row_position" INTEGER NOT NULL DEFAULT 0;

UPDATE "spots" s SET "level_position" = l."position", "row_position" = r."position"
  FROM "levels" l, "rows" r WHERE l."id" = s."level_id" AND r."id" = s."row_id";

CREATE FUNCTION "park_spot_layout_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT l."position", r."position" INTO NEW."level_position", NEW."row_position"
      FROM "rows" r JOIN "levels" l ON l."id" = r."level_id" WHERE r."id" = NEW."row_id";
    RETURN NEW;
END
$$;

CREATE TRIGGER "spots_layout_order"
    BEFORE INSERT OR UPDATE OF "level_id", "row_id" ON "spots"
    FOR EACH ROW EXECUTE FUNCTION "park_spot_layout_order"();

CREATE FUNCTION "park_layout_reordered"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'levels' THEN
        UPDATE "spots" SET "level_position" = NEW."position" WHERE "level_id" = NEW."id";
    ELSE
        UPDATE "spots" SET "row_position" = NEW."position" WHERE "row_id" = NEW."id";
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "levels_reordered" AFTER UPDATE OF "position" ON "levels"
    FOR EACH ROW WHEN (OLD."position" IS DISTINCT FROM NEW."position") EXECUTE FUNCTION "park_layout_reordered"();
CREATE TRIGGER "rows_reordered" AFTER UPDATE OF "position" ON "rows"
    FOR EACH ROW WHEN (OLD."position" IS DISTINCT FROM NEW."position") EXECUTE FUNCTION "park_layout_reordered"();

CREATE INDEX "spots_lot_id_layout_order_idx" ON "spots" ("lot_id", "level_position", "row_position", "position") WHERE "retired_at" IS NULL;

-- Spots of the given kinds free for the whole window, in layout order (at
-- most p_limit of them): not removed, not out of service, no active claim
-- overlapping the window, and, for a window that starts before
-- p_occupied_horizon, not occupied now either, whatever the claims say.
-- A spot's active claims never overlap, so only the last one starting before
-- the window ends can reach into it: one step down a btree per spot. Spots
-- are tried in order, so a caller wanting the best one stops at the first.
CREATE FUNCTION "park_free_spots"(p_lot UUID, p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_kinds TEXT[], p_occupied_horizon TIMESTAMPTZ, p_limit INTEGER DEFAULT NULL)
RETURNS TABLE ("spot_id" UUID, "spot_label" TEXT, "spot_kind" TEXT, "spot_level_id" UUID, "spot_row_id" UUID)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_spot RECORD;
    v_end TIMESTAMPTZ;
    v_found INTEGER := 0;
BEGIN
    FOR v_spot IN
        SELECT s."id", s."label", s."kind"::text AS "kind", s."level_id", s."row_id"
          FROM "spots" s
         WHERE s."lot_id" = p_lot AND s."retired_at" IS NULL AND NOT s."out_of_service" AND s."kind"::text = ANY (p_kinds)
         ORDER BY s."level_position", s."row_position", s."position"
    LOOP
        SELECT h."ends_at" INTO v_end FROM "spot_holds" h
         WHERE h."spot_id" = v_spot."id" AND h."active" AND h."starts_at" < p_to
         ORDER BY h."starts_at" DESC LIMIT 1;
        CONTINUE WHEN FOUND AND (v_end IS NULL OR v_end > p_from);
        CONTINUE WHEN p_from < p_occupied_horizon
                  AND EXISTS (SELECT 1 FROM "sessions" x WHERE x."spot_id" = v_spot."id" AND x."status" = 'active');
        "spot_id" := v_spot."id";
        "spot_label" := v_spot."label";
        "spot_kind" := v_spot."kind";
        "spot_level_id" := v_spot."level_id";
        "spot_row_id" := v_spot."row_id";
        RETURN NEXT;
        v_found := v_found + 1;
        EXIT WHEN v_found = p_limit;
    END LOOP;
END
$$;

-- Picks the best free spot under the lot's lock, so concurrent bookings of one
-- lot queue instead of racing for the same spot. Being volatile, its query
-- reads the bookings committed before the lock was granted, and the lock is
-- held until the calling statement's transaction ends.
CREATE FUNCTION "park_allocate_spot"(p_lot UUID, p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_kinds TEXT[], p_occupied_horizon TIMESTAMPTZ)
RETURNS UUID LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_spot UUID;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_lot::text, 0));
    SELECT f."spot_id" INTO v_spot FROM "park_free_spots"(p_lot, p_from, p_to, p_kinds, p_occupied_horizon, 1) f;
    RETURN v_spot;
END
$$;
