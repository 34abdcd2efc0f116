"""private mentoring sessions: a session may name its mentees (``mentee_ids``) and then has no cohort,
nor has its attendance; handover notes as dated entries (``handover_notes``)

Revision ID: 0005e
Revises: 0005b
Create Date: 2026-12-02 00:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005e'
down_revision = '0005b'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys=ON")
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentee_ids', sa.JSON(), nullable=True))
        batch_op.alter_column('cohort_id', existing_type=sa.String(length=36), nullable=True)
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.alter_column('cohort_id', existing_type=sa.String(length=36), nullable=True)
    op.create_table(
        'handover_notes',
        sa.Column('programme_id', sa.String(length=36), nullable=False),
        sa.Column('cohort_id', sa.String(length=36), nullable=True),
        sa.Column('participant_id', sa.String(length=36), nullable=False),
        sa.Column('goal_id', sa.String(length=36), nullable=True),
        sa.Column('written_on', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('field_meta', sa.JSON(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_device_id', sa.String(length=36), nullable=True),
        sa.Column('updated_by_id', sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_handover_notes_cohort_id_cohorts')),
        sa.ForeignKeyConstraint(['goal_id'], ['mentoring_goals.id'],
                                name=op.f('fk_handover_notes_goal_id_mentoring_goals')),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_handover_notes_participant_id_participants')),
        sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'],
                                name=op.f('fk_handover_notes_programme_id_programmes')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_handover_notes_updated_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_handover_notes')),
    )
    for column in ('programme_id', 'cohort_id', 'participant_id', 'goal_id'):
        op.create_index(op.f(f'ix_handover_notes_{column}'), 'handover_notes', [column], unique=False)


def downgrade():
    op.drop_table('handover_notes')
    # private sessions have no cohort to fall back on: they and their attendance go
    op.execute("DELETE FROM attendance WHERE cohort_id IS NULL")
    op.execute("DELETE FROM sessions WHERE cohort_id IS NULL")
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.alter_column('cohort_id', existing_type=sa.String(length=36), nullable=False)
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.alter_column('cohort_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_column('mentee_ids')
