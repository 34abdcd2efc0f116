"""staff accounts: usernames compared after NFKC and case folding; one-time sign-in codes

Revision ID: 0004u
Revises: 0003t
Create Date: 2026-12-01 06:45:00

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004u'
down_revision = '0003t'
branch_labels = None
depends_on = None


def _key(username):
    text = unicodedata.normalize("NFKC", username or "").strip()
    return unicodedata.normalize("NFKC", text.casefold())


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username_key', sa.String(length=80), nullable=True))
    conn = op.get_bind()
    users = sa.table('users', sa.column('id', sa.String), sa.column('username', sa.String),
                     sa.column('username_key', sa.String), sa.column('created_at', sa.DateTime))
    taken = set()
    rows = conn.execute(sa.select(users.c.id, users.c.username).order_by(users.c.created_at, users.c.id)).all()
    for user_id, username in rows:
        key = _key(username)
        if key in taken:
            # an older account already has this username up to case or Unicode form: this one keeps
            # its row (and records) but signs in only once an admin gives it a distinct username
            key = f"{key[:40]}#{user_id}"
            print(f"0004u: username {username!r} clashes with an older one; it cannot sign in as it is")
        taken.add(key)
        conn.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('username_key', existing_type=sa.String(length=80), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_users_username_key'), ['username_key'])

    op.create_table('sign_in_codes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_sign_in_codes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_in_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_codes')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_codes_token_hash'))
    )
    with op.batch_alter_table('sign_in_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_codes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sign_in_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_codes_user_id'))
    op.drop_table('sign_in_codes')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_username_key'), type_='unique')
        batch_op.drop_column('username_key')
