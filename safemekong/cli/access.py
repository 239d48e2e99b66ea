"""CLI commands of access control: users, sharing groups, export rules, audit, purge (local)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from safemekong.cli.common import DbOpt, JsonOpt, app, err, fail, local_hub, out, print_json
from safemekong.policy import NODE_ADMIN
from safemekong.policy.users import generate_password

user_app = typer.Typer(help="Agency users (sign in to the web UI).", no_args_is_help=True)
group_app = typer.Typer(help="Sharing groups: named sets of agencies.", no_args_is_help=True)
rule_app = typer.Typer(
    help="Export rules: countries whose data stays home without an approval.",
    no_args_is_help=True,
)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(group_app, name="group")
app.add_typer(rule_app, name="export-rule")
app.add_typer(audit_app, name="audit")


def _password(generate: bool) -> tuple[str, bool]:
    """A password typed twice at a terminal, read from stdin, or generated."""
    if generate:
        return generate_password(), True
    if sys.stdin.isatty():
        typed = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return str(typed), False
    piped = sys.stdin.readline().rstrip("\n")
    return (piped, False) if piped else (generate_password(), True)


@user_app.command("add")
def user_add(
    username: str,
    agency: Annotated[str, typer.Option(help="Agency code, e.g. TH-CCIB")],
    role: Annotated[str, typer.Option(help="admin, analyst, immigration or read-only")],
    generate: Annotated[
        bool, typer.Option("--generate", help="Generate a password instead of asking")
    ] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Add a user; asks for the password (or reads it from stdin, or generates one).

    Example: safemekong user add somchai --agency TH-CCIB --role analyst --generate
    """
    password, generated = _password(generate)
    with local_hub(db) as hub:
        user = hub.add_user(NODE_ADMIN, username, agency, role, password)
    if generated:
        user = {**user, "password": password}
    if as_json:
        print_json(user)
        return
    out.print(f"added user {user['username']} ({user['agency']}, {user['role']})", markup=False)
    if generated:
        out.print(password, markup=False, highlight=False)
        err.print("store this password now: it cannot be shown again")


@user_app.command("list")
def user_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List users of every agency.

    Example: safemekong user list --json
    """
    with local_hub(db) as hub:
        found = hub.list_users(NODE_ADMIN)
    if as_json:
        print_json(found)
        return
    for user in found:
        state = "disabled" if user["disabled"] else ""
        out.print(f"{user['username']:<20} {user['agency']:<14} {user['role']:<12} {state}")


@user_app.command("disable")
def user_disable(username: str, db: DbOpt = None) -> None:
    """Disable a user (kept for the audit trail, no longer able to sign in).

    Example: safemekong user disable somchai
    """
    with local_hub(db) as hub:
        hub.disable_user(NODE_ADMIN, username)
    out.print(f"disabled {username}")


@group_app.command("create")
def group_create(
    name: str,
    agencies: Annotated[str, typer.Option(help="Comma-separated agency codes")],
    description: Annotated[str, typer.Option(help="What the group is for")] = "",
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Create a sharing group; reports name it in "sharing_groups".

    Example: safemekong group create CN-TH --agencies CN-MPS,TH-CCIB
    """
    with local_hub(db) as hub:
        group = hub.create_group(NODE_ADMIN, name, agencies.split(","), description)
    _show_group(group, as_json)


def _show_group(group: dict[str, object], as_json: bool) -> None:
    if as_json:
        print_json(group)
    else:
        members = ", ".join(group["agencies"])  # type: ignore[arg-type]
        out.print(f"{group['name']}: {members}", markup=False)


@group_app.command("add")
def group_add(name: str, agency: str, as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """Add an agency to a sharing group.

    Example: safemekong group add CN-TH MM-MPF
    """
    with local_hub(db) as hub:
        _show_group(hub.set_group_membership(NODE_ADMIN, name, agency, True), as_json)


@group_app.command("remove")
def group_remove(name: str, agency: str, as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """Remove an agency from a sharing group; it stops seeing what was shared with the group.

    Example: safemekong group remove CN-TH MM-MPF
    """
    with local_hub(db) as hub:
        _show_group(hub.set_group_membership(NODE_ADMIN, name, agency, False), as_json)


@group_app.command("list")
def group_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List sharing groups and their agencies.

    Example: safemekong group list
    """
    with local_hub(db) as hub:
        found = hub.list_groups(NODE_ADMIN)
    if as_json:
        print_json(found)
        return
    for group in found:
        _show_group(group, False)


@rule_app.command("add")
def export_rule_add(
    country: str,
    law: Annotated[str, typer.Option(help="The law that restricts export")],
    db: DbOpt = None,
) -> None:
    """Keep reports of a country's agencies in the country unless they carry an approval_ref.

    Example: safemekong export-rule add CN --law "PIPL Art. 41"
    """
    with local_hub(db) as hub:
        rule = hub.add_export_rule(NODE_ADMIN, country, law)
    out.print(
        f"reports of {rule['country']} agencies now stay in {rule['country']} "
        f"without an approval ({rule['law']})",
        markup=False,
    )


@rule_app.command("list")
def export_rule_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List export rules.

    Example: safemekong export-rule list
    """
    with local_hub(db) as hub:
        found = hub.list_export_rules(NODE_ADMIN)
    if as_json:
        print_json(found)
        return
    for rule in found:
        out.print(f"{rule['country']}  {rule['law']}", markup=False)


@audit_app.command("verify")
def audit_verify(
    expect_head: Annotated[
        str | None,
        typer.Option(help="A head hash noted earlier: fail if it is no longer in the log"),
    ] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Recompute the audit chain; exit 1 on any edit, deletion or reordering.

    Example: safemekong audit verify
    """
    with local_hub(db) as hub:
        check = hub.verify_audit(NODE_ADMIN, expect_head)
    if as_json:
        print_json(check.to_json())
    elif check.ok:
        out.print(f"audit log intact: {check.entries:,} entries, head {check.head}")
    if not check.ok:
        fail(f"audit log broken: {check.problem} (checked {check.entries:,} entries)")


@audit_app.command("list")
def audit_list(
    after: Annotated[int, typer.Option(help="Show entries after this id")] = 0,
    limit: Annotated[int, typer.Option(help="Most entries to show")] = 100,
    db: DbOpt = None,
) -> None:
    """Print audit entries in order, as JSON.

    Example: safemekong audit list --limit 20
    """
    with local_hub(db) as hub:
        print_json(hub.audit_entries(NODE_ADMIN, after, limit))


@app.command()
def purge(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """Delete reports past their retention deadline (retain_until); the purge is audited.

    Example: safemekong purge
    """
    with local_hub(db) as hub:
        result = hub.purge_expired(NODE_ADMIN)
    if as_json:
        print_json(result.to_json())
    else:
        out.print(
            f"purged {result.reports:,} reports, {result.sightings:,} sightings, "
            f"{result.identifiers:,} identifiers"
        )
