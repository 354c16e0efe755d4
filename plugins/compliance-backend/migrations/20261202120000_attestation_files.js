// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('compliance_attestation_files', table => {
    table.comment(
      'The evidence file uploaded with an attestation: one per attestation (the primary key), never replaced',
    );
    table
      .string('attestation_id', 36)
      .primary()
      .notNullable()
      .references('id')
      .inTable('compliance_attestations');
    // Sanitised on upload: a label for downloads, never a path.
    table.string('file_name', 255).notNullable();
    table.string('content_type', 64).notNullable();
    table.integer('bytes').notNullable();
    table.string('sha256', 64).notNullable();
    table.binary('content').notNullable();
  });

  // A register like the others (20261202100000_init.js): rows are never changed or deleted.
  const name = 'compliance_attestation_files';
  const client = String(knex.client.config.client);
  if (client === 'pg') {
    await knex.raw(`
      CREATE TRIGGER ${name}_append_only
      BEFORE UPDATE OR DELETE ON ${name}
      FOR EACH ROW EXECUTE FUNCTION compliance_register_immutable()`);
  } else if (client.includes('sqlite')) {
    await knex.raw(`
      CREATE TRIGGER ${name}_no_update BEFORE UPDATE ON ${name}
      BEGIN SELECT RAISE(ABORT, '${name} is append-only'); END`);
    await knex.raw(`
      CREATE TRIGGER ${name}_no_delete BEFORE DELETE ON ${name}
      BEGIN SELECT RAISE(ABORT, '${name} is append-only'); END`);
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('compliance_attestation_files');
};
