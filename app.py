"""Field Mentor: create_app() and the command-line groups. Nothing heavy here."""
import os

from flask import Flask

from config import Config


def create_app(config=None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    app.config.from_object(config or Config)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from field import instance_setup

    instance_setup.init_app(app)

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
