/** Podman secret names (4.3's rule, the stricter of 4.3 and 5.x): 1 to 64 of letters, digits, `_`, `.`, `-`. */
export function validateSecretName(name: string): string | undefined {
  if (!/^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9])?$/.test(name)) return 'Use 1 to 64 letters, digits, "_", "." and "-", starting and ending with a letter or digit.';
  return undefined;
}

/** Podman network names: letters, digits, `_`, `.` and `-`, starting with a letter or digit. */
export function validateNetworkName(name: string): string | undefined {
  if (!name) return 'Enter a network name.';
  if (name.length > 100) return 'A network name is at most 100 characters.';
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) return 'Use letters, digits, "_", "." and "-", starting with a letter or digit.';
  return undefined;
}
