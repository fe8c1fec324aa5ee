"""Background work: rendering a pack for publication takes seconds, so a worker does it.

Run the worker with `python manage.py db_worker` (django-tasks-db); tests run tasks at once.
"""

import logging

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from . import excel, pdf
from .models import Pack

log = logging.getLogger(__name__)


def _progress(pack_id: int, percent: int) -> None:
    Pack.objects.filter(pk=pack_id).update(progress=percent)


@task
def pack_render(pack_id: int) -> None:
    """Render and store a publishing pack's PDF and workbook; mark it published (or failed)."""
    pack = Pack.objects.select_related("plan", "period").get(pk=pack_id)
    if pack.state != Pack.State.PUBLISHING:
        return
    try:
        data = pack.pack_data()
        _progress(pack.pk, 20)
        pdf_bytes = pdf.render_pdf(data)
        _progress(pack.pk, 80)
        xlsx_bytes = excel.render_xlsx(data)
        _progress(pack.pk, 95)
        pack.pdf.save(pack.file_name("pdf"), ContentFile(pdf_bytes), save=False)
        pack.xlsx.save(pack.file_name("xlsx"), ContentFile(xlsx_bytes), save=False)
        pack.state = Pack.State.PUBLISHED
        pack.published_at = timezone.now()
        pack.progress = 100
        pack.save()
    except Exception as exc:
        log.exception("Publishing pack %s failed", pack_id)
        Pack.objects.filter(pk=pack_id).update(state=Pack.State.FAILED, error=str(exc)[:2000], progress=0)
        raise
