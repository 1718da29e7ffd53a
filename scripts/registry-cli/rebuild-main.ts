/**
 * `registry rebuild [projection] [--timeout seconds]`, run by operator-commands.ts in its own Node process through
 * swc-register.js (the application needs decorator metadata). Prints one line; exit 0, or 2 with the reason.
 */
import { rebuildProjection } from './rebuild';

const [name, timeoutSeconds] = process.argv.slice(2);
rebuildProjection(name || undefined, Number(timeoutSeconds ?? 3600) * 1000).then(
  (message) => {
    process.stdout.write(`${message}\n`);
    process.exit(0);
  },
  (error: Error) => {
    process.stderr.write(`registry: ${error.message}\n`);
    process.exit(2);
  },
);
