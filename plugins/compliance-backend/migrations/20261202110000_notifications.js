// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('compliance_notifications_sent', table => {
    table.comment(
      'One row per notification sent (e.g. waiver-expiring:<id>): each is sent once, by one replica',
    );
    table.string('key', 255).primary().notNullable();
    table.string('sent_at', 24).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('compliance_notifications_sent');
};
