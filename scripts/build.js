#!/usr/bin/env node
// `npm run build` (run by `npm ci` through `prepare`, and before `npm start` and `npm test`):
// compile src/ to JavaScript in dist/ with esbuild, file for file in the same layout, so that the
// `remedy` command runs plain JavaScript instead of compiling TypeScript at every start. The
// playground's front end (src/web/main.ts and its modules) is bundled into one dist/web/app.js
// beside the page's static files. Type checking stays with `tsc --noEmit` (`npm run typecheck`).
// A full build takes a few hundred milliseconds, so it is always a full build.
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join, sep } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const src = join(root, 'src')
const dist = join(root, 'dist')
const web = join(src, 'web')

/** The server's modules: every TypeScript file under src/ but the tests and the front end. */
const serverEntries = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter(
    (file) =>
      file.endsWith('.ts') &&
      !file.endsWith('.test.ts') &&
      !file.startsWith(`web${sep}`)
  )
  .map((file) => join(src, file))

/**
 * Compile each module on its own: relative imports stay imports (`./x.ts` becomes `./x.js`) and
 * packages stay external, so dist/ has the layout of src/ and `import.meta.url` paths hold.
 */
const keepImports = {
  name: 'keep-imports',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, (args) =>
      args.kind === 'entry-point'
        ? undefined
        : { path: args.path.replace(/\.ts$/, '.js'), external: true }
    )
  }
}

rmSync(dist, { recursive: true, force: true })
await Promise.all([
  build({
    entryPoints: serverEntries,
    outdir: dist,
    outbase: src,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [keepImports]
  }),
  build({
    entryPoints: [join(web, 'main.ts')],
    outfile: join(dist, 'web', 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    logLevel: 'warning'
  })
])
mkdirSync(join(dist, 'web'), { recursive: true })
for (const file of ['index.html', 'style.css', 'icon.svg'])
  copyFileSync(join(web, file), join(dist, 'web', file))
// Written last: bin/remedy.js runs dist/ only when this stamp is newer than every file in src/.
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`)
