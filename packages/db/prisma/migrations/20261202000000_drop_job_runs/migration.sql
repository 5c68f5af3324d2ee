-- The job runs table was never written; scheduled jobs will bring the tables they use.
DROP TABLE "job_runs";
DROP TYPE "JobRunStatus";
