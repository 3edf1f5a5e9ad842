/**
 * Child process for the resume-after-kill test: runs a long search on generated data into the
 * run folder given as argv[2]. The test SIGKILLs it mid-run and resumes from the folder.
 */
import { runSearch } from '../search-core.js';
import { Deadline } from '../deadline.js';
import { syntheticData } from './synthetic.js';
import { TOY_MODULE } from './toy-learners.js';

const runDir = process.argv[2];
const { X, target } = syntheticData({ rows: 300, cols: 5, task: 'binary', seed: 7 });
await runSearch({
  views: { tree: X, linear: X },
  target,
  metric: 'log_loss',
  learners: ['toy_slow'],
  deadline: Deadline.fromSeconds(120),
  seed: 7,
  parallelism: 1,
  runDir,
  workerModules: [TOY_MODULE],
});
