/** Labels put on every container Horde creates for a job, so a janitor can find orphans. */
export const JOB_LABELS = {
  role: 'org.horde.role',
  jobUuid: 'org.horde.job-uuid',
  token: 'org.horde.executor-token',
} as const;

/** The reference names job containers `ch-<token>-job`; we keep the name for operators' scripts. */
export function jobContainerName(token: string): string {
  return `ch-${token}-job`;
}
