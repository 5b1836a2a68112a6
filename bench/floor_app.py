"""The floor: the same framework serving a bare Jinja template, nothing else.

uvicorn --factory bench.floor_app:create_floor_app
"""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

HERE = Path(__file__).resolve().parent


@get("/")
async def floor() -> Template:
    return Template(template_name="floor.html", context={"title": "Floor"})


def create_floor_app() -> Litestar:
    return Litestar(
        route_handlers=[floor],
        template_config=TemplateConfig(
            directory=HERE / "templates", engine=JinjaTemplateEngine
        ),
        openapi_config=None,
    )
