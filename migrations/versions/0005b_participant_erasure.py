"""participants erased on request (GDPR): the time of the erasure, which locks their personal fields;
the audit log indexed by record (a person's export and erasure read every row about their records)

Revision ID: 0005b
Revises: 0005f
Create Date: 2026-12-01 23:40:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0005b'
down_revision = '0005f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_audit_log_record_id', 'audit_log', ['record_id'], unique=False)


def downgrade():
    op.drop_index('ix_audit_log_record_id', table_name='audit_log')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
