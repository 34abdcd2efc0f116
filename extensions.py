"""Extensions made once here and bound to the app in create_app()."""
from flask import request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

babel = Babel()
compress = Compress()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
migrate = Migrate()
talisman = Talisman()


def login_rate_key() -> str:
    """Rate-limit sign-in per client address and per username tried."""
    username = ""
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # nested deeper than the parser goes: the view answers 400
            body = None
        if isinstance(body, dict):
            username = str(body.get("username", ""))[:80]
    else:
        username = request.form.get("username", "")[:80]
    return f"{get_remote_address()}|{username.lower()}"
