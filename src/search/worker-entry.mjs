// Worker-thread entry: registers tsx so the TypeScript worker module (and learners) can load.
import { register } from 'tsx/esm/api';

register();
await import('./trial-worker.ts');
