"""CLI commands of the evidence locker: ``safemekong evidence …`` (local store, node admin).

Every command acts for the node administrator on the local store; ``--actor`` and ``--agency``
name the person and agency recorded in the custody events it causes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from safemekong.cli.common import (
    DbOpt,
    JsonOpt,
    app,
    err,
    errors_to_exit,
    local_hub,
    out,
    print_json,
    progress_bar,
)
from safemekong.evidence.batch import BATCH, add_listed, read_list
from safemekong.evidence.locker import NewItem, package_size
from safemekong.evidence.records import Actor
from safemekong.policy import NODE_ADMIN

evidence_app = typer.Typer(
    help="Evidence locker: files, chain of custody, signed log, court packages.",
    no_args_is_help=True,
)
request_app = typer.Typer(
    help="Preservation and mutual-legal-assistance requests (Budapest Convention Art. 29).",
    no_args_is_help=True,
)
witness_app = typer.Typer(
    help="Witnessing: partner nodes cosign checkpoints they checked.", no_args_is_help=True
)
app.add_typer(evidence_app, name="evidence")
evidence_app.add_typer(request_app, name="request")
evidence_app.add_typer(witness_app, name="witness")

ActorOpt = Annotated[
    str | None, typer.Option("--actor", help="Who acts (recorded in the custody event)")
]
AgencyOpt = Annotated[
    str | None, typer.Option("--agency", help="Agency code of the actor / owner, e.g. TH-CCIB")
]
PurposeOpt = Annotated[str, typer.Option("--purpose", help="Why (recorded in the custody event)")]


def say(text: str) -> None:
    """Print plain text (names and hashes are not rich markup)."""
    out.print(text, markup=False, highlight=False)


def _actor(actor: str | None, agency: str | None) -> Actor:
    return Actor(actor or os.environ.get("USER") or "node administrator", (agency or "").upper())


@evidence_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    case: Annotated[str, typer.Option("--case", help="Case reference")],
    exhibit: Annotated[str, typer.Option("--exhibit", help="Exhibit number within the case")],
    officer: Annotated[str, typer.Option("--officer", help="Acquiring officer")],
    agency: Annotated[str, typer.Option("--agency", help="Agency holding the evidence")],
    legal_basis: Annotated[str, typer.Option("--legal-basis", help="Legal basis of acquisition")],
    description: Annotated[str, typer.Option("--description")] = "",
    source: Annotated[str, typer.Option("--source", help="Where it came from")] = "",
    method: Annotated[str, typer.Option("--method", help="Acquisition method")] = "",
    tool: Annotated[str, typer.Option("--tool", help="Acquisition tool and version")] = "",
    acquired_at: Annotated[
        str, typer.Option("--acquired-at", help="ISO 8601 time of acquisition (default now)")
    ] = "",
    media_type: Annotated[str, typer.Option("--media-type", help="Default: from the name")] = "",
    tlp: Annotated[str, typer.Option("--tlp", help="TLP marking")] = "AMBER",
    group: Annotated[list[str] | None, typer.Option("--group", help="Sharing group")] = None,
    recipient: Annotated[
        list[str] | None, typer.Option("--recipient", help="Agency code that may see it")
    ] = None,
    actor: ActorOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Store a file in the locker and log its manifest, acquisition and registration.

    Example: safemekong evidence add chat.txt --case TH-2026-0042 --exhibit E1
    --officer "Pol. Lt. Somchai" --agency TH-CCIB --legal-basis "CPC s. 132"
    """
    metadata: dict[str, Any] = {
        "case": case,
        "exhibit": exhibit,
        "description": description,
        "source": source,
        "acquisition_method": method,
        "acquisition_tool": tool,
        "acquired_by": officer,
        "acquired_at": acquired_at or None,
        "media_type": media_type,
        "legal_basis": legal_basis,
        "tlp": tlp,
        "sharing_groups": group or None,
        "recipients": recipient or None,
    }
    with local_hub(db) as hub, file.open("rb") as stream:
        new = hub.evidence.add(
            NODE_ADMIN, NewItem(stream, metadata, file.name), _actor(actor, agency), agency
        )
        hub.evidence.checkpoint()
    if as_json:
        print_json(new)
        return
    dedup = " (content already stored)" if new["deduplicated"] else ""
    say(f"item {new['id']}: {new['item']} sha256:{new['sha256']}{dedup}")


@evidence_app.command("add-many")
def add_many(
    listing: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV list")
    ],
    agency: Annotated[str, typer.Option("--agency", help="Agency holding the evidence")],
    batch: Annotated[
        int, typer.Option("--batch", min=1, max=1000, help="Files per transaction")
    ] = BATCH,
    actor: ActorOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Register every file a CSV list names, a batch per transaction; refused rows are listed
    with line and reason, good rows kept (columns: docs/evidence.md).

    Example: safemekong evidence add-many extraction/list.csv --agency TH-CCIB
    """
    with local_hub(db) as hub, errors_to_exit():
        rows, refused = read_list(listing)
        with progress_bar(f"{listing.name}: registering", len(rows)) as bar:
            result = add_listed(
                hub.evidence, NODE_ADMIN, rows, _actor(actor, agency), agency, batch, bar.to,
                refused,
            )  # fmt: skip
    data = result.to_json()
    if as_json:
        print_json(data)
    else:
        out.print(
            f"{data['added']} item(s) registered ({data['deduplicated']} with content already "
            f"stored), {data['refused']} row(s) refused"
        )
        for error in result.refused:
            err.print(f"line {error['line']}: {error['reason']}", markup=False, highlight=False)
    if result.refused and not result.added:
        raise typer.Exit(2)


@evidence_app.command("list")
def list_items(
    case: Annotated[str | None, typer.Option("--case", help="Only this case")] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List evidence items.

    Example: safemekong evidence list --case TH-2026-0042
    """
    with local_hub(db) as hub:
        found = hub.evidence.list_items(NODE_ADMIN, case)
    if as_json:
        print_json(found)
        return
    for item in found:
        say(f"{item['id']:>6}  {item['item']:<40} {item['size']:>12} B  {item['original_name']}")


@evidence_app.command("show")
def show(
    item: int,
    purpose: PurposeOpt = "",
    actor: ActorOpt = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """Print an item's manifest, sharing and custody (JSON); the view is a custody event.

    Example: safemekong evidence show 1 --purpose "case review" --actor Malee --agency TH-CCIB
    """
    with local_hub(db) as hub:
        shown = hub.evidence.show(NODE_ADMIN, item, _actor(actor, agency), purpose)
        hub.evidence.checkpoint()
    print_json(shown)


@evidence_app.command("custody")
def custody(
    item: int,
    record: Annotated[
        str | None,
        typer.Option("--record", help="Record a hand-over: transferred, received or sealed"),
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Receiving agency (transferred)")] = None,
    purpose: PurposeOpt = "",
    actor: ActorOpt = None,
    agency: AgencyOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Show an item's chain of custody, or record a hand-over with --record.

    Example: safemekong evidence custody 1 --record transferred --to CN-AFC --purpose MLA
    """
    with local_hub(db) as hub:
        if record:
            hub.evidence.record(NODE_ADMIN, item, record, _actor(actor, agency), purpose, to)
            hub.evidence.checkpoint()
        events = hub.evidence.custody(NODE_ADMIN, item)
    if as_json:
        print_json(events)
        return
    for event in events:
        extra = " ".join(f"{k}={v}" for k, v in event["details"].items() if v)
        say(
            f"{event['seq']:>3} {event['at']}  {event['action']:<11} {event['actor']} "
            f"({event['agency'] or '-'}) {event['purpose']} {extra} [log {event['log_index']}]"
        )


@evidence_app.command("export")
def export(
    targets: Annotated[list[str], typer.Argument(help="Case references and/or item numbers")],
    out_path: Annotated[Path, typer.Option("--out", help="Package file to write (.zip)")],
    purpose: PurposeOpt = "",
    actor: ActorOpt = None,
    agency: AgencyOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Write a court package: files, signed manifests, custody, proofs, checkpoint, CASE/UCO.

    Example: safemekong evidence export TH-2026-0042 --out TH-2026-0042.zip --purpose "MLA to CN"
    """
    with local_hub(db) as hub:
        total = hub.evidence.count_targets(NODE_ADMIN, targets)
        with progress_bar("exporting", total) as bar:
            result = hub.evidence.export(
                NODE_ADMIN, targets, out_path, _actor(actor, agency), purpose,
                lambda done, _total: bar.to(done),
            )  # fmt: skip
    if as_json:
        print_json(result)
        return
    say(
        f"wrote {result['path']}: {result['items']} items, checkpoint size "
        f"{result['checkpoint_size']}; verify with: safemekong-verify {result['path']}"
    )


@evidence_app.command("key")
def key(
    witness: Annotated[
        bool, typer.Option("--witness", help="Print the cosignature (witness) key instead")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Print this node's verifier key (give it to courts and witnesses out of band).

    Example: safemekong evidence key > node.vkey
    """
    with local_hub(db) as hub:
        signer = hub.evidence.signer
    say(signer.verifier(0x04 if witness else 0x01).encode())


@evidence_app.command("checkpoint")
def checkpoint(
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Also prove consistency with the log of this size, or of this package's "
            "checkpoint (a .zip)",
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Sign and print the log's newest checkpoint (with --from: a consistency bundle).

    Example: safemekong evidence checkpoint --from TH-2026-0042.zip > later.txt
    """
    with local_hub(db) as hub:
        if from_ is None:
            text = hub.evidence.checkpoint().note
        else:
            text = hub.evidence.consistency(package_size(from_))
    sys.stdout.write(text)


@evidence_app.command("audit")
def audit(db: DbOpt = None) -> None:
    """Re-derive the log from its leaves and check every record against it; exit 1 on damage.

    Example: safemekong evidence audit
    """
    with local_hub(db) as hub:
        problems = hub.evidence.audit()
    for problem in problems:
        err.print(f"damaged: {problem}", markup=False, highlight=False)
    if problems:
        raise typer.Exit(1)
    out.print("the log and every evidence record agree")


@witness_app.command("add")
def witness_add(vkey: str, db: DbOpt = None) -> None:
    """Trust a partner node's cosignature key as a witness of this node's log.

    Example: safemekong evidence witness add "safemekong.evidence/…+…+…"
    """
    with local_hub(db) as hub:
        added = hub.evidence.trust_witness(vkey)
    say(f"witness {added.name} added")


@witness_app.command("cosign")
def witness_cosign(
    bundle: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    log_key: Annotated[str, typer.Option("--log-key", help="The other node's verifier key")],
    db: DbOpt = None,
) -> None:
    """As a witness, check another node's checkpoint for consistency and cosign it.

    Example: safemekong evidence witness cosign later.txt --log-key "$(cat th.vkey)" > cosig.txt
    """
    with local_hub(db) as hub:
        sys.stdout.write(hub.evidence.witness(bundle.read_text(), log_key))


@witness_app.command("attach")
def witness_attach(
    cosigned: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    package: Annotated[
        Path | None, typer.Option("--package", help="Also add the cosignatures to this package")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Keep a witness's cosignatures on this node's checkpoint (and in a written package).

    Example: safemekong evidence witness attach cosigned.txt --package TH-2026-0042.zip
    """
    with local_hub(db) as hub:
        result = hub.evidence.attach_cosignatures(cosigned.read_text())
        if package is not None:
            result = hub.evidence.refresh_package(package)
    say(f"checkpoint {result['size']} cosigned by {', '.join(result['witnesses'])}")


@request_app.command("add")
def request_add(
    case: Annotated[str, typer.Option("--case")],
    agency: Annotated[str, typer.Option("--agency", help="Requesting agency code")],
    requesting_authority: Annotated[str, typer.Option("--requesting-authority")],
    offence: Annotated[str, typer.Option("--offence")],
    facts: Annotated[str, typer.Option("--facts", help="Brief summary of the related facts")],
    data_sought: Annotated[str, typer.Option("--data-sought")],
    link: Annotated[str, typer.Option("--link", help="How the data relates to the offence")],
    necessity: Annotated[str, typer.Option("--necessity")],
    intended_assistance: Annotated[
        str, typer.Option("--intended-assistance", help="The MLA request that will follow")
    ],
    custodian: Annotated[str, typer.Option("--custodian")] = "",
    location: Annotated[str, typer.Option("--location")] = "",
    kind: Annotated[str, typer.Option("--kind", help="preservation or mla")] = "preservation",
    deadline: Annotated[
        str, typer.Option("--deadline", help="ISO 8601 date (default: 60 days, Art. 29(7))")
    ] = "",
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Record a preservation or mutual-legal-assistance request and track its deadline.

    Example: safemekong evidence request add --case TH-2026-0042 --agency TH-CCIB
    --requesting-authority "Office of the Attorney General" --offence "fraud" --facts "…"
    --data-sought "subscriber data of +855 12 345 678" --link "used to call victims"
    --necessity "records expire" --intended-assistance "MLA to Cambodia" --custodian Cellcard
    """
    details = {
        "kind": kind,
        "requesting_authority": requesting_authority,
        "offence": offence,
        "facts": facts,
        "data_sought": data_sought,
        "link_to_offence": link,
        "custodian": custodian,
        "location": location,
        "necessity": necessity,
        "intended_assistance": intended_assistance,
        "deadline": deadline or None,
    }
    with local_hub(db) as hub:
        new = hub.evidence.add_request(NODE_ADMIN, case, details, agency)
    if as_json:
        print_json(new)
    else:
        say(f"request {new['id']} due {new['deadline']}")


@request_app.command("list")
def request_list(
    due_within: Annotated[
        int | None, typer.Option("--due-within", help="Only open requests due within DAYS")
    ] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List requests, soonest deadline first.

    Example: safemekong evidence request list --due-within 14
    """
    with local_hub(db) as hub:
        found = hub.evidence.list_requests(NODE_ADMIN, due_within)
    if as_json:
        print_json(found)
        return
    for r in found:
        flag = "OVERDUE" if r["overdue"] else f"{r['days_left']} days"
        say(
            f"{r['id']:>4} {r['kind']:<12} {r['case']:<20} {r['status']:<9} {flag:<9} "
            f"{r['data_sought'][:50]}"
        )


@request_app.command("status")
def request_status(request_id: int, status: str, db: DbOpt = None) -> None:
    """Set a request's status: open, fulfilled, refused or withdrawn.

    Example: safemekong evidence request status 1 fulfilled
    """
    with local_hub(db) as hub:
        changed = hub.evidence.set_request_status(NODE_ADMIN, request_id, status)
    say(f"request {changed['id']}: {changed['status']}")
