import { badgeFor, keptOf, type BadgeModel } from './badge';
import { writeEntryAttributes } from './entry-attributes';
import { createFloatingTip } from './floating-tip';
import type { EntryStatus, Thresholds } from './scores';

/** What the badges' buttons ask of the page. */
export interface AnnotationHandlers {
  onRetry(paperId: string): void;
  onOpenOptions(): void;
}

/** One entry's elements, kept so that later states update them instead of adding more. */
interface Annotation {
  badge: HTMLElement;
  score: HTMLElement;
  tag: HTMLElement;
  tip: HTMLElement;
  button: HTMLElement;
  /** Made on the first comment: most entries are annotated many times before they have one. */
  comment: HTMLElement | null;
}

const annotations = new WeakMap<HTMLElement, Annotation>();

/**
 * Shows an entry's status on the page: its marks (`markEntry`) and its badge and comment
 * (`decorateEntry`), at once.
 */
export function annotateEntry(
  dt: HTMLElement,
  dd: HTMLElement | null,
  status: EntryStatus,
  thresholds: Thresholds,
  handlers: AnnotationHandlers,
  paperId: string,
): void {
  markEntry(dt, dd, status, keptOf(status, thresholds));
  decorateEntry(dt, dd, badgeFor(status, thresholds), handlers, paperId);
}

const marked = new WeakMap<HTMLElement, EntryStatus>();

/**
 * The marks every entry gets as soon as its status is known, seen or not: the `data-sieve-*`
 * hook on its `<dt>` and `data-sieve-kept` on its `<dt>` and `<dd>` (what j/k and users' styles
 * read). A few attributes that no stylesheet rule of ours names: 2000 entries at once restyle
 * nothing (the filters act on `data-sieve-out`, see listing-view.ts).
 */
export function markEntry(
  dt: HTMLElement,
  dd: HTMLElement | null,
  status: EntryStatus,
  kept: boolean | null,
): void {
  // Thresholds change the badge, never the hook: a new status is the only reason to rewrite it.
  if (marked.get(dt) !== status) writeEntryAttributes(dt, status);
  marked.set(dt, status);
  const value = kept === null ? null : String(kept);
  setAttribute(dt, 'data-sieve-kept', value);
  if (dd) setAttribute(dd, 'data-sieve-kept', value);
}

/**
 * The entry's badge beside its arXiv id and the model's comment under its title. The first call
 * builds the elements; later calls rewrite only what changed, and never read layout.
 */
export function decorateEntry(
  dt: HTMLElement,
  dd: HTMLElement | null,
  model: BadgeModel,
  handlers: AnnotationHandlers,
  paperId: string,
): void {
  let annotation = annotations.get(dt);
  if (!annotation) {
    installAnnotationListener(dt.ownerDocument, handlers);
    annotation = createAnnotation(dt, paperId);
    annotations.set(dt, annotation);
  }
  updateBadge(annotation, model);
  if (dd) updateComment(annotation, dd, model);
}

/** Whether the entry has its badge yet. */
export function isDecorated(dt: HTMLElement): boolean {
  return annotations.has(dt);
}

function createAnnotation(dt: HTMLElement, paperId: string): Annotation {
  const link = abstractLink(dt);
  // Left by an earlier copy of the content script (the extension was reloaded): start afresh.
  const stale = link ? link.nextElementSibling : dt.lastElementChild;
  if (stale?.classList.contains('paper-sieve-entry')) stale.remove();

  const entry = annotationTemplate(dt.ownerDocument).cloneNode(true) as HTMLElement;
  const badge = entry.firstElementChild as HTMLElement;
  const score = badge.firstElementChild as HTMLElement;
  const tag = score.nextElementSibling as HTMLElement;
  const tip = badge.nextElementSibling as HTMLElement;
  const button = tip.nextElementSibling as HTMLElement;
  tip.id = `paper-sieve-tip-${paperId}`;
  badge.setAttribute('aria-describedby', tip.id);
  button.setAttribute('data-paper-id', paperId);

  if (link) link.after(entry);
  else dt.append(entry);
  return { badge, score, tag, tip, button, comment: null };
}

const templates = new WeakMap<Document, HTMLElement>();

/** One entry's elements, built once per page: cloning them costs a fraction of building them. */
function annotationTemplate(doc: Document): HTMLElement {
  const built = templates.get(doc);
  if (built) return built;
  const entry = element(doc, 'span', 'paper-sieve-entry');
  const badge = element(doc, 'span', 'paper-sieve-badge');
  const score = element(doc, 'span', 'paper-sieve-score');
  const tag = element(doc, 'span', 'paper-sieve-tag');
  const tip = element(doc, 'span', 'paper-sieve-tip');
  const button = element(doc, 'button', 'paper-sieve-action');
  // role="img": the aria-label is the badge's whole text alternative, its spans only decoration.
  badge.setAttribute('role', 'img');
  badge.tabIndex = 0;
  tip.setAttribute('role', 'tooltip');
  tag.textContent = 'title only';
  tag.hidden = true;
  button.setAttribute('type', 'button');
  button.hidden = true;
  badge.append(score, tag);
  entry.append(badge, tip, button);
  templates.set(doc, entry);
  return entry;
}

/** The entry's "Abstract" link: a child of the `<dt>`, or of its `span.list-identifier` (legacy). */
function abstractLink(dt: HTMLElement): Element | null {
  return dt.querySelector('a[title="Abstract"]') ?? dt.querySelector('a[href*="/abs/"]');
}

function updateBadge(annotation: Annotation, model: BadgeModel): void {
  const { badge, score, tag, tip, button } = annotation;
  setAttribute(badge, 'data-tone', model.tone);
  setAttribute(badge, 'aria-label', model.label);
  setText(score, model.text);
  setText(tip, model.tip);
  setHidden(tag, !model.titleOnly);
  setAttribute(button, 'data-sieve-action', model.action);
  setHidden(button, model.action === null);
  if (model.action !== null) setText(button, actionText(model));
}

function actionText(model: BadgeModel): string {
  if (model.action === 'options') return 'Open Options';
  // Idle without a fix in Options means automatic scoring is off: scoring now is the way on.
  return model.tone === 'idle' ? 'Score now' : 'Retry';
}

function updateComment(annotation: Annotation, dd: HTMLElement, model: BadgeModel): void {
  if (model.comment === null) {
    if (annotation.comment) setHidden(annotation.comment, true);
    return;
  }
  annotation.comment ??= createComment(dd);
  setText(annotation.comment, model.comment);
  setAttribute(annotation.comment, 'data-tone', model.tone);
  setHidden(annotation.comment, false);
}

/** The comment's line, right after the title and never inside it (MathJax typesets the title). */
function createComment(dd: HTMLElement): HTMLElement {
  const title = dd.querySelector('.list-title');
  const previous = title ? title.nextElementSibling : dd.firstElementChild;
  if (previous?.classList.contains('paper-sieve-comment')) return previous as HTMLElement;
  const comment = element(dd.ownerDocument, 'span', 'paper-sieve-comment');
  if (title) title.after(comment);
  else dd.prepend(comment);
  return comment;
}

function element(doc: Document, tag: string, className: string): HTMLElement {
  const created = doc.createElement(tag);
  created.className = className;
  return created;
}

// The setters below compare first: an unchanged state costs reads only, never a DOM mutation.

function setText(target: HTMLElement, text: string): void {
  if (target.textContent !== text) target.textContent = text;
}

function setAttribute(target: Element, name: string, value: string | null): void {
  if (value === null) {
    if (target.hasAttribute(name)) target.removeAttribute(name);
  } else if (target.getAttribute(name) !== value) target.setAttribute(name, value);
}

function setHidden(target: HTMLElement, hidden: boolean): void {
  if (target.hidden !== hidden) target.hidden = hidden;
}

interface Delegation {
  handlers: AnnotationHandlers;
  remove: () => void;
}

const delegations = new WeakMap<Document, Delegation>();

/**
 * Listens once on the document for the badges' buttons (by `data-paper-id`) and for the
 * badges' tooltip: shown on hover or focus, kept while the pointer is on it, hidden by Escape
 * until the badge loses focus. Later calls swap in the new handlers.
 * Returns what removes the listeners (and the tooltip).
 */
export function installAnnotationListener(doc: Document, handlers: AnnotationHandlers): () => void {
  const existing = delegations.get(doc);
  if (existing) {
    existing.handlers = handlers;
    return existing.remove;
  }
  const tip = createFloatingTip(doc);

  const onClick = (event: Event): void => {
    const button = closest(event.target, 'button.paper-sieve-action');
    const action = button?.getAttribute('data-sieve-action');
    if (action === 'options') delegation.handlers.onOpenOptions();
    if (action !== 'retry') return;
    const paperId = button?.getAttribute('data-paper-id');
    if (!paperId) return;
    // The button hides once the paper is queued again: keep keyboard focus on its entry.
    const badge = button?.parentElement?.querySelector<HTMLElement>('.paper-sieve-badge');
    badge?.focus({ preventScroll: true });
    delegation.handlers.onRetry(paperId);
  };
  const onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    const badge = closest(event.target, '.paper-sieve-badge');
    if (!badge) return;
    badge.setAttribute('data-tip-dismissed', '');
    tip.hide();
  };
  const onFocusIn = (event: FocusEvent): void => {
    const badge = closest(event.target, '.paper-sieve-badge');
    if (badge) tip.show(badge);
  };
  const onFocusOut = (event: FocusEvent): void => {
    const badge = closest(event.target, '.paper-sieve-badge');
    if (!badge) return;
    badge.removeAttribute('data-tip-dismissed');
    if (tip.owner === badge) tip.hide();
  };
  // The pointer over a badge shows its tooltip; over anything but the badge, the tooltip itself
  // (to read it at leisure) or a focused badge's, it hides it.
  const onPointerOver = (event: MouseEvent): void => {
    const badge = closest(event.target, '.paper-sieve-badge');
    const { owner } = tip;
    if (badge) {
      if (badge !== owner) tip.show(badge);
    } else if (owner && !tip.element.contains(event.target as Node) && doc.activeElement !== owner)
      tip.hide();
  };

  const listening = new AbortController();
  const delegation: Delegation = {
    handlers,
    remove: () => {
      listening.abort();
      tip.element.remove();
      delegations.delete(doc);
    },
  };
  const { signal } = listening;
  doc.addEventListener('click', onClick, { signal });
  doc.addEventListener('keydown', onKeydown, { signal });
  doc.addEventListener('focusin', onFocusIn, { signal });
  doc.addEventListener('focusout', onFocusOut, { signal });
  doc.addEventListener('mouseover', onPointerOver, { signal });
  delegations.set(doc, delegation);
  return delegation.remove;
}

/** `closest` on an event's target; duck-typed, as `instanceof Element` fails across realms. */
function closest(target: EventTarget | null, selector: string): Element | null {
  if (target === null || !('closest' in target)) return null;
  return (target as Element).closest(selector);
}
