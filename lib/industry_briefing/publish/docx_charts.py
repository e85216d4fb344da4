"""A chart of the briefing as the Word file's picture: a PNG of its static SVG (drawn by the
batch's worker, or by the notebook) without its title, which the caption below it says.

Rasterising the SVG takes about 0.1 s a chart; drawing it again from its Vega-Lite spec (done
only when an output has no SVG) takes about 0.8 s.
"""

from __future__ import annotations

import base64
import io
from typing import Any
from xml.etree import ElementTree

from industry_briefing.publish.export import _chart_spec

SCALE = 2  # the picture's pixels per CSS pixel: sharp in print
SVG_NS = "http://www.w3.org/2000/svg"
TITLE_CLASS = "role-title"  # Vega's group of the chart's title (axes: role-axis-title)
MARGIN_PX = 4  # white kept above the chart once the title's band is cut away


def chart_png(data: dict[str, Any]) -> bytes | None:
    """The chart of an output's representations as PNG, untitled; None if it is no chart."""
    import vl_convert

    if "image/svg+xml" in data:
        svg = _untitled_svg(data["image/svg+xml"])
        return _trim_top(bytes(vl_convert.svg_to_png(svg, scale=SCALE)))
    spec = _chart_spec(data)
    if spec is not None:
        from industry_briefing.briefing.charts import VL_VERSION

        untitled = {key: value for key, value in spec.items() if key != "title"}
        return bytes(vl_convert.vegalite_to_png(untitled, vl_version=VL_VERSION, scale=SCALE))
    if "image/png" in data:
        return base64.b64decode(data["image/png"])
    return None


def _untitled_svg(svg: str) -> str:
    """The SVG without the group of its title (the caption says it)."""
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return svg
    for parent in root.iter():
        for child in list(parent):
            if TITLE_CLASS in (child.get("class") or "").split():
                parent.remove(child)
    return ElementTree.tostring(root, encoding="unicode")


def _trim_top(png: bytes) -> bytes:
    """The band left blank where the title was, cut off (all but a small margin)."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, "white")).getbbox()
    top = max(0, box[1] - MARGIN_PX * SCALE) if box else 0
    if not top:
        return png
    buffer = io.BytesIO()
    rgb.crop((0, top, rgb.width, rgb.height)).save(buffer, format="PNG")
    return buffer.getvalue()
