// A flame graph of the top-down call tree on a canvas, root at the top (icicle). Clicking a frame zooms to
// it (it fills the width, its callers stay above it); clicking the root zooms back out.

import {escapeHtml, formatDuration, formatPercent, frameColor} from './format.js';

const FRAME_HEIGHT = 18;

export class FlameGraph {
  constructor(canvas, tooltip) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    this.tree = null;
    this.zoomPath = [];
    this.boxes = [];
    canvas.addEventListener('click', event => {
      const box = this.boxAt(event);
      if (!box) return;
      this.zoomPath = box.depth === 0 ? [] : box.path;
      this.draw();
    });
    canvas.addEventListener('mousemove', event => this.hover(event));
    canvas.addEventListener('mouseleave', () => {
      this.tooltip.style.display = 'none';
    });
    window.addEventListener('resize', () => this.draw());
  }

  show(tree) {
    this.tree = tree;
    this.zoomPath = [];
    this.draw();
  }

  /** The nodes from the root to the zoomed node, following the recorded child indexes. */
  zoomChain() {
    const chain = [this.tree.root];
    for (const index of this.zoomPath.slice(1)) {
      const next = chain[chain.length - 1].children?.[index];
      if (!next) break;
      chain.push(next);
    }
    return chain;
  }

  draw() {
    const canvas = this.canvas;
    const width = Math.max(100, canvas.parentElement.clientWidth - 4);
    const ratio = window.devicePixelRatio || 1;
    this.boxes = [];
    if (!this.tree) {
      canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
      return;
    }
    if (!canvas.offsetParent) return;
    const chain = this.zoomChain();
    const focus = chain[chain.length - 1];
    const depth = maxDepth(focus) + chain.length;
    const height = Math.max(FRAME_HEIGHT * 4, depth * FRAME_HEIGHT + 4);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#1b1d21';
    ctx.fillRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const total = this.tree.root.totalNanos || 1;
    chain.forEach((node, depth) => {
      const path = this.zoomPath.slice(0, depth + 1);
      this.drawBox(ctx, node, 0, width, depth, depth === 0 ? [0] : path, total);
    });
    const scale = width / (focus.totalNanos || 1);
    const visit = (node, x, depth, path) => {
      let childX = x;
      (node.children || []).forEach((child, i) => {
        const w = child.totalNanos * scale;
        if (w >= 0.5) {
          this.drawBox(ctx, child, childX, w, depth, [...path, i], total);
          visit(child, childX, depth + 1, [...path, i]);
        }
        childX += w;
      });
    };
    const focusPath = this.zoomPath.length ? this.zoomPath : [0];
    visit(focus, 0, chain.length, focusPath);
  }

  drawBox(ctx, node, x, w, depth, path, total) {
    const y = depth * FRAME_HEIGHT;
    ctx.fillStyle = depth === 0 ? '#6e7681' : frameColor(node.name, node.kernel);
    ctx.fillRect(x, y, Math.max(0.5, w - 0.5), FRAME_HEIGHT - 1);
    if (w > 30) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, y, w - 2, FRAME_HEIGHT);
      ctx.clip();
      ctx.fillStyle = '#101214';
      ctx.fillText(node.name, x + 3, y + FRAME_HEIGHT / 2);
      ctx.restore();
    }
    this.boxes.push({x, y, w, depth, path, node, share: node.totalNanos / total});
  }

  boxAt(event) {
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    return this.boxes.find(b => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + FRAME_HEIGHT) || null;
  }

  hover(event) {
    const box = this.boxAt(event);
    if (!box) {
      this.tooltip.style.display = 'none';
      return;
    }
    const node = box.node;
    this.tooltip.innerHTML = `<b>${escapeHtml(node.name)}</b>${node.module ? ' <span class="dim">' + escapeHtml(node.module) + '</span>' : ''}`
        + `<br>total ${formatDuration(node.totalNanos)} (${formatPercent(node.totalNanos, this.tree.root.totalNanos)}),`
        + ` self ${formatDuration(node.selfNanos)}, ${node.totalSamples} samples`
        + `<br><span class="dim">click to ${box.depth === 0 ? 'zoom out' : 'zoom in'}</span>`;
    this.tooltip.style.display = 'block';
    this.tooltip.style.left = Math.min(event.clientX + 14, window.innerWidth - this.tooltip.offsetWidth - 8) + 'px';
    this.tooltip.style.top = (event.clientY + 16) + 'px';
  }
}

function maxDepth(node) {
  let deepest = 0;
  for (const child of node.children || []) deepest = Math.max(deepest, maxDepth(child));
  return deepest + 1;
}
