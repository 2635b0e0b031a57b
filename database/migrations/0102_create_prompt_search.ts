import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Full-text search over prompts. PostgreSQL: a generated, weighted tsvector column with a GIN
 * index (ranked with ts_rank). SQLite: an FTS5 table kept in sync by triggers (ranked with bm25).
 * Both weigh title > tags > description > content, so the top results agree (prompt_search.spec.ts).
 */
export default class extends BaseSchema {
  private get postgres() {
    return this.db.dialect.name === 'postgres'
  }

  async up() {
    if (this.postgres) {
      this.schema.raw(`
        ALTER TABLE prompts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(tags, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(content, '')), 'C')
        ) STORED`)
      this.schema.raw('CREATE INDEX prompts_search_vector_idx ON prompts USING GIN (search_vector)')
      return
    }

    // A standalone FTS table keyed by prompt_id: an external-content table would need a stable
    // integer rowid, which a table keyed by UUID does not have (VACUUM may renumber it).
    this.schema.raw(
      `CREATE VIRTUAL TABLE prompts_fts USING fts5(prompt_id UNINDEXED, title, description, content, tags, tokenize = 'porter unicode61')`
    )
    this.schema.raw(`
      CREATE TRIGGER prompts_fts_insert AFTER INSERT ON prompts BEGIN
        INSERT INTO prompts_fts (prompt_id, title, description, content, tags)
        VALUES (new.id, new.title, new.description, new.content, new.tags);
      END`)
    // Only the indexed columns: view counters and rating averages do not rewrite the index.
    this.schema.raw(`
      CREATE TRIGGER prompts_fts_update AFTER UPDATE OF title, description, content, tags ON prompts BEGIN
        DELETE FROM prompts_fts WHERE prompt_id = old.id;
        INSERT INTO prompts_fts (prompt_id, title, description, content, tags)
        VALUES (new.id, new.title, new.description, new.content, new.tags);
      END`)
    this.schema.raw(`
      CREATE TRIGGER prompts_fts_delete AFTER DELETE ON prompts BEGIN
        DELETE FROM prompts_fts WHERE prompt_id = old.id;
      END`)
  }

  async down() {
    if (this.postgres) {
      this.schema.raw('DROP INDEX IF EXISTS prompts_search_vector_idx')
      this.schema.raw('ALTER TABLE prompts DROP COLUMN IF EXISTS search_vector')
      return
    }
    this.schema.raw('DROP TRIGGER IF EXISTS prompts_fts_delete')
    this.schema.raw('DROP TRIGGER IF EXISTS prompts_fts_update')
    this.schema.raw('DROP TRIGGER IF EXISTS prompts_fts_insert')
    this.schema.raw('DROP TABLE IF EXISTS prompts_fts')
  }
}
