/** The CronJob controller, schedule evaluation and the manual trigger (`kubectl create job --from=cronjob/<name>`). */
export { CronJobController } from './cronjob-controller.js';
export { CRONJOB_INSTANTIATE_ANNOTATION, CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION, jobFromTemplate, scheduledJobName, triggerCronJob } from './job-from-template.js';
export { type CronSchedule, ScheduleError, parseSchedule, rfc3339InZone } from './schedule.js';
export { mostRecentScheduleTime, nextScheduleDelay } from './schedule-times.js';
