import type { ScheduleContract } from "./define";
import type { JobQueue } from "./queue";
import { type JobName, jobs, type ScheduleName, schedules } from "./registry";

/**
 * Makes Redis hold exactly the schedules the code declares: upserts each and removes schedulers that
 * no longer exist in the registry, so renaming a schedule never leaves a ghost running.
 */
export async function syncSchedules(jobQueue: JobQueue): Promise<ScheduleName[]> {
  const declared = schedules as Record<ScheduleName, ScheduleContract<JobName>>;
  const names = Object.keys(declared) as ScheduleName[];
  for (const name of names) {
    const schedule = declared[name];
    const contract = jobs[schedule.job];
    const queue = jobQueue.queue(contract.queue);
    await queue.upsertJobScheduler(
      name,
      schedule.pattern
        ? { pattern: schedule.pattern, ...(schedule.timezone ? { tz: schedule.timezone } : {}) }
        : { every: schedule.everyMs ?? 60_000 },
      { name: schedule.job, data: contract.schema.parse(schedule.payload), opts: contract.options ?? {} },
    );
  }
  const queueNames = new Set(Object.values(jobs).map((contract) => contract.queue));
  for (const queueName of queueNames) {
    const queue = jobQueue.queue(queueName);
    for (const existing of await queue.getJobSchedulers()) {
      if (!names.includes(existing.key as ScheduleName)) await queue.removeJobScheduler(existing.key);
    }
  }
  return names;
}

/**
 * The declared schedules Redis does not hold (after a failover, a restart without persistence or a flush).
 * Cheap enough to ask every minute: one read of each queue's scheduler set.
 */
export async function missingSchedules(jobQueue: JobQueue): Promise<ScheduleName[]> {
  const declared = schedules as Record<ScheduleName, ScheduleContract<JobName>>;
  const names = Object.keys(declared) as ScheduleName[];
  const present = new Set<string>();
  const queueNames = new Set(names.map((name) => jobs[declared[name].job].queue));
  for (const queueName of queueNames) {
    for (const existing of await jobQueue.queue(queueName).getJobSchedulers()) present.add(existing.key);
  }
  return names.filter((name) => !present.has(name));
}
