"""review pages: reviews become a synced entity, users.diaspora, conflict queue index

Revision ID: 0002r
Revises: 0001
Create Date: 2026-11-25

``reviews`` is rebuilt rather than altered: in 0001 nothing wrote to it yet, and
its integer id becomes a UUID like every synced record's (SQLite cannot alter a
primary key's type in place). Downgrade rebuilds the 0001 shape, empty.
"""
from alembic import op
import sqlalchemy as sa

revision = '0002r'
down_revision = '0001'
branch_labels = None
depends_on = None


def _synced_columns():
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('field_meta', sa.JSON(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_device_id', sa.String(length=36), nullable=True),
        sa.Column('updated_by_id', sa.String(length=36), nullable=True),
    ]


def upgrade():
    op.drop_table('reviews')
    op.create_table(
        'reviews',
        sa.Column('record_entity', sa.String(length=30), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('record_version', sa.BigInteger(), nullable=True),
        sa.Column('programme_id', sa.String(length=36), nullable=False),
        sa.Column('cohort_id', sa.String(length=36), nullable=True),
        sa.Column('participant_id', sa.String(length=36), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('reviewer_id', sa.String(length=36), nullable=True),
        sa.Column('recorded_by_id', sa.String(length=36), nullable=True),
        sa.Column('recorded_device_id', sa.String(length=36), nullable=True),
        *_synced_columns(),
        sa.CheckConstraint("status IN ('approved', 'flagged')", name=op.f('ck_reviews_status')),
        sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_reviews_programme_id_programmes')),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_reviews_updated_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_record', ['record_entity', 'record_id'], unique=False)
        batch_op.create_index('ix_reviews_programme_status', ['programme_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_participant_id'), ['participant_id'], unique=False)

    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_conflicts_programme_open', ['programme_id', 'resolved_at', 'id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('diaspora', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('diaspora')
    with op.batch_alter_table('conflicts', schema=None) as batch_op:
        batch_op.drop_index('ix_conflicts_programme_open')
    op.drop_table('reviews')
    op.create_table(
        'reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sa.String(length=30), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('programme_id', sa.String(length=36), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('reviewer_id', sa.String(length=36), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('approved', 'flagged')", name=op.f('ck_reviews_status')),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_record_id'), ['record_id'], unique=False)
