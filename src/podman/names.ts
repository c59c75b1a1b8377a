/** Podman network names: letters, digits, `_`, `.` and `-`, starting with a letter or digit. */
export function validateNetworkName(name: string): string | undefined {
  if (!name) return 'Enter a network name.';
  if (name.length > 100) return 'A network name is at most 100 characters.';
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return 'Use letters, digits, "_", "." and "-", starting with a letter or digit.';
  return undefined;
}
