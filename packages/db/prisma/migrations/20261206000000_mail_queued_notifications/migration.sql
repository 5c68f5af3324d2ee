-- Mail waiting to go out announced by the database itself, so that the
-- processes delivering the outbox look for it at once instead of at their
-- next poll, whichever process queued it.
--
-- A committed statement that adds messages to the outbox, or an admin's retry
-- that makes a dead message pending again, sends an empty notification on the
-- channel "park_mail_queued": once per transaction, however many messages it
-- queued. Listeners then claim due messages as they always do, so a
-- notification they miss costs them only the wait until their next poll.

CREATE FUNCTION "park_notify_mail_queued"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('park_mail_queued', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER "outbox_queued_notify" AFTER INSERT ON "outbox"
    FOR EACH STATEMENT EXECUTE FUNCTION "park_notify_mail_queued"();

CREATE TRIGGER "outbox_requeued_notify" AFTER UPDATE OF "status" ON "outbox"
    FOR EACH ROW WHEN (OLD."status" = 'dead' AND NEW."status" = 'pending') EXECUTE FUNCTION "park_notify_mail_queued"();
