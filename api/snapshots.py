"""Camera snapshots for the camera wall: a registered camera's own picture, fetched server-side, or a test card.

Only URLs from the camera registry are ever fetched (never a URL from the request), with a short timeout and
a size cap. In demo mode a camera without a snapshot URL gets a generated test card (name, ward, time).
Responses are cacheable for a minute and carry an ETag, so a wall of tiles costs little.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import httpx
from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse, Response
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy.exc import SQLAlchemyError

from data.wiring.services import get_services
from layouts.i18n import normalise_lang, t

router = APIRouter(prefix="/api/v1/cameras", tags=["cameras"])

CODE = re.compile(r"^[\w.\-:]{1,32}$")
FETCH_TIMEOUT_S = 3.0
MAX_BYTES = 5 * 1024 * 1024
MAX_AGE_S = 60
FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
SIZE = (640, 360)
BARS = ("#c0c0c0", "#c0c000", "#00c0c0", "#00c000", "#c000c0", "#c00000", "#0000c0")


@lru_cache(maxsize=8)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"BeVietnamPro-{weight}.ttf"), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, weight: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest font up to `size` px in which `text` fits `width`."""
    while size > 12 and draw.textlength(text, font=_font(weight, size)) > width:
        size -= 2
    return _font(weight, size)


@lru_cache(maxsize=512)
def render_test_card(name: str, ward: str, stamp: str, label: str) -> bytes:
    """A colour-bar test card naming the camera, its ward and the time (JPEG)."""
    width, height = SIZE
    image = Image.new("RGB", SIZE, "#101826")
    draw = ImageDraw.Draw(image)
    bar = width / len(BARS)
    for i, color in enumerate(BARS):
        draw.rectangle([round(i * bar), 0, round((i + 1) * bar), int(height * 0.42)], fill=color)
    draw.rectangle([0, int(height * 0.42), width, height], fill="#101826")
    margin = 24
    y = int(height * 0.46)
    for text, weight, size, color in ((name, "Bold", 34, "#ffffff"), (ward, "SemiBold", 28, "#c9d6ee"),
                                      (stamp, "Bold", 44, "#ffffff")):
        font = _fit(draw, text, weight, size, width - 2 * margin)
        draw.text((margin, y), text, font=font, fill=color)
        y += font.size + 14
    badge = _font("Bold", 22)
    box = draw.textbbox((0, 0), label, font=badge)
    bw, bh = box[2] - box[0] + 24, box[3] - box[1] + 16
    draw.rectangle([width - bw - 12, 12, width - 12, 12 + bh], fill="#5b3d00", outline="#ffb020", width=2)
    draw.text((width - bw, 12 + 6), label, font=badge, fill="#ffd27a")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78)
    return out.getvalue()


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


async def _fetch(url: str) -> tuple[bytes, str] | None:
    """The camera's picture, or None when it is unreachable, slow, too large or not an image."""
    if not url.lower().startswith(("http://", "https://")):
        return None
    try:
        async with httpx.AsyncClient(timeout=FETCH_TIMEOUT_S, follow_redirects=False) as client, \
                client.stream("GET", url) as answer:
            kind = answer.headers.get("content-type", "").split(";")[0].strip().lower()
            if answer.status_code != 200 or not kind.startswith("image/"):
                return None
            body = b""
            async for chunk in answer.aiter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    return None
            return body, kind
    except httpx.HTTPError:
        return None


@router.get("/{code}/snapshot", summary="The latest snapshot of a registered camera (JPEG)",
            responses={200: {"content": {"image/jpeg": {}}}, 404: {"description": "Unknown camera"}})
async def snapshot(code: str, lang: str | None = Query(None, pattern="^(vi|en)$"),
                   if_none_match: str | None = Header(None)) -> Response:
    if not CODE.match(code):
        return _error(404, f"unknown camera {code!r}")
    services = get_services()
    try:
        camera = services.cameras.snapshot_source(code)
    except SQLAlchemyError:
        return _error(503, "the camera registry is unavailable")
    if camera is None:
        return _error(404, f"unknown camera {code!r}")
    lang = normalise_lang(lang)
    if camera["snapshot_url"]:
        fetched = await _fetch(camera["snapshot_url"])
        if fetched is not None:
            body, kind = fetched
            return Response(body, media_type=kind, headers={"Cache-Control": "private, max-age=5"})
        label = t("snapshot.unavailable", lang)
    elif services.settings.demo:
        label = t("snapshot.simulated", lang)
    else:
        return _error(404, f"camera {code!r} has no snapshot source")
    now = datetime.now(services.zone)
    etag = f'"{code}-{lang}-{now:%Y%m%d%H%M}-{len(label)}"'
    headers = {"Cache-Control": f"public, max-age={MAX_AGE_S}", "ETag": etag}
    if if_none_match == etag:
        return Response(status_code=304, headers=headers)
    ward = services.pack.unit_names().get(camera["ward_code"] or "", "")
    body = render_test_card(camera["name"], ward, now.strftime("%H:%M  %d/%m/%Y"), label)
    return Response(body, media_type="image/jpeg", headers=headers)
