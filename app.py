"""Field Mentor: create_app() and the command-line groups. Nothing heavy here."""
import os

from flask import Flask

from config import Config


def create_app(config=None, instance_path=None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder=None, instance_path=instance_path)
    app.config.from_object(config or Config)
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)  # secret key and SQLite file: the owner's only
    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    import instance_setup
    from cli.catalogs import ensure_compiled

    instance_setup.init_app(app)
    ensure_compiled(app)  # translations work on a fresh checkout: .mo and browser catalogs are build outputs

    import api
    import cli
    import field
    from extensions import compress, migrate
    from models import db
    from security import boundary, headers, locale, login

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "migrations"), render_as_batch=True)
    compress.init_app(app)
    locale.init_app(app)
    login.init_app(app)
    headers.init_app(app)
    boundary.init_app(app)
    api.init_app(app)
    field.init_app(app)
    cli.init_app(app)
    return app
