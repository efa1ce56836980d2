"""Write the browser's copies of the project's font (assets/fonts/*.woff2) from its TrueType files, which the PDF
report embeds. Reproducible: the same TTF gives the same WOFF2 (every glyph kept, no hinting or name table
changed). Run when a TTF changes:

    pip install 'fonttools>=4.50,<5' 'brotli>=1.1,<2'    # or: pip install -e '.[fonts]'
    python scripts/fonts_woff2.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"


def main() -> None:
    for ttf in sorted(FONTS.glob("*.ttf")):
        font = TTFont(ttf, recalcTimestamp=False)
        font.flavor = "woff2"
        target = ttf.with_suffix(".woff2")
        font.save(target, reorderTables=False)
        print(f"{target.name}: {ttf.stat().st_size:,} → {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
