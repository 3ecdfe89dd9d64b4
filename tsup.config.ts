import { defineConfig } from 'tsup';

// One build so every entry shares the same chunks (one copy of each class: instanceof works
// across entry points). The browser-safe entries (index, testing, datasets) import nothing from
// Node; scripts/check-dist.mjs checks every chunk they reach.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'datasets/index': 'src/datasets/index.ts',
    'node/index': 'src/node/index.ts',
    cli: 'src/node/cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'datasets/index': 'src/datasets/index.ts', 'node/index': 'src/node/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  splitting: true,
  treeshake: true,
});
