"""The month-end close as a django-tasks task: enqueued by ``services.request_month_end`` after commit."""

from django_tasks import task


@task()
def month_end_task(run_id: int) -> None:
    from .services import run_month_end

    run_month_end(run_id)
