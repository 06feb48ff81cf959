"""``coopdash user …``: who may sign in (viewers, editors, admins)."""

from __future__ import annotations

import argparse
import sys

from dashboard.cli.common import EXIT_OK, EXIT_REJECTED, open_store

ROLES = ("viewer", "editor", "admin")  # dashboard.store.accounts.ROLES, not imported for a fast --help


def add_commands(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("user", help="manage who may sign in: viewers, editors, admins")
    user_commands = users.add_subparsers(title="user commands", metavar="ACTION", required=True)
    # action, help, what it runs, whether it names a user, whether it takes --role
    for action, text, run, named, role in (
        ("add", "add a user (the password is read from the terminal or stdin)", _user_add, True, True),
        ("passwd", "set a user's password (ends their sessions)", _user_passwd, True, False),
        ("role", "give a user another role (ends their sessions)", _user_role, True, True),
        ("remove", "remove a user (ends their sessions)", _user_remove, True, False),
        ("email", "give a user an email address: their agreements are those it owns", _user_email, True, False),
        ("list", "list the users and their roles", _user_list, False, False),
        ("demo", "with no users yet: add an editor with a new password and print it", _user_demo, False, False),
    ):
        sub = user_commands.add_parser(action, help=text)
        if named:
            sub.add_argument("name")
        if role:
            sub.add_argument("--role", choices=ROLES, required=True)
        if action == "email":
            sub.add_argument("address", help='the address, or "" for none')
        sub.set_defaults(run=run)


def _password(prompt: str = "Password: ") -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def _accounts_call(action, *args) -> int:
    """Run an accounts action; EXIT_OK, or EXIT_REJECTED with the reason on stderr."""
    code, _ = _accounts_result(action, *args)
    return code


def _accounts_result(action, *args) -> tuple[int, object]:
    from dashboard.store.accounts import AccountError

    try:
        return EXIT_OK, action(*args)
    except AccountError as error:
        print(f"coopdash: {error}", file=sys.stderr)
        return EXIT_REJECTED, None


def _user_add(args: argparse.Namespace) -> int:
    from dashboard.store import accounts

    store = open_store(args)
    code = _accounts_call(accounts.add, store, args.name, args.role, _password())
    if code == EXIT_OK:
        accounts.record(store, user="cli", address="cli", action="user_added", name=args.name, role=args.role)
        print(f"Added {args.name} ({args.role}).")
    return code


def _user_passwd(args: argparse.Namespace) -> int:
    from dashboard.store import accounts

    store = open_store(args)
    code, ended = _accounts_result(accounts.set_password, store, args.name, _password("New password: "))
    if code == EXIT_OK:
        accounts.record(
            store, user="cli", address="cli", action="password_changed", name=args.name, sessions_ended=ended
        )
        print(f"Changed the password of {args.name}; ended {ended} session(s).")
    return code


def _user_role(args: argparse.Namespace) -> int:
    from dashboard.store import accounts

    store = open_store(args)
    code, ended = _accounts_result(accounts.set_role, store, args.name, args.role)
    if code == EXIT_OK:
        accounts.record(
            store,
            user="cli",
            address="cli",
            action="role_changed",
            name=args.name,
            role=args.role,
            sessions_ended=ended,
        )
        print(f"{args.name} is now {args.role}; ended {ended} session(s).")
    return code


def _user_remove(args: argparse.Namespace) -> int:
    from dashboard.store import accounts

    store = open_store(args)
    code, ended = _accounts_result(accounts.remove, store, args.name)
    if code == EXIT_OK:
        accounts.record(store, user="cli", address="cli", action="user_removed", name=args.name, sessions_ended=ended)
        print(f"Removed {args.name}; ended {ended} session(s).")
    return code


def _user_email(args: argparse.Namespace) -> int:
    from dashboard.store import accounts

    store = open_store(args)
    code = _accounts_call(accounts.set_email, store, args.name, args.address)
    if code == EXIT_OK:
        accounts.record(store, user="cli", address="cli", action="email_changed", name=args.name, email=args.address)
        print(f"{args.name}'s email is now {args.address or 'none'}.")
    return code


def _user_list(args: argparse.Namespace) -> int:
    from dashboard.store import accounts

    for account in accounts.all_accounts(open_store(args)):
        email = f"  {account.email}" if account.email else ""
        print(f"{account.name:<24} {account.role:<8} since {account.created_at:%Y-%m-%d}{email}")
    return EXIT_OK


def _user_demo(args: argparse.Namespace) -> int:
    import secrets

    from dashboard.store import accounts

    store = open_store(args)
    if accounts.has_accounts(store):
        return EXIT_OK
    password = secrets.token_urlsafe(12)
    accounts.add(store, "editor", "editor", password)
    accounts.record(store, user="cli", address="cli", action="user_added", name="editor", role="editor")
    print(f"Sign in as an editor of the demo with name 'editor' and password '{password}' (shown only this once).")
    return EXIT_OK
