// Entry for `npm run demo`: registers tsx so the TypeScript demo (and the fake server it
// shares with the tests) runs without a separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('./index.ts');
