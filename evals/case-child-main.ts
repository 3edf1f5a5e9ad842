/**
 * Child side of an isolated case: `node evals/case-child.mjs JOB.json OUT.json`. Reads the case
 * and options, runs it, writes the CaseResult, and exits (search worker pools must not keep the
 * process alive).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { LoadedCase } from './case.js';
import { runCase, type RunCaseOptions } from './run-case.js';

const [jobFile, outFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, 'utf8')) as { case: LoadedCase; options: RunCaseOptions };
const result = await runCase(job.case, job.options);
writeFileSync(outFile, JSON.stringify(result));
process.exit(0);
