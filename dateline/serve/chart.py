"""A tiny server-side bar chart: numbers in, SVG geometry out (the template draws it).

Hand-written because a plotting library (matplotlib, altair) would be a heavy dependency, produce
markup we would have to trust, or need JavaScript; a dozen rectangles need none of that.
"""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT = 640, 140
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 28, 18, 8


def bar_chart(points: list[tuple[str, int]], width: int = WIDTH, height: int = HEIGHT) -> dict[str, Any]:
    """Bars for ``(label, value)`` points scaled into a ``width`` x ``height`` box; labels stay plain text."""
    plot_w = width - PAD_LEFT
    plot_h = height - PAD_BOTTOM - PAD_TOP
    peak = max((v for _, v in points), default=0)
    n = len(points)
    step = plot_w / n if n else plot_w
    bars = []
    for i, (label, value) in enumerate(points):
        h = 0.0 if peak == 0 else plot_h * value / peak
        bars.append(
            {
                "x": round(PAD_LEFT + i * step + step * 0.1, 2),
                "y": round(PAD_TOP + plot_h - h, 2),
                "w": round(max(step * 0.8, 1.0), 2),
                "h": round(h, 2),
                "label": label,
                "value": value,
            }
        )
    return {
        "width": width,
        "height": height,
        "baseline": PAD_TOP + plot_h,
        "peak": peak,
        "peak_y": PAD_TOP,
        "bars": bars,
        "first": points[0][0] if points else "",
        "last": points[-1][0] if points else "",
    }
