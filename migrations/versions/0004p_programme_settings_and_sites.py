"""programme settings (languages, follow-up schedule, retention, photo size, closing); sites' country, sector,
contact person and the employment bureau kind

Revision ID: 0004p
Revises: 0004c
Create Date: 2026-12-01 07:05:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004p'
down_revision = '0004c'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('employer', 'training_centre', 'other')"
NEW_KINDS = "kind IN ('employer', 'training_centre', 'employment_bureau', 'other')"


def _defer_foreign_keys():
    """SQLite rebuilds ``sites`` to change its CHECK; rows of other tables point at it (foreign keys are
    on), so the checks wait for the commit, when the rebuilt table holds every row again."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys=ON")


def upgrade():
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('languages', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('follow_up_months', sa.JSON(), server_default=sa.text("'[3, 6, 12]'"),
                                      nullable=False))
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), server_default=sa.text('180'), nullable=False))
        batch_op.add_column(sa.Column('photo_max_px', sa.Integer(), server_default=sa.text('1600'), nullable=False))
        batch_op.add_column(sa.Column('photo_quality', sa.Integer(), server_default=sa.text('80'), nullable=False))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
    _defer_foreign_keys()
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=2), server_default='', nullable=False))
        batch_op.add_column(sa.Column('sector', sa.String(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=200), server_default='', nullable=False))
        batch_op.drop_constraint(op.f('ck_sites_kind'), type_='check')
        batch_op.create_check_constraint('kind', NEW_KINDS)


def downgrade():
    op.execute("UPDATE sites SET kind = 'other' WHERE kind = 'employment_bureau'")
    _defer_foreign_keys()
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sites_kind'), type_='check')
        batch_op.create_check_constraint('kind', OLD_KINDS)
        for column in ('contact_email', 'contact_phone', 'contact_name', 'sector', 'country'):
            batch_op.drop_column(column)
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        for column in ('closed_on', 'photo_quality', 'photo_max_px', 'retention_days', 'follow_up_months',
                       'languages'):
            batch_op.drop_column(column)
