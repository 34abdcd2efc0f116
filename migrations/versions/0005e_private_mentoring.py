"""private mentoring sessions: a session may name its mentees (``mentee_ids``) and then has no cohort,
nor has its attendance; handover notes as dated entries (``handover_notes``)

Revision ID: 0005e
Revises: 0004p
Create Date: 2026-12-02 00:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005e'
down_revision = '0004p'
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


def downgrade():
    # private sessions have no cohort to fall back on: they and their attendance go
    op.execute("DELETE FROM attendance WHERE cohort_id IS NULL")
    op.execute("DELETE FROM sessions WHERE cohort_id IS NULL")
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.alter_column('cohort_id', existing_type=sa.String(length=36), nullable=False)
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.alter_column('cohort_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.drop_column('mentee_ids')
