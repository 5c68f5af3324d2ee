-- Delivering the outbox: a message that runs out of attempts is kept as dead for
-- an admin to retry. Nothing ever wrote 'failed'; renaming the value in place
-- still keeps any such row, as dead, where replacing the type would refuse it.
ALTER TYPE "OutboxStatus" RENAME VALUE 'failed' TO 'dead';

-- Claiming reads due pending rows through "outbox_status_run_at_idx"; the back
-- office lists the outbox newest first, with and without a status.
CREATE INDEX "outbox_created_at_id_idx" ON "outbox"("created_at", "id");
CREATE INDEX "outbox_status_created_at_id_idx" ON "outbox"("status", "created_at", "id");
