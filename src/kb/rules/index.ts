/**
 * @module kb/rules
 * The ordered registry of KB lint rules: one line per file in this folder, in the order an author
 * meets them (the file, its frontmatter, its sections and steps, the KB as a whole, drafts, then the
 * checks that run the engine). kb/README.md has one line per rule; a test keeps them in step.
 */
import { appliesComment } from './applies-comment.ts'
import { draft } from './draft.ts'
import { draftEnglish } from './draft-english.ts'
import { draftExample } from './draft-example.ts'
import { draftSectionEmpty } from './draft-section-empty.ts'
import { draftSignature } from './draft-signature.ts'
import { draftStepCommand } from './draft-step-command.ts'
import { draftTodo } from './draft-todo.ts'
import { draftUnsorted } from './draft-unsorted.ts'
import { englishVersion } from './english-version.ts'
import { exampleConfident } from './example-confident.ts'
import { exampleConfidentOther } from './example-confident-other.ts'
import { exampleFile } from './example-file.ts'
import { exampleNoMatch } from './example-no-match.ts'
import { examplePresent } from './example-present.ts'
import { exampleRanksFirst } from './example-ranks-first.ts'
import { fixOrderedList } from './fix-ordered-list.ts'
import { fixStepEmpty } from './fix-step-empty.ts'
import { frontmatterSchema } from './frontmatter-schema.ts'
import { frontmatterYaml } from './frontmatter-yaml.ts'
import { idMatchesFile } from './id-matches-file.ts'
import { regexRedos } from './regex-redos.ts'
import { relatedLink } from './related-link.ts'
import { sectionKnown } from './section-known.ts'
import { sectionMissing } from './section-missing.ts'
import { sectionUnique } from './section-unique.ts'
import { signatureSchema } from './signature-schema.ts'
import { translationCommands } from './translation-commands.ts'
import { translationOrphan } from './translation-orphan.ts'
import { templatePlaceholder } from './template-placeholder.ts'
import { translationSteps } from './translation-steps.ts'
import { uniqueId } from './unique-id.ts'
import type { LintRule } from './types.ts'

export const lintRules: readonly LintRule[] = [
  frontmatterYaml,
  frontmatterSchema,
  sectionKnown,
  sectionMissing,
  sectionUnique,
  idMatchesFile,
  uniqueId,
  signatureSchema,
  fixOrderedList,
  fixStepEmpty,
  appliesComment,
  templatePlaceholder,
  exampleFile,
  englishVersion,
  translationOrphan,
  translationSteps,
  relatedLink,
  draft,
  draftSignature,
  draftExample,
  draftTodo,
  draftSectionEmpty,
  draftStepCommand,
  draftUnsorted,
  draftEnglish,
  regexRedos,
  examplePresent,
  exampleRanksFirst,
  exampleConfidentOther,
  exampleConfident,
  exampleNoMatch,
  translationCommands
]

export type { KbFiles, LintRule, LintRuleExample } from './types.ts'
