-- The back office: who changed what, kept for good, and an admin that always remains.
--
-- Refusals raised here, beside those of the guarded bookings:
--   PK012 the last active admin would be demoted or disabled
--   PK013 audit rows are never changed or removed

-- Audit rows carry the request that made the change, and outlive nothing they point at:
-- the actor stays (users are disabled, never deleted).
ALTER TABLE "audit_log" ADD COLUMN "request_id" TEXT;
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_actor_id_fkey";
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "audit_log_actor_id_created_at_idx" ON "audit_log"("actor_id", "created_at");
CREATE INDEX "audit_log_action_created_at_idx" ON "audit_log"("action", "created_at");

CREATE FUNCTION "park_audit_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Audit rows are never changed or removed' USING ERRCODE = 'PK013';
END
$$;

CREATE TRIGGER "audit_log_append_only"
    BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "park_audit_append_only"();

-- TRUNCATE skips row triggers.
CREATE TRIGGER "audit_log_no_truncate"
    BEFORE TRUNCATE ON "audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "park_audit_append_only"();

-- An active admin stops being one only while another remains. Every such change takes
-- the same transaction-scoped lock first, so two admins demoting each other at once on
-- two connections are decided one after the other, and the second sees the first.
CREATE FUNCTION "park_keep_an_admin"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD."role" = 'admin' AND NOT OLD."disabled" AND (NEW."role" <> 'admin' OR NEW."disabled") THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('park:admins', 0));
        IF NOT EXISTS (SELECT 1 FROM "users" WHERE "role" = 'admin' AND NOT "disabled" AND "id" <> OLD."id") THEN
            RAISE EXCEPTION 'The last active admin must stay one' USING ERRCODE = 'PK012';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "users_keep_an_admin"
    BEFORE UPDATE OF "role", "disabled" ON "users"
    FOR EACH ROW EXECUTE FUNCTION "park_keep_an_admin"();

-- The admin user list searches these and sorts by creation.
CREATE INDEX "users_created_at_id_idx" ON "users"("created_at", "id");
CREATE INDEX "payments_user_id_currency_idx" ON "payments"("user_id", "currency");
