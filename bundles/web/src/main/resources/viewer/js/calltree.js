// A call tree as an expandable table (top-down, or bottom-up when the server inverted it). Only expanded
// nodes become DOM rows; the hottest path opens by itself, as in Superluminal.

import {escapeHtml, formatDuration, formatPercent, formatCount} from './format.js';

const HOT_PATH_SHARE = 0.05;
const HOT_PATH_DEPTH = 60;

export class CallTreeView {
  constructor(container, {expandHotPath}) {
    this.container = container;
    this.expandHotPath = expandHotPath;
    this.tree = null;
    this.expanded = new Set();
    this.selectedPath = null;
    container.addEventListener('click', event => {
      const row = event.target.closest('.tree-row');
      if (!row) return;
      const path = row.dataset.path;
      if (event.target.closest('.toggle') || this.selectedPath === path) this.toggle(path);
      this.select(path);
    });
    container.addEventListener('keydown', event => this.onKey(event));
  }

  /** Shows a /calltree answer; null shows the placeholder (e.g. while loading). */
  show(tree, message) {
    this.tree = tree;
    this.expanded = new Set(['0']);
    if (tree && this.expandHotPath) {
      let node = tree.root;
      let path = '0';
      for (let depth = 0; depth < HOT_PATH_DEPTH && node.children && node.children.length; depth++) {
        const hottest = node.children[0];
        if (hottest.totalNanos < HOT_PATH_SHARE * tree.root.totalNanos) break;
        path += '.0';
        this.expanded.add(path);
        node = hottest;
      }
    }
    this.render(message);
  }

  toggle(path) {
    if (this.expanded.has(path)) this.expanded.delete(path);
    else this.expanded.add(path);
    this.render();
  }

  select(path) {
    this.selectedPath = path;
    for (const row of this.container.querySelectorAll('.tree-row.selected')) row.classList.remove('selected');
    const row = this.container.querySelector(`.tree-row[data-path="${path}"]`);
    if (row) row.classList.add('selected');
  }

  onKey(event) {
    if (!this.selectedPath) return;
    const rows = [...this.container.querySelectorAll('.tree-row')];
    const index = rows.findIndex(r => r.dataset.path === this.selectedPath);
    if (event.key === 'ArrowDown' && index + 1 < rows.length) this.select(rows[index + 1].dataset.path);
    else if (event.key === 'ArrowUp' && index > 0) this.select(rows[index - 1].dataset.path);
    else if (event.key === 'ArrowRight' && !this.expanded.has(this.selectedPath)) this.toggle(this.selectedPath);
    else if (event.key === 'ArrowLeft' && this.expanded.has(this.selectedPath)) this.toggle(this.selectedPath);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  render(message) {
    const html = ['<div class="tree-header"><span class="col-name">Function</span><span class="col-num">Total</span>'
        + '<span class="col-num">Total %</span><span class="col-num">Self</span><span class="col-num">Samples</span></div>'];
    if (!this.tree) {
      html.push(`<div class="placeholder">${escapeHtml(message || 'Loading…')}</div>`);
    } else if (this.tree.totalSamples === 0) {
      html.push('<div class="placeholder">No samples in this range for these threads.</div>');
    } else {
      const total = this.tree.root.totalNanos;
      const visit = (node, path, depth) => {
        const open = this.expanded.has(path);
        const leaf = !node.children || node.children.length === 0;
        const share = total ? node.totalNanos / total : 0;
        html.push(`<div class="tree-row${node.kernel ? ' kernel' : ''}${path === this.selectedPath ? ' selected' : ''}"`
            + ` data-path="${path}" data-name="${escapeHtml(node.name)}" data-total-nanos="${node.totalNanos}"`
            + ` data-self-nanos="${node.selfNanos}" data-total-samples="${node.totalSamples}">`
            + `<span class="col-name" style="padding-left:${depth * 14 + 4}px">`
            + `<span class="toggle">${leaf ? '' : open ? '▾' : '▸'}</span>`
            + `<span class="fn">${escapeHtml(node.name)}</span>`
            + (node.module ? ` <span class="dim">${escapeHtml(baseName(node.module))}</span>` : '')
            + `</span><span class="col-num">${formatDuration(node.totalNanos)}</span>`
            + `<span class="col-num bar" style="--share:${(share * 100).toFixed(2)}%">${formatPercent(node.totalNanos, total)}</span>`
            + `<span class="col-num">${formatDuration(node.selfNanos)}</span>`
            + `<span class="col-num">${formatCount(node.totalSamples)}</span></div>`);
        if (open && !leaf) node.children.forEach((child, i) => visit(child, path + '.' + i, depth + 1));
      };
      visit(this.tree.root, '0', 0);
    }
    this.container.innerHTML = html.join('');
  }
}

function baseName(module) {
  const slash = module.lastIndexOf('/');
  return slash >= 0 ? module.substring(slash + 1) : module;
}
