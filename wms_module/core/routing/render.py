"""Draw a layout, its picks and a route as an SVG string (no dependencies).

The drawing is in layout metres scaled by ``scale`` pixels; the front cross aisle is at the
bottom. Elements carry classes a page can style or query: ``rack``, ``cross-aisle``,
``aisle-label``, ``depot``, ``pick`` (with ``data-aisle``/``data-bay`` or ``data-node`` and
``data-seq``, the position in the route), ``route``.

>>> from wms_module.core.layout import WarehouseLayout, PickLocation
>>> from wms_module.core.routing import route
>>> layout = WarehouseLayout(n_aisles=3, bays_per_aisle=5)
>>> svg = render_route_svg(layout, route(layout, [PickLocation(1, 3)]))
>>> svg.startswith("<svg") and svg.count('class="pick"')
1
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from wms_module.core.layout import GraphLayout, PickLocation, WarehouseLayout

__all__ = ["render_route_svg"]

_STYLE = (
	".rack{fill:#d9dee5;stroke:#9aa5b1;stroke-width:0.5}"
	".bays{stroke:#b3bcc6;stroke-width:0.4;fill:none}"
	".cross-aisle{fill:#f5f7fa}"
	".walkway{stroke:#e1e6ec;stroke-width:1}"
	".aisle-label{font:10px sans-serif;fill:#52606d;text-anchor:middle}"
	".depot{fill:#2f855a}"
	".depot-label{font:bold 10px sans-serif;fill:#2f855a;text-anchor:start}"
	".pick{fill:#dd6b20;stroke:#fff;stroke-width:1}"
	".seq{font:bold 8px sans-serif;fill:#7b341e;text-anchor:start}"
	".route{fill:none;stroke:#2b6cb0;stroke-width:2;stroke-linejoin:round;stroke-linecap:round;opacity:0.85}"
)


def _fmt(v: float) -> str:
	s = f"{v:.2f}".rstrip("0").rstrip(".")
	return "0" if s == "-0" else s


class _Canvas:
	def __init__(self, min_x, max_x, min_y, max_y, scale, margin):
		self.min_x, self.max_y = min_x, max_y
		self.scale, self.margin = scale, margin
		self.width = (max_x - min_x) * scale + 2 * margin
		self.height = (max_y - min_y) * scale + 2 * margin + 14  # room for labels

	def x(self, x):
		return _fmt(self.margin + (x - self.min_x) * self.scale)

	def y(self, y):
		return _fmt(self.margin + (self.max_y - y) * self.scale)

	def rect(self, x0, y0, x1, y1, cls):
		x, y = (
			self.margin + (min(x0, x1) - self.min_x) * self.scale,
			self.margin + (self.max_y - max(y0, y1)) * self.scale,
		)
		w, h = abs(x1 - x0) * self.scale, abs(y1 - y0) * self.scale
		return f'<rect class="{cls}" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(h)}"/>'


def _layout_parts(layout: WarehouseLayout, cv: _Canvas) -> list[str]:
	out = ['<g class="layout">']
	rows = layout.cross_aisle_y
	c = layout.cross_aisle_width
	sp = layout.aisle_spacing
	aisle_w = 0.4 * sp
	half = sp / 2
	for yr in rows:
		if c > 0:
			out.append(cv.rect(-half, yr - c / 2, layout.width + half, yr + c / 2, "cross-aisle"))
		else:
			out.append(
				f'<line class="walkway" x1="{cv.x(-half)}" y1="{cv.y(yr)}" x2="{cv.x(layout.width + half)}" y2="{cv.y(yr)}"/>'
			)
	first = layout.block_first_bay
	for b in range(layout.n_blocks):
		y0 = rows[b] + c / 2
		y1 = rows[b + 1] - c / 2
		bay_lines = []
		for i in range(layout.n_aisles + 1):
			# the rack column left of aisle i (for 0 < i < n: the back-to-back racks of aisles i-1 and i)
			x_left = (i - 1) * sp + aisle_w / 2 if i > 0 else -half
			x_right = i * sp - aisle_w / 2 if i < layout.n_aisles else (i - 1) * sp + half
			out.append(cv.rect(x_left, y0, x_right, y1, "rack"))
			for k in range(1, first[b + 1] - first[b]):
				yk = y0 + k * layout.bay_width
				bay_lines.append(f"M{cv.x(x_left)} {cv.y(yk)}H{cv.x(x_right)}")
		if bay_lines:
			out.append(f'<path class="bays" d="{"".join(bay_lines)}"/>')
	label_y = _fmt(cv.margin + cv.max_y * cv.scale + 12 + cv.margin / 2)
	for i in range(layout.n_aisles):
		out.append(f'<text class="aisle-label" x="{cv.x(i * sp)}" y="{label_y}">{i}</text>')
	out.append("</g>")
	return out


def _graph_parts(layout: GraphLayout, cv: _Canvas) -> list[str]:
	out = ['<g class="layout">']
	for a, b, _w in layout.edges:
		(xa, ya), (xb, yb) = layout.nodes[a], layout.nodes[b]
		out.append(f'<line class="walkway" x1="{cv.x(xa)}" y1="{cv.y(ya)}" x2="{cv.x(xb)}" y2="{cv.y(yb)}"/>')
	out.append("</g>")
	return out


def render_route_svg(layout, route=None, *, picks=None, scale: float = 8.0, title: str | None = None) -> str:
	"""SVG of ``layout`` with ``picks`` (default: the route's sequence) and ``route``'s path."""
	if picks is None:
		picks = list(route.sequence) if route is not None else []
	else:
		picks = list(dict.fromkeys(picks))
	for p in picks:
		layout.check(p)
	depot = layout.point(layout.depot)
	if isinstance(layout, WarehouseLayout):
		pad = layout.aisle_spacing / 2
		box = (-pad, layout.width + pad, 0.0, layout.depth)
	else:
		xs = [x for x, _ in layout.nodes.values()]
		ys = [y for _, y in layout.nodes.values()]
		pad = max(1.0, 0.03 * max(max(xs) - min(xs), max(ys) - min(ys)))
		box = (min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad)
	cv = _Canvas(*box, scale=scale, margin=16.0)
	label = title or (
		f"Route ({route.method}, {route.length:.1f} m)" if route is not None else "Warehouse layout"
	)
	out = [
		f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(cv.width)} {_fmt(cv.height)}" '
		f'width="{_fmt(cv.width)}" height="{_fmt(cv.height)}" role="img" aria-label={quoteattr(label)}>',
		f"<title>{escape(label)}</title>",
		f"<style>{_STYLE}</style>",
	]
	out += _layout_parts(layout, cv) if isinstance(layout, WarehouseLayout) else _graph_parts(layout, cv)
	if route is not None and len(route.path) > 1:
		d = "M" + "L".join(f"{cv.x(x)} {cv.y(y)}" for x, y in route.path)
		out.append(f'<path class="route" d="{d}"/>')
	out.append(
		f'<rect class="depot" x="{_fmt(float(cv.x(depot[0])) - 6)}" y="{_fmt(float(cv.y(depot[1])) - 6)}" width="12" height="12"/>'
	)
	out.append(
		f'<text class="depot-label" x="{_fmt(float(cv.x(depot[0])) + 8)}" y="{_fmt(float(cv.y(depot[1])) + 4)}">Depot</text>'
	)
	seq = {p: k + 1 for k, p in enumerate(route.sequence)} if route is not None else {}
	for p in picks:
		x, y = layout.point(p)
		if isinstance(p, PickLocation):
			data = f'data-aisle="{p.aisle}" data-bay="{p.bay}"'
			name = f"aisle {p.aisle}, bay {p.bay}"
		else:
			data = f"data-node={quoteattr(str(p))}"
			name = str(p)
		n = seq.get(p)
		if n is not None:
			data += f' data-seq="{n}"'
			name = f"{n}. {name}"
		out.append(
			f'<circle class="pick" cx="{cv.x(x)}" cy="{cv.y(y)}" r="4" {data}><title>{escape(name)}</title></circle>'
		)
		if n is not None:
			out.append(
				f'<text class="seq" x="{_fmt(float(cv.x(x)) + 5)}" y="{_fmt(float(cv.y(y)) - 4)}">{n}</text>'
			)
	out.append("</svg>")
	return "\n".join(out)
