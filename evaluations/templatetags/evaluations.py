"""Template tags: charts, and what the seminar page and /me/ show a person (one query each)."""

from django import template

from common.charts import share_chart
from evaluations import selectors

register = template.Library()


@register.inclusion_tag("evaluations/_bar_chart.html")
def chart(result, caption: str = ""):
    bars = [(bar.label, bar.count, bar.percent) for bar in result.bars]
    return {"chart": share_chart(bars), "caption": caption or result.label}


@register.simple_tag
def seminar_materials(seminar, user):
    """The seminar's materials, when the person may download them (else none)."""
    return list(selectors.materials_for(user, seminar)) if user.is_authenticated else []


@register.simple_tag
def my_materials(user):
    return list(selectors.materials_for(user).order_by("-seminar__starts_at", "session__starts_at", "pk"))


@register.simple_tag
def my_evaluations(user):
    return selectors.my_evaluations(user)
