/**
 * Cuts a text to at most `max` characters, ending a cut text with an ellipsis so a reader sees it was
 * cut. Stored records and Jira fields have hard length limits; a clipped text always fits them.
 */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
