/** The jobs an admin may run now (`admin.jobs.run`). */
export const manualJobNames = ["dailyReminders", "dailyAdminReport", "monthlyReport", "exportAll"] as const;

/** Every job that has runs: the manual ones and the upkeep that only runs on its schedule. */
export const jobNames = [...manualJobNames, "bookingUpkeep"] as const;

export type JobName = (typeof jobNames)[number];
export type ManualJobName = (typeof manualJobNames)[number];
