/** Job and CronJob validation, including robfig/cron's schedule errors. */
import { describe, expect, it } from 'vitest';
import { cronScheduleError } from '../../../source/api/validation/index.js';
import { clone, cronJob, errorsOf, job, messageOf, stored } from './fixtures.js';

describe('Job', () => {
  it('accepts a Job with a generated selector', () => {
    expect(errorsOf(job())).toEqual([]);
  });

  it('needs restartPolicy OnFailure or Never (an unset one defaults to Always)', () => {
    const j = job();
    delete j.spec.template.spec.restartPolicy;
    expect(messageOf(j)).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
    j.spec.template.spec.restartPolicy = 'Sometimes';
    expect(errorsOf(j)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
  });

  it('refuses negative counts', () => {
    const j = job();
    Object.assign(j.spec, { completions: -1, parallelism: -2, backoffLimit: -3 });
    expect(errorsOf(j)).toEqual([
      'spec.parallelism: Invalid value: -2: must be greater than or equal to 0',
      'spec.completions: Invalid value: -1: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -3: must be greater than or equal to 0',
    ]);
  });

  it('needs completions for Indexed Jobs and only accepts known modes', () => {
    const j = job();
    j.spec.completionMode = 'Indexed';
    j.spec.parallelism = 3;
    expect(errorsOf(j)).toEqual(['spec.completions: Required value: when completion mode is Indexed']);
    j.spec.completionMode = 'Ordered';
    expect(errorsOf(j)).toEqual(['spec.completionMode: Unsupported value: "Ordered": supported values: "NonIndexed", "Indexed"']);
  });

  it('with manualSelector, requires a selector that matches the template', () => {
    const j = job();
    j.spec.manualSelector = true;
    expect(errorsOf(j)).toEqual(['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`']);
    j.spec.selector = { matchLabels: { app: 'pi' } };
    j.spec.template.metadata = { labels: { app: 'pi' } };
    expect(errorsOf(j)).toEqual([]);
  });

  it('requires podReplacementPolicy Failed with a podFailurePolicy, and restartPolicy Never', () => {
    const j = job();
    j.spec.template.spec.restartPolicy = 'OnFailure';
    j.spec.podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
    j.spec.podReplacementPolicy = 'TerminatingOrFailed';
    expect(errorsOf(j)).toEqual([
      'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
      'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
    ]);
  });

  it('keeps completions, selector and template immutable', () => {
    const old = stored(job());
    const next = clone(old);
    next.spec.completions = 5;
    next.spec.template.spec.containers[0].image = 'perl:5.36';
    expect(errorsOf(next, old)).toEqual([
      'spec.completions: Invalid value: 5: field is immutable',
      'spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable',
    ]);
  });

  it('lets a suspended Job that never started change scheduling directives', () => {
    const base = job();
    base.spec.suspend = true;
    const old = stored(base);
    const next = clone(old);
    next.spec.template.spec.nodeSelector = { pool: 'batch' };
    next.spec.suspend = false;
    expect(errorsOf(next, old)).toEqual([]);
  });
});

describe('CronJob', () => {
  it('requires a schedule and rejects malformed ones with robfig/cron messages', () => {
    const cj = cronJob();
    cj.spec.schedule = '';
    expect(errorsOf(cj)).toEqual(['spec.schedule: Required value']);
    cj.spec.schedule = '61 * * * *';
    expect(messageOf(cj)).toBe('CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
  });

  it('refuses TZ in the schedule and unknown time zones', () => {
    const cj = cronJob();
    cj.spec.schedule = 'CRON_TZ=UTC 0 * * * *';
    expect(errorsOf(cj)).toEqual(['spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
    cj.spec.schedule = '0 * * * *';
    cj.spec.timeZone = 'Mars/Olympus';
    expect(errorsOf(cj)).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
    cj.spec.timeZone = 'Europe/Berlin';
    expect(errorsOf(cj)).toEqual([]);
  });

  it('limits the name to 52 characters (room for the Job suffix)', () => {
    const cj = cronJob();
    cj.metadata.name = 'c'.repeat(53);
    expect(errorsOf(cj)).toEqual([`metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`]);
  });

  it('checks concurrencyPolicy, history limits and the job template', () => {
    const cj = cronJob();
    Object.assign(cj.spec, { concurrencyPolicy: 'Queue', successfulJobsHistoryLimit: -1 });
    cj.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    cj.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always';
    expect(errorsOf(cj)).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace"',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ]);
  });
});

describe('cron schedules (robfig/cron ParseStandard)', () => {
  it.each([
    ['*/5 * * * *'], ['0 0 1 jan,jul *'], ['0 9-17 * * mon-fri'], ['@hourly'], ['@every 1h30m'], ['0 0 * * ?'], ['30 4 1,15 * 5'],
  ])('accepts %s', (schedule) => {
    expect(cronScheduleError(schedule)).toBeUndefined();
  });

  it.each([
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['0 0 1 constructor *', 'failed to parse int from constructor: strconv.Atoi: parsing "constructor": invalid syntax'],
  ])('rejects %s', (schedule, message) => {
    expect(cronScheduleError(schedule)).toBe(message);
  });
});
