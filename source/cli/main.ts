#!/usr/bin/env node
/** The `kubedrill` executable: run the program on the process's arguments and exit with its code. */
import { runProgram } from './program.js';

process.exitCode = await runProgram(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
