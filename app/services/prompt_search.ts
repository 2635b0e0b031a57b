import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type Prompt from '#models/prompt'

/**
 * PostgreSQL's English stop words (snowball). They are dropped from every query before it reaches
 * either engine: PostgreSQL would ignore them anyway while FTS5 would demand them, and the same
 * query must find the same prompts on both databases.
 */
const STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its ' +
    'itself they them their theirs themselves what which who whom this that these those am is are was were be been being ' +
    'have has had having do does did doing a an the and but if or because as until while of at by for with about against ' +
    'between into through during before after above below to from up down in out on off over under again further then once ' +
    'here there when where why how all any both each few more most other some such no nor not only own same so than too very ' +
    's t can will just don should now'
  ).split(' ')
)

const MAX_TERMS = 8

/** Words of a free-text query: letters and digits only, so nothing reaches either engine's syntax. */
export function searchTerms(q: string): string[] {
  const words =
    q
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  const terms = words.filter((word) => !STOP_WORDS.has(word) && word.length <= 64)
  return [...new Set(terms)].slice(0, MAX_TERMS)
}

function isPostgres() {
  return db.connection().dialect.name === 'postgres'
}

/**
 * Restricts `query` to prompts matching every term and orders by relevance (title > tags =
 * description > content), ties by recency. Returns false when the query has no searchable words.
 */
export function applySearch(
  query: ModelQueryBuilderContract<typeof Prompt, Prompt>,
  q: string
): boolean {
  const terms = searchTerms(q)
  if (terms.length === 0) return false
  if (isPostgres()) {
    const tsquery = terms.join(' & ')
    query
      .whereRaw(`prompts.search_vector @@ to_tsquery('english', ?)`, [tsquery])
      .orderByRaw(`ts_rank(prompts.search_vector, to_tsquery('english', ?)) DESC`, [tsquery])
  } else {
    const match = terms.map((term) => `"${term}"`).join(' ')
    query
      .joinRaw(
        'JOIN (SELECT prompt_id, bm25(prompts_fts, 0.0, 10.0, 4.0, 1.0, 4.0) AS search_rank FROM prompts_fts WHERE prompts_fts MATCH ?) AS fts ON fts.prompt_id = prompts.id',
        [match]
      )
      .orderBy('fts.search_rank', 'asc')
  }
  query.orderBy('prompts.created_at', 'desc').orderBy('prompts.id', 'asc')
  return true
}
