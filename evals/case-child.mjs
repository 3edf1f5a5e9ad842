// Runs one eval case in a child process (see evals/isolate.ts): registers tsx so the TypeScript
// sources run as they are, then hands over to case-child-main.ts. Plain JS so that Node can start
// it from any working directory.
import { register } from 'tsx/esm/api';

register();
await import('./case-child-main.ts');
