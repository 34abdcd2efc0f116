"""the mutation ledger is keyed by (user_id, device_id, mutation_id); device tokens indexed by (user_id, device_id)

Revision ID: 0003i
Revises: 0002w

A mutation_id is unique only on the phone that made it: another user's or another
device's change that reuses one is judged on its own merits. Existing rows are kept
(a row without a user gets user_id ''). Downgrade keeps the first row of each
mutation_id, as the single-key ledger can hold only one.
"""
from alembic import op
import sqlalchemy as sa

revision = '0003i'
down_revision = '0002w'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE applied_mutations SET user_id = '' WHERE user_id IS NULL")
    with op.batch_alter_table('applied_mutations', recreate='auto') as batch_op:
        batch_op.drop_constraint('pk_applied_mutations', type_='primary')
        batch_op.alter_column('user_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.create_primary_key('pk_applied_mutations', ['user_id', 'device_id', 'mutation_id'])
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_device_tokens_user_device', ['user_id', 'device_id'], unique=False)


def downgrade():
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_device_tokens_user_device')
    # keep the first answer of each mutation_id (earliest, then lowest user and device)
    op.execute(
        "DELETE FROM applied_mutations WHERE EXISTS (SELECT 1 FROM applied_mutations AS first "
        "WHERE first.mutation_id = applied_mutations.mutation_id AND (first.at < applied_mutations.at "
        "OR (first.at = applied_mutations.at AND first.user_id || ':' || first.device_id "
        "< applied_mutations.user_id || ':' || applied_mutations.device_id)))")
    with op.batch_alter_table('applied_mutations', recreate='auto') as batch_op:
        batch_op.drop_constraint('pk_applied_mutations', type_='primary')
        batch_op.alter_column('user_id', existing_type=sa.String(length=36), nullable=True)
        batch_op.create_primary_key('pk_applied_mutations', ['mutation_id'])
