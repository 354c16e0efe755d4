// @ts-check

/** Every table is a register: rows are written once and never changed or deleted. */
const registers = [
  'compliance_waiver_requests',
  'compliance_waiver_decisions',
  'compliance_waiver_revocations',
  'compliance_attestations',
  'compliance_attestation_revocations',
  'compliance_detection_acknowledgements',
  'compliance_score_snapshots',
];

/**
 * @param {import('knex').Knex.CreateTableBuilder} table
 */
function scopeColumns(table) {
  table.string('scope_kind', 16).notNullable();
  table.string('scope_id', 500).notNullable();
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Times are ISO 8601 UTC with milliseconds: they sort as text on SQLite and PostgreSQL alike.
  await knex.schema.createTable('compliance_waiver_requests', table => {
    table.comment(
      'Waiver requests as submitted; decided in compliance_waiver_decisions',
    );
    table.string('id', 36).primary().notNullable();
    table.string('check_id', 255).notNullable();
    scopeColumns(table);
    table.text('reason').notNullable();
    table.string('requester', 255).notNullable();
    table.string('requested_at', 24).notNullable();
    table.string('expires_at', 24).notNullable();
    table.index(
      ['check_id', 'scope_kind', 'scope_id'],
      'compliance_waivers_check_idx',
    );
  });
  await knex.schema.createTable('compliance_waiver_decisions', table => {
    table.comment(
      'At most one decision per request (the primary key): decided once, for good',
    );
    table
      .string('waiver_id', 36)
      .primary()
      .notNullable()
      .references('id')
      .inTable('compliance_waiver_requests');
    table.string('decision', 16).notNullable();
    table.string('decided_by', 255).notNullable();
    table.string('decided_at', 24).notNullable();
    table.text('comment').nullable();
  });
  await knex.schema.createTable('compliance_waiver_revocations', table => {
    table.comment('Ends an approved waiver early; one per waiver');
    table.string('id', 36).primary().notNullable();
    table
      .string('waiver_id', 36)
      .notNullable()
      .unique({ indexName: 'compliance_waiver_revocations_waiver_uq' })
      .references('waiver_id')
      .inTable('compliance_waiver_decisions');
    table.string('revoked_by', 255).notNullable();
    table.string('revoked_at', 24).notNullable();
    table.text('reason').notNullable();
  });
  await knex.schema.createTable('compliance_attestations', table => {
    table.comment('Attestations with their evidence');
    table.string('id', 36).primary().notNullable();
    table.string('check_id', 255).notNullable();
    scopeColumns(table);
    table.string('attested_by', 255).notNullable();
    table.text('evidence').notNullable();
    table.string('attested_at', 24).notNullable();
    table.string('expires_at', 24).notNullable();
    table.text('note').nullable();
    table.string('recorded_at', 24).notNullable();
    table.index(
      ['check_id', 'scope_kind', 'scope_id'],
      'compliance_attestations_check_idx',
    );
  });
  await knex.schema.createTable('compliance_attestation_revocations', table => {
    table.comment('Ends an attestation early; one per attestation');
    table.string('id', 36).primary().notNullable();
    table
      .string('attestation_id', 36)
      .notNullable()
      .unique({ indexName: 'compliance_attestation_revocations_uq' })
      .references('id')
      .inTable('compliance_attestations');
    table.string('revoked_by', 255).notNullable();
    table.string('revoked_at', 24).notNullable();
    table.text('reason').notNullable();
  });
  await knex.schema.createTable(
    'compliance_detection_acknowledgements',
    table => {
      table.comment(
        'Triage of audit-trail detections: one acknowledgement per event',
      );
      table.string('event_id', 255).primary().notNullable();
      table.string('rule_id', 255).notNullable();
      table.string('acknowledged_by', 255).notNullable();
      table.string('acknowledged_at', 24).notNullable();
      table.text('note').notNullable();
    },
  );
  await knex.schema.createTable('compliance_score_snapshots', table => {
    table.comment(
      'Score history per framework and scope (empty kind and id: over every scope)',
    );
    table.string('id', 36).primary().notNullable();
    table.string('framework_id', 64).notNullable();
    table.string('framework_version', 32).notNullable();
    table.string('method_version', 16).notNullable();
    scopeColumns(table);
    table.string('taken_at', 24).notNullable();
    table.string('trigger', 16).notNullable();
    // The figures (ScopeScore without the scope), the control scores and the sources read, as JSON.
    table.text('figures').notNullable();
    table.text('controls').notNullable();
    table.text('sources').notNullable();
    // SHA-256 of figures, controls and sources: an unchanged fingerprint needs no new snapshot.
    table.string('fingerprint', 64).notNullable();
    table.index(
      ['framework_id', 'scope_kind', 'scope_id', 'taken_at'],
      'compliance_score_snapshots_series_idx',
    );
  });

  const client = String(knex.client.config.client);
  if (client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION compliance_register_immutable() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END;
      $$ LANGUAGE plpgsql`);
    for (const name of registers) {
      await knex.raw(`
        CREATE TRIGGER ${name}_append_only
        BEFORE UPDATE OR DELETE ON ${name}
        FOR EACH ROW EXECUTE FUNCTION compliance_register_immutable()`);
    }
  } else if (client.includes('sqlite')) {
    for (const name of registers) {
      await knex.raw(`
        CREATE TRIGGER ${name}_no_update BEFORE UPDATE ON ${name}
        BEGIN SELECT RAISE(ABORT, '${name} is append-only'); END`);
      await knex.raw(`
        CREATE TRIGGER ${name}_no_delete BEFORE DELETE ON ${name}
        BEGIN SELECT RAISE(ABORT, '${name} is append-only'); END`);
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const name of [...registers].reverse()) {
    await knex.schema.dropTable(name);
  }
  if (String(knex.client.config.client) === 'pg') {
    await knex.raw('DROP FUNCTION IF EXISTS compliance_register_immutable()');
  }
};
