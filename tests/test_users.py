"""Users and display tokens: hashing, the command, disabling, revoking, and the audit of admin actions."""

from __future__ import annotations

import pytest

from data.commands.users import UserError, UserStore, token_hash
from data.ingest.audit import AuditProvider
from data.wiring.commands.users import main


def test_passwords_are_hashed_and_checked(db_services):
    store = UserStore(db_services.engines.main)
    store.create("op1", "operator", "a-long-password")
    frame = store.users()
    assert frame["username"].tolist() == ["op1"] and "password_hash" not in frame.columns
    from sqlalchemy import select

    from data.store.models_access import User

    with db_services.engines.main.connect() as conn:
        stored = conn.execute(select(User.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "a-long-password" not in stored
    assert store.authenticate("op1", "a-long-password").role == "operator"
    assert store.authenticate("op1", "wrong-password") is None
    assert store.authenticate("nobody", "a-long-password") is None

    store.reset_password("op1", "another-long-one", actor="admin1")
    assert store.authenticate("op1", "a-long-password") is None
    assert store.authenticate("op1", "another-long-one") is not None
    store.set_disabled("op1", True, actor="admin1")
    assert store.authenticate("op1", "another-long-one") is None and store.active("op1") is None

    entries = AuditProvider(db_services.engines.main).entries(target="user:op1")
    assert entries["action"].tolist() == ["user.disable", "user.reset_password", "user.create"]
    assert entries["actor"].tolist() == ["admin1", "admin1", "cli"]
    assert '"disabled": true' in entries["after"].iloc[0] and '"disabled": false' in entries["before"].iloc[0]


@pytest.mark.parametrize(("username", "role", "password", "error"), [
    ("x", "boss", "a-long-password", "role"), ("x", "display", "a-long-password", "role"),
    ("x", "analyst", "short", "password"), ("", "analyst", "a-long-password", "username")])
def test_bad_requests_are_refused(db_services, username, role, password, error):
    store = UserStore(db_services.engines.main)
    with pytest.raises(UserError, match=error):
        store.create(username, role, password)
    assert store.users().empty


def test_display_tokens_are_stored_hashed_and_revocable(db_services):
    store = UserStore(db_services.engines.main)
    token = store.create_display_token("wall-1")
    assert len(token) >= 40
    assert store.display_by_token(token).name == "wall-1" and store.display_by_token(token).role == "display"
    assert store.display_by_token(token + "x") is None
    from sqlalchemy import select

    from data.store.models_access import DisplayToken

    with db_services.engines.main.connect() as conn:
        assert conn.execute(select(DisplayToken.token_hash)).scalar_one() == token_hash(token)
    store.revoke_display_token("wall-1")
    assert store.display_by_token(token) is None and store.display_active("wall-1") is None
    with pytest.raises(UserError):
        store.revoke_display_token("wall-1")


def test_command(tmp_path, monkeypatch, capsys):
    from data.wiring.cli import main as cli

    monkeypatch.setenv("CITYOPS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CITYOPS_DEMO", "false")
    from data.store.settings import get_settings
    from data.wiring.services import set_services

    get_settings.cache_clear()
    set_services(None)
    try:
        # A command never creates a database of its own: `migrate` (or the server) does.
        assert cli(["users", "create", "ana", "--role", "analyst", "--password", "a-long-password"]) == 2
        assert "no CityOps database" in capsys.readouterr().err and not (tmp_path / "cityops.db").exists()
        assert cli(["migrate"]) == 0
        assert main(["create", "ana", "--role", "analyst", "--password", "a-long-password"]) == 0
        assert main(["create", "ana", "--role", "analyst", "--password", "a-long-password"]) == 2
        assert "already exists" in capsys.readouterr().err
        assert main(["display-token", "create", "lobby"]) == 0
        token = capsys.readouterr().out.strip().splitlines()[-1]
        assert main(["list"]) == 0
        listed = capsys.readouterr().out
        assert "ana" in listed and "analyst" in listed and "lobby" in listed and token not in listed
        assert main(["disable", "ana"]) == 0 and main(["display-token", "revoke", "lobby"]) == 0
        assert main(["reset-password", "nobody", "--password", "a-long-password"]) == 2
    finally:
        get_settings.cache_clear()
        set_services(None)


def test_first_admin_is_created_once(db_services):
    store = UserStore(db_services.engines.main)
    first = store.create_first_admin()
    assert first.username == "admin" and len(first.password) >= 16
    assert store.authenticate("admin", first.password).role == "admin"
    assert store.display_by_token(first.display_token).role == "display"
    assert store.create_first_admin() is None  # there are users now: nothing is created or shown again


def test_commands_find_the_project_database_from_any_directory(tmp_path, monkeypatch):
    """Settings and `.env`/`cityops.toml` are found in the project folder, not the working directory."""
    from data.store.settings import PROJECT_ROOT, Settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CITYOPS_DATA_DIR", raising=False)
    monkeypatch.delenv("CITYOPS_DATABASE_URL", raising=False)
    assert Settings(_env_file=None).data_dir == PROJECT_ROOT / "var"
    assert Settings(_env_file=None).default_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'cityops.db'}"
    assert Settings(data_dir="elsewhere", _env_file=None).data_dir == PROJECT_ROOT / "elsewhere"
    assert Settings(data_dir=tmp_path / "abs", _env_file=None).data_dir == tmp_path / "abs"
