/** Jira's limits on entity properties: keys up to 255 characters, values up to 32 KB of JSON. */
export const PROPERTY_KEY_MAX = 255;
export const PROPERTY_VALUE_MAX_BYTES = 32768;

export function checkPropertyKey(key: string): string | undefined {
  if (key.length === 0) return 'The property key cannot be empty.';
  if (key.length > PROPERTY_KEY_MAX)
    return `The property key cannot be longer than ${PROPERTY_KEY_MAX} characters.`;
  return undefined;
}

export function checkPropertyValue(value: unknown): string | undefined {
  if (value === undefined) return 'The property value must be valid JSON.';
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > PROPERTY_VALUE_MAX_BYTES) {
    return `The property value cannot be longer than ${PROPERTY_VALUE_MAX_BYTES} bytes.`;
  }
  return undefined;
}
