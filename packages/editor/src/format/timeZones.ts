let zones: string[] | undefined;

/** The IANA zones this browser knows (UTC among them), for a picker: asked once per page load. */
export function timeZoneNames(): string[] {
  if (zones) return zones;
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  zones = known.includes('UTC') ? known : ['UTC', ...known];
  return zones;
}

/** The zone the browser itself runs in (what the user's clock shows), or undefined when it cannot say. */
export function browserTimeZone(): string | undefined {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}
