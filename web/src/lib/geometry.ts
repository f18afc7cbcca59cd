export interface Transform {
  x: number;
  y: number;
  k: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A smooth path through dagre's edge points (uniform B-spline, as d3's curveBasis draws it). */
export function splinePath(points: [number, number][]): string {
  if (points.length === 0) return '';
  const f = (n: number): string => String(Math.round(n * 10) / 10);
  const [first, ...rest] = points;
  if (points.length < 3) return `M${f(first![0])},${f(first![1])}${rest.map(([x, y]) => `L${f(x)},${f(y)}`).join('')}`;
  let d = `M${f(first![0])},${f(first![1])}`;
  let [x0, y0] = first!;
  let [x1, y1] = points[1]!;
  d += `L${f((5 * x0 + x1) / 6)},${f((5 * y0 + y1) / 6)}`;
  for (let i = 2; i < points.length; i++) {
    const [x, y] = points[i]!;
    d += `C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)} ${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)} ${f((x0 + 4 * x1 + x) / 6)},${f((y0 + 4 * y1 + y) / 6)}`;
    [x0, y0, x1, y1] = [x1, y1, x, y];
  }
  d += `C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)} ${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)} ${f(x1)},${f(y1)}`;
  return d;
}

/** The transform that shows `box` centred in a viewport, never magnified beyond `maxScale`. */
export function fitTransform(box: Box, viewport: { width: number; height: number }, padding = 40, maxScale = 1.25): Transform {
  if (box.width <= 0 || box.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return { x: 0, y: 0, k: 1 };
  const k = Math.min(maxScale, (viewport.width - 2 * padding) / box.width, (viewport.height - 2 * padding) / box.height);
  const scale = Math.max(0.02, k);
  return { k: scale, x: viewport.width / 2 - (box.x + box.width / 2) * scale, y: viewport.height / 2 - (box.y + box.height / 2) * scale };
}

/** Zoom by `factor` keeping the point (px, py) of the viewport in place. */
export function zoomAt(t: Transform, factor: number, px: number, py: number, min = 0.02, max = 4): Transform {
  const k = Math.min(max, Math.max(min, t.k * factor));
  const f = k / t.k;
  return { k, x: px - (px - t.x) * f, y: py - (py - t.y) * f };
}

export function boundsOf(items: { x: number; y: number; width: number; height: number }[]): Box {
  if (!items.length) return { x: 0, y: 0, width: 0, height: 0 };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const n of items) {
    minX = Math.min(minX, n.x - n.width / 2);
    minY = Math.min(minY, n.y - n.height / 2);
    maxX = Math.max(maxX, n.x + n.width / 2);
    maxY = Math.max(maxY, n.y + n.height / 2);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Cuts a label to about what fits in `width` pixels at ~`charWidth` per character. */
export function fitLabel(text: string, width: number, charWidth: number): string {
  const chars = [...text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')];
  const max = Math.max(3, Math.floor(width / charWidth));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}\u2026`;
}
