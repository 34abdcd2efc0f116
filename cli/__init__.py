"""Command-line groups: users, demo, translate, push, participants, mentoring (names used by tests outside the project)."""


def init_app(app):
    from .demo import demo_cli
    from .participants import participants_cli
    from .handover import mentoring_cli
    from .push import push_cli
    from .translate import translate_cli
    from .users import users_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(push_cli)
    app.cli.add_command(participants_cli)
    app.cli.add_command(mentoring_cli)
