// Tests assert on est.warnings (data), not on the console.
import { setWarningHandler } from '../src/core/warnings.js';

setWarningHandler(null);
