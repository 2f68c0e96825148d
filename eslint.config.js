// ESLint: typescript-eslint type-checked rules, plus the one-way layering of src/
// (cli, discord, http → render → match → kb), enforced with no-restricted-imports.
import tseslint from 'typescript-eslint'

const discordAndHttp = [
  'discord.js',
  'discord.js/*',
  'discord-api-types',
  'discord-api-types/*',
  '@discordjs/*',
  'hono',
  'hono/*',
  '@hono/*'
]
const adapters = ['**/discord/**', '**/http/**', '**/cli/**', '**/store/**']

/** @param {string[]} patterns @param {string} why */
const restrict = (patterns, why) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [{ group: patterns, message: why }] }
  ]
})

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
  {
    files: ['src/kb/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        ...discordAndHttp,
        'node:process',
        ...adapters,
        '**/match/**',
        '**/render/**',
        '**/lint/**',
        '**/import/**'
      ],
      'src/kb is the bottom layer: it imports no matcher, renderer, authoring tool, adapter, Discord or HTTP code.'
    )
  },
  {
    files: ['src/match/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        ...discordAndHttp,
        'node:process',
        'node:fs',
        'node:fs/*',
        ...adapters,
        '**/render/**',
        '**/lint/**',
        '**/import/**'
      ],
      'src/match gets a loaded KB: no fs, no process, no renderer, authoring tool, adapter, Discord or HTTP code.'
    )
  },
  {
    // The authoring tools sit on the engine: lint runs it on the examples, import runs its extractors on prose.
    files: ['src/lint/**/*.ts', 'src/import/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [...discordAndHttp, 'node:process', ...adapters, '**/render/**'],
      'src/lint and src/import sit on kb and match: no renderer, adapter, Discord or HTTP code.'
    )
  },
  {
    files: ['src/render/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [...discordAndHttp, 'node:process', ...adapters],
      'src/render returns plain data: no adapter, Discord or HTTP code.'
    )
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [...discordAndHttp, '**/discord/**', '**/http/**', '**/cli/**'],
      'src/store knows nothing of its callers.'
    )
  },
  {
    files: [
      'src/discord/core/**/*.ts',
      'src/discord/commands/**/*.ts',
      'src/discord/payload.ts',
      'src/discord/register.ts'
    ],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      [
        'discord.js',
        'discord.js/*',
        '**/http/**',
        '**/cli/**',
        '**/gateway/**'
      ],
      'The Discord handler layer works on raw payloads so that the gateway bot and the HTTP endpoint share it: no discord.js, no transport.'
    )
  },
  {
    files: ['src/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(
      ['discord.js', 'discord.js/*', '**/cli/**'],
      'src/http runs without the gateway client and without the CLI.'
    )
  },
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
