"""trades of one programme (a copy of a shared trade), cohort capacity and closing

``occupations.programme_id``: NULL for a trade the organisation's programmes share,
else the programme whose own copy it is (``copied_from_id``: the trade it was copied
from). ``skills.programme_id`` follows its occupation's, so the change log and the
pull scope keep a programme's own trade to that programme's members. Existing
trades are all shared: the new columns start empty.

Revision ID: 0004c
Revises: 0004o
Create Date: 2026-12-01 07:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004c'
down_revision = '0004o'
branch_labels = None
depends_on = None


#: (table, column, referred table) of the new references
REFERENCES = (("occupations", "programme_id", "programmes"), ("occupations", "copied_from_id", "occupations"),
              ("skills", "programme_id", "programmes"))


def _fk(table, column, referred):
    return f"fk_{table}_{column}_{referred}"


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, referred in REFERENCES:
        if sqlite:
            # a batch would copy the table, which rows of other tables point at (foreign keys are on):
            # SQLite adds a nullable referencing column in place
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(36) "
                       f"CONSTRAINT {_fk(table, column, referred)} REFERENCES {referred} (id)")
        else:
            op.add_column(table, sa.Column(column, sa.String(length=36), nullable=True))
            op.create_foreign_key(_fk(table, column, referred), table, referred, [column], ["id"])
    op.create_index('ix_occupations_programme_id', 'occupations', ['programme_id'], unique=False)
    op.create_index('ix_skills_programme_id', 'skills', ['programme_id'], unique=False)
    op.add_column('cohorts', sa.Column('capacity', sa.Integer(), nullable=True))
    op.add_column('cohorts', sa.Column('closed_on', sa.Date(), nullable=True))


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index('ix_skills_programme_id', table_name='skills')
    op.drop_index('ix_occupations_programme_id', table_name='occupations')
    if sqlite:
        # SQLite drops a referencing column only by copying the table: without checks while it is copied
        op.execute("PRAGMA foreign_keys=OFF")
    for table, columns in (("cohorts", ("closed_on", "capacity")), ("skills", ("programme_id",)),
                           ("occupations", ("copied_from_id", "programme_id"))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                if not sqlite:
                    for t, c, referred in REFERENCES:
                        if (t, c) == (table, column):
                            batch_op.drop_constraint(_fk(t, c, referred), type_='foreignkey')
                batch_op.drop_column(column)
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")
