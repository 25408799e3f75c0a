/** Prints `message` to stderr and exits with `status`: how the load commands refuse input. */
export function fail(message: string, status: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(status);
}

/** An option's value as a whole number from 1 to `max`, or exit 2 naming the option. */
export function wholeNumber(name: string, value: string, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
    fail(`--${name} must be a whole number from 1 to ${max}`, 2);
  }
  return parsed;
}
