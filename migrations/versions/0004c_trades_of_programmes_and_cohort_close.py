"""trades of one programme (a copy of a shared trade), cohort capacity and closing

``occupations.programme_id``: NULL for a trade the organisation's programmes share,
else the programme whose own copy it is (``copied_from_id``: the trade it was copied
from). ``skills.programme_id`` follows its occupation's, so the change log and the
pull scope keep a programme's own trade to that programme's members. Existing
trades are all shared: the new columns start empty.

Revision ID: 0004c
Revises: 0003t
Create Date: 2026-12-01 07:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004c'
down_revision = '0003t'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('occupations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('copied_from_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_occupations_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_occupations_programme_id_programmes'), 'programmes',
                                    ['programme_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_occupations_copied_from_id_occupations'), 'occupations',
                                    ['copied_from_id'], ['id'])
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_skills_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_skills_programme_id_programmes'), 'programmes',
                                    ['programme_id'], ['id'])
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_column('closed_on')
        batch_op.drop_column('capacity')
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_skills_programme_id_programmes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_skills_programme_id'))
        batch_op.drop_column('programme_id')
    with op.batch_alter_table('occupations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_occupations_copied_from_id_occupations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_occupations_programme_id_programmes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_occupations_programme_id'))
        batch_op.drop_column('copied_from_id')
        batch_op.drop_column('programme_id')
