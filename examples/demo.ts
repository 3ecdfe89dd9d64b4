// The end-to-end demo: `npm run demo` (or `segmentkit demo` once installed).
// The code, section by section, is in src/node/demo.ts.
import { runDemo } from '../src/node/demo.js';

runDemo();
