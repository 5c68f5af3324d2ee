-- Scheduled and manual job runs. A scheduled run is keyed by (job, due_at): the process
-- whose insert succeeds runs it, so a due time runs once however many processes share the
-- database. Manual runs have no due time (NULLs never collide).

-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "job_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "status" "JobRunStatus" NOT NULL DEFAULT 'running',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "requested_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_schedules" (
    "job" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "job_schedules_pkey" PRIMARY KEY ("job")
);

-- CreateTable
CREATE TABLE "inactivity_reminders" (
    "user_id" UUID NOT NULL,
    "reminded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inactivity_reminders_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "job_runs_created_at_id_idx" ON "job_runs"("created_at", "id");

-- CreateIndex
CREATE INDEX "job_runs_job_created_at_idx" ON "job_runs"("job", "created_at");

-- CreateIndex
CREATE INDEX "job_runs_status_lease_until_idx" ON "job_runs"("status", "lease_until");

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_due_at_key" ON "job_runs"("job", "due_at");

-- AddForeignKey
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inactivity_reminders" ADD CONSTRAINT "inactivity_reminders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
