/**
 * One wording for the two ways out of an incident, used by the admin page's incident card and the
 * incident's Jira issue. No imports: the page loads this without the contract's schemas.
 */

/** `{idp}` is the directory's name. */
export const INCIDENT_RECOVERIES = [
  {
    title: 'Re-assign the users in {idp}',
    when: 'right when removing them was a mistake',
    text:
      'Put the users back into the group or app assignment that {idp} syncs to Atlassian. {idp} then ' +
      'reactivates their accounts itself and keeps managing them; nothing needs to be unlocked here.',
  },
  {
    title: 'Unlock them here',
    when: 'right when they should no longer be managed by {idp}',
    text:
      'Unlocking removes the SCIM link to {idp} and reactivates each account, so the people keep their ' +
      'Atlassian accounts without {idp} managing them. Every unlock is previewed first and audited.',
  },
] as const;

export function recoveryWords(template: string, directoryName: string): string {
  return template.replaceAll('{idp}', directoryName);
}
