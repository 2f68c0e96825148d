// ESLint: typescript-eslint type-checked rules, plus the one-way layering of src/
// (cli, discord, http → interactions → runner → render → match → kb, see LAYERS), enforced with
// no-restricted-imports.
import tseslint from 'typescript-eslint'

/**
 * The layers of src/, top first: each folder names the folders it may import, and everything else
 * under src/ is refused. Every folder of src/ must be listed (`test/layers.test.ts` checks it), so a
 * new folder starts with a rule. Tests (`*.test.ts`) may cross layers.
 */
export const LAYERS = {
  cli: {
    may: [
      'discord',
      'http',
      'interactions',
      'runner',
      'render',
      'store',
      'lint',
      'import',
      'ocr',
      'match',
      'kb'
    ],
    why: 'src/cli starts the adapters and the tools: it imports no browser code.'
  },
  discord: {
    may: ['interactions', 'runner', 'render', 'store', 'ocr', 'match', 'kb'],
    why: 'src/discord is the gateway adapter (discord.js only here): it shares src/interactions with src/http and imports neither src/http nor the CLI.'
  },
  http: {
    may: ['interactions', 'runner', 'render', 'store', 'ocr', 'match', 'kb'],
    why: 'src/http is the HTTP adapter (Hono only here): it shares src/interactions with src/discord and imports neither src/discord nor the CLI.'
  },
  interactions: {
    may: ['runner', 'render', 'store', 'lint', 'ocr', 'match', 'kb'],
    why: 'src/interactions is the handler layer both adapters share: raw payloads, no discord.js, no Hono, no adapter.'
  },
  runner: {
    may: ['render', 'match', 'kb'],
    why: 'src/runner runs diagnoses in-process or in its worker pool for every adapter: it imports no handler, adapter or store.'
  },
  render: {
    may: ['match', 'kb'],
    why: 'src/render returns plain data: no runner, handler, adapter, store, Discord or HTTP code.'
  },
  store: {
    may: ['match', 'kb'],
    why: 'src/store knows nothing of its callers.'
  },
  lint: {
    may: ['match', 'kb'],
    why: 'src/lint sits on kb and match (it runs the engine on the examples): no renderer, adapter, Discord or HTTP code.'
  },
  import: {
    may: ['match', 'kb'],
    why: 'src/import sits on kb and match (it runs the signal extractors on prose): no renderer, adapter, Discord or HTTP code.'
  },
  ocr: {
    may: [],
    why: 'src/ocr reads the text of images (sharp, tesseract.js) for every adapter, beside src/import: it imports no matcher, renderer, adapter, Discord or HTTP code.'
  },
  match: {
    may: ['kb'],
    why: 'src/match gets a loaded KB: no fs, no process, no renderer, authoring tool, adapter, Discord or HTTP code.'
  },
  kb: {
    may: [],
    why: 'src/kb is the bottom layer: it imports no matcher, renderer, authoring tool, adapter, Discord or HTTP code.'
  },
  web: {
    may: [],
    why: "src/web runs in the browser: it may share the server's types (`import type`), never its code."
  }
}

/** Every folder that runs on the server (all but the browser page). */
const SERVER = Object.keys(LAYERS).filter((folder) => folder !== 'web')

/** Packages that only some folders may import (any folder not listed is refused them). */
const PACKAGES = [
  // discord.js (and its gateway parts) only in the gateway adapter; the REST client is shared.
  {
    group: ['discord.js', 'discord.js/*', '@discordjs/*', '!@discordjs/rest'],
    in: ['discord']
  },
  { group: ['hono', 'hono/*', '@hono/*'], in: ['http'] },
  // The image decoder and the OCR engine only in src/ocr.
  {
    group: ['sharp', 'tesseract.js', 'tesseract.js/*', '@tesseract.js-data/*'],
    in: ['ocr']
  },
  {
    group: ['discord-api-types', 'discord-api-types/*', '@discordjs/rest'],
    in: ['cli', 'discord', 'http', 'interactions']
  },
  {
    group: ['node:process'],
    in: ['cli', 'discord', 'http', 'interactions', 'store']
  },
  {
    group: ['node:fs', 'node:fs/*'],
    in: SERVER.filter(
      (folder) => !['runner', 'render', 'match'].includes(folder)
    )
  },
  { group: ['node:*'], in: SERVER }
]

/**
 * The `no-restricted-imports` options of one folder.
 * @param {keyof typeof LAYERS} folder
 */
const layering = (folder) => {
  const { may, why } = LAYERS[folder]
  const folders = Object.keys(LAYERS)
    .filter((other) => other !== folder && !may.includes(other))
    .map((other) => `**/${other}/**`)
  // One pattern per package entry: a negation (`!@discordjs/rest`) applies within its own group only.
  const packages = PACKAGES.filter((entry) => !entry.in.includes(folder)).map(
    (entry) => ({ group: entry.group, message: why })
  )
  // The browser page may import the server's types, which vanish at build time.
  const typesOnly = folder === 'web' ? { allowTypeImports: true } : {}
  const layers =
    folders.length === 0 ? [] : [{ group: folders, message: why, ...typesOnly }]
  return ['error', { patterns: [...layers, ...packages] }]
}

/** The files directly in src/: the library's entry point, and what every layer imports. */
const ROOT_FILES = [
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'cli',
                'discord',
                'http',
                'interactions',
                'runner',
                'store',
                'web'
              ].map((folder) => `**/${folder}/**`),
              message:
                'src/index.ts is the library (engine, renderer, authoring tools): no adapter, handler, runner or store.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/*.ts'],
    ignores: ['**/*.test.ts', 'src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: Object.keys(LAYERS).map((folder) => `**/${folder}/**`),
              message:
                'config.ts, errors.ts and log.ts are imported by every layer: they import none.'
            }
          ]
        }
      ]
    }
  }
]

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'coverage/',
      'dist/',
      'kb/',
      'test-results/',
      'scratch/'
    ]
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname
      }
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error'
    }
  },
  // One layering rule per folder of src/; the web page's rule is typescript-eslint's variant, which can
  // let `import type` through.
  ...Object.keys(LAYERS).map((folder) => ({
    files: [`src/${folder}/**/*.ts`, `src/${folder}/**/*.js`],
    ignores: ['**/*.test.ts'],
    rules:
      folder === 'web'
        ? { '@typescript-eslint/no-restricted-imports': layering(folder) }
        : { 'no-restricted-imports': layering(folder) }
  })),
  ...ROOT_FILES,
  {
    // The playground's front end is bundled for the browser on its own: it may use the server's
    // types (erased at build), never its code.
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!../*.ts', '../../*'],
              allowTypeImports: true,
              message:
                'src/web runs in the browser: import only types from the rest of src/.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked
  }
)
