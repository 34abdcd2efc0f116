"""devices: the browser's user agent and the unsynced records the phone reports at each sync

Revision ID: 0005f
Revises: 0004p
Create Date: 2026-12-01 23:50:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0005f'
down_revision = '0004p'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_agent', sa.String(length=400), server_default='', nullable=False))
        batch_op.add_column(sa.Column('unsynced_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('unsynced_oldest_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.drop_column('unsynced_oldest_at')
        batch_op.drop_column('unsynced_count')
        batch_op.drop_column('user_agent')
