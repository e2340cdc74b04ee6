"""List exports: what a list page's filters show, taken away as CSV or XLSX.

Each app declares its lists once (``<app>/exports.py``, registered in ``AppConfig.ready()``)::

    register_export(ListExport(
        name="registry.households",
        filename=_("households"),
        rows=lambda actor, params: selectors.household_list(actor=actor, filters=...),
        columns=household_columns,   # actor -> columns: sensitive ones only for who may see them
    ))

The list page answers ``?export=csv`` or ``?export=xlsx`` with :func:`export_response` before
anything else, so the export has exactly the page's access rule and filters. Up to
``EXPORT_INLINE_ROWS`` rows (5,000) the file is the answer; above, a background task writes it
(streamed: XLSX in write-only mode, rows read in chunks) behind the shared progress bar, and the
finished file is downloaded from :func:`abitare.web.views.export_download` by its owner only.
Every exported personal record is written to the access log (channel "export").
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.apps import apps
from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from abitare.core.audit import log_reads_by
from abitare.core.models import AccessLogEntry
from abitare.core.progress import progress_create, progress_fail, progress_finish, progress_update
from abitare.core.roles import Actor
from abitare.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, CellValue, stream_csv, stream_xlsx

FORMATS = ("csv", "xlsx")
# The membership a background export works under (core.roles.Actor); looked up by its label
# because core sits below accounts.
ACTOR_MODEL = "accounts.Membership"
CHUNK = 2000
MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    """One column: its header and how to read the cell from a row."""

    header: str | Promise
    value: Callable[[Any], CellValue]
    number_format: str = ""


@dataclass(frozen=True)
class ListExport:
    """A list page's export: its rows for an actor and the page's query string, and the columns
    that actor may see (the columns function leaves out what the actor may not read)."""

    name: str
    filename: str | Promise
    rows: Callable[[Any, QueryDict], QuerySet[Any]]
    columns: Callable[[Any], Sequence[Column]]
    # Rows are personal records: each exported row is written to the access log.
    logged: bool = True
    # Called with each chunk of rows before they are written: one query per chunk for what a
    # row needs from related tables (instead of correlated subqueries over the whole list).
    enrich: Callable[[list[Any]], None] | None = None


_exports: dict[str, ListExport] = {}


def register_export(export: ListExport) -> None:
    _exports[export.name] = export


def export_named(name: str) -> ListExport:
    return _exports[name]


def registered_exports() -> list[ListExport]:
    return sorted(_exports.values(), key=lambda export: export.name)


def inline_limit() -> int:
    return int(getattr(settings, "EXPORT_INLINE_ROWS", 5000))


def requested_format(request: HttpRequest) -> str | None:
    """``csv`` or ``xlsx`` when the list page is asked for an export, else None."""
    if request.method != "GET":
        return None
    wanted = request.GET.get("export")
    return wanted if wanted in FORMATS else None


def page_params(params: QueryDict) -> QueryDict:
    """The filters of a list page without its page number and export switch."""
    kept = params.copy()
    for name in ("export", "page"):
        kept.pop(name, None)
    return kept


def _file_name(export: ListExport, file_format: str) -> str:
    return f"{slugify(str(export.filename))}-{timezone.localdate():%Y-%m-%d}.{file_format}"


# Running an export --------------------------------------------------------------------------


class _ReadLog:
    """Writes the exported records to the access log in batches."""

    def __init__(self, actor: Actor, export: ListExport, path: str, on_batch: Callable[[int], None] | None = None):
        self.actor, self.export, self.path, self.on_batch = actor, export, path, on_batch
        self.pending: list[Model] = []
        self.count = 0

    def __call__(self, row: Any) -> None:
        self.count += 1
        if self.export.logged and isinstance(row, Model):
            self.pending.append(row)
        if self.count % CHUNK == 0:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            log_reads_by(
                self.actor,
                self.pending,
                channel=AccessLogEntry.Channel.EXPORT,
                path=self.path,
                method="GET",
                purpose="list export",
            )
            self.pending = []
        if self.on_batch is not None:
            self.on_batch(self.count)


def _rows(queryset: QuerySet[Any], enrich: Callable[[list[Any]], None] | None) -> Iterator[Any]:
    if enrich is None:
        yield from queryset.iterator(chunk_size=CHUNK)
        return
    chunk: list[Any] = []
    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            enrich(chunk)
            yield from chunk
            chunk = []
    if chunk:
        enrich(chunk)
        yield from chunk


def export_write(
    export: ListExport,
    *,
    actor: Actor,
    params: QueryDict,
    file_format: str,
    target: BinaryIO,
    path: str = "",
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Write the rows the list shows for ``actor`` and ``params`` into ``target``; return how many."""
    columns = list(export.columns(actor))
    queryset = export.rows(actor, page_params(params))
    read_log = _ReadLog(actor, export, path, on_batch)
    if file_format == "csv":
        stream_csv(target, columns, _rows(queryset, export.enrich), read_log)
    else:
        stream_xlsx(target, str(export.filename), columns, _rows(queryset, export.enrich), read_log)
    read_log.flush()
    return read_log.count


def export_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_file(progress_id: Any) -> Path | None:
    """The finished file of a background export, if it is still there."""
    for file_format in FORMATS:
        path = export_folder() / f"{progress_id}.{file_format}"
        if path.exists():
            return path
    return None


def export_run(*, progress_id: str, actor: Actor, name: str, query: str, file_format: str, path: str) -> None:
    """The background half: write the file under MEDIA_ROOT/exports, reporting progress."""
    export = export_named(name)
    params = QueryDict(query)
    total = export.rows(actor, page_params(params)).count()
    progress_update(progress_id, done=0, total=total)
    target = export_folder() / f"{progress_id}.{file_format}"
    partial = target.with_suffix(".part")
    try:
        with partial.open("wb") as out:
            count = export_write(
                export,
                actor=actor,
                params=params,
                file_format=file_format,
                target=out,
                path=path,
                on_batch=lambda done: progress_update(progress_id, done=done),
            )
        partial.rename(target)
    except Exception:
        partial.unlink(missing_ok=True)
        progress_fail(progress_id, message=_("The export could not be completed. Try again or narrow the filters."))
        raise
    progress_finish(
        progress_id,
        message=_("%(count)s rows exported.") % {"count": count},
        result_url=reverse("web:export-download", args=[progress_id]),
    )


@task()
def export_list_task(*, progress_id: str, actor_id: int, name: str, query: str, file_format: str, path: str) -> None:
    """A list export above the inline limit, written in the background for the membership that asked."""
    actor = apps.get_model(ACTOR_MODEL).objects.select_related("user", "organisation", "territory").get(pk=actor_id)
    export_run(progress_id=progress_id, actor=actor, name=name, query=query, file_format=file_format, path=path)


def export_response(request: HttpRequest, name: str, *, actor: Actor) -> HttpResponse:
    """Answer a list page's ``?export=``: the file itself, or the progress page of a background export."""
    file_format = requested_format(request) or "xlsx"
    export = export_named(name)
    params = page_params(request.GET)
    path = request.get_full_path()[:500]
    if export.rows(actor, params).count() > inline_limit():
        label = _("Export: %(list)s") % {"list": export.filename}
        progress = progress_create(owner_id=int(request.user.pk or 0), label=label)
        export_list_task.enqueue(
            progress_id=str(progress.pk),
            actor_id=int(actor.pk or 0),
            name=name,
            query=params.urlencode(),
            file_format=file_format,
            path=path,
        )
        return redirect(reverse("web:task-progress", args=[progress.pk]))
    buffer = io.BytesIO()
    export_write(export, actor=actor, params=params, file_format=file_format, target=buffer, path=path)
    content_type = CSV_CONTENT_TYPE if file_format == "csv" else XLSX_CONTENT_TYPE
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(export, file_format)}"'
    return response


def exports_purge(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete background exports' files older than ``older_than``; return how many went."""
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    removed = 0
    for path in export_folder().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
