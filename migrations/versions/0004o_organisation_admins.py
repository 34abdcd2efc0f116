"""organisation admins: an admin of a whole organisation, before any programme exists

Revision ID: 0004o
Revises: 0004u
Create Date: 2026-12-01 07:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004o'
down_revision = '0004u'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organisation_admins',
        sa.Column('user_id', sa.String(length=36), nullable=False),
        sa.Column('organisation_id', sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_organisation_admins_organisation_id_organisations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_admins_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'organisation_id', name=op.f('pk_organisation_admins')),
    )


def downgrade():
    op.drop_table('organisation_admins')
