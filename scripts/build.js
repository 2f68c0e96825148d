#!/usr/bin/env node
// `npm run build` (run by `npm ci` through `prepare`, and before `npm start` and `npm test`):
// compile src/ to JavaScript in dist/ with esbuild, file for file in the same layout, so that the
// `remedy` command runs plain JavaScript instead of compiling TypeScript at every start. The
// playground's front end (src/web/main.ts and its modules) is bundled into one dist/web/app.js
// beside the page's static files. Type checking stays with `tsc --noEmit` (`npm run typecheck`).
// The command line starts from a second build of the same code, dist/cli-bundle/: src/cli/index.ts
// bundled with the pure-JavaScript packages it loads, split at its dynamic imports, so that a command
// reads a few files instead of resolving and reading hundreds (`remedy diagnose` ~40 ms sooner).
// A full build takes a few hundred milliseconds, so it is always a full build.
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
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

/**
 * In the bundle, `import.meta.url` and `import.meta.dirname` of a module are those of its own file
 * in dist/ (built beside the bundle): the paths it computes from them (the KB cache, the worker
 * scripts, the playground's files, the compiler's code that keys the cache) stay what they are.
 */
const ownPaths = {
  name: 'own-paths',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const own = join(dist, relative(src, args.path)).replace(/\.ts$/, '.js')
      const contents = (await readFile(args.path, 'utf8'))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(own)))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(own).href))
      return { contents, loader: 'ts' }
    })
  }
}

/**
 * Packages the bundle leaves to Node: native code, worker scripts or files found by path, and the
 * servers' and bot's packages, which a one-off command never loads.
 */
const unbundled = [
  '@discordjs/*',
  '@hono/*',
  '@tesseract.js-data/*',
  'better-sqlite3',
  'discord.js',
  'dotenv',
  'esbuild',
  'hono',
  'pg',
  'pino',
  'recheck',
  'sharp',
  'tesseract.js',
  'tsx'
]

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
    entryPoints: [join(src, 'cli', 'index.ts')],
    outdir: join(dist, 'cli-bundle'),
    bundle: true,
    splitting: true,
    external: unbundled,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The CommonJS packages in the bundle (commander, semver) call require() for Node's modules.
    banner: {
      js: "import { createRequire as __remedyRequire } from 'node:module'; const require = __remedyRequire(import.meta.url);"
    },
    logLevel: 'warning',
    plugins: [ownPaths]
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
// Data the modules read beside themselves (the errno table).
for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }))
  if (file.endsWith('.json') && !file.startsWith(`web${sep}`)) {
    mkdirSync(dirname(join(dist, file)), { recursive: true })
    copyFileSync(join(src, file), join(dist, file))
  }
mkdirSync(join(dist, 'web'), { recursive: true })
for (const file of ['index.html', 'style.css', 'icon.svg'])
  copyFileSync(join(web, file), join(dist, 'web', file))
// Written last: bin/remedy.js runs dist/ only when this stamp is newer than every file and folder
// of src/ it lists (a file added or removed changes its folder's time), so that a command checks
// the sources with a stat each instead of walking src/ again.
const sources = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => !entry.name.endsWith('.test.ts'))
  .map((entry) => relative(src, join(entry.parentPath, entry.name)))
writeFileSync(
  join(dist, '.built'),
  `${JSON.stringify({ builtAt: new Date().toISOString(), sources: ['.', ...sources.sort()] })}\n`
)
