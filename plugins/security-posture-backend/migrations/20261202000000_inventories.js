// @ts-check

/**
 * The inventory a snapshot was evaluated from, kept for the latest snapshot of each cluster so
 * that what-if runs on stored data (on every replica, after a restart) instead of collecting
 * under read permission. It is not part of the snapshot's hashed document. Rows are inserted
 * with their snapshot and deleted when a newer snapshot of the cluster supersedes them, never
 * updated (same triggers as the snapshots).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_inventories', table => {
    table.comment('Inventory of the latest snapshot of each cluster');
    table
      .bigInteger('snapshot_id')
      .unsigned()
      .primary()
      .references('id')
      .inTable('posture_snapshots')
      .onDelete('CASCADE');
    // Not unique: two replicas scanning one cluster at once may both commit a row; the newest
    // snapshot's wins and the next scan deletes the other.
    table.string('cluster', 253).notNullable();
    table
      .integer('json_bytes')
      .notNullable()
      .comment('Size of the inventory JSON before compression');
    table
      .binary('inventory')
      .notNullable()
      .comment('gzip of the ClusterInventory JSON (bytea / BLOB)');
    table.index(['cluster', 'snapshot_id'], 'posture_inventories_cluster_idx');
  });

  if (knex.client.config.client === 'pg') {
    // posture_reject_update() comes with the first migration.
    await knex.raw(
      `CREATE TRIGGER posture_inventories_immutable BEFORE UPDATE ON posture_inventories FOR EACH ROW EXECUTE FUNCTION posture_reject_update()`,
    );
  } else {
    await knex.raw(
      `CREATE TRIGGER posture_inventories_immutable BEFORE UPDATE ON posture_inventories BEGIN SELECT RAISE(ABORT, 'security posture snapshots are immutable'); END`,
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_inventories');
};
