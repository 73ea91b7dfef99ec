// How every command ends: exit with the code its main returns; an exception is printed as
// "<command>: <message>" on stderr and exits 1.

/** Runs a command's main and exits the process with its code. */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(1);
    },
  );
}

/** Writes to stdout, ending with one newline (text that ends with one is written as it is). */
export function stdoutLine(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
}

/** Writes one line to stderr. */
export function stderrLine(s: string): void {
  process.stderr.write(`${s}\n`);
}
