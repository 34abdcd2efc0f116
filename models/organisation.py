from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .db import db, new_id


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
