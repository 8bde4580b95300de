// The session report for the facilitator (docs/protocol.md "The session report"): the figures of GET /api/report drawn
// as hand-written SVG charts, each with its figures as text (an aria-label and a table), fetched again when the hub's
// batches say something changed (and every 15 s besides), printable as a clean PDF (../report.css), with one download
// of every export (GET /api/exports.zip).

import '../styles.css';
import '../report.css';
import { downloadFile, getJson, readable } from '../api';
import { byTestId, el, setText } from '../dom';
import { countryName, formatNumber, formatTime } from '../format';
import { t } from '../i18n';
import type { LiveSession } from '../session';
import { toast } from '../ui';
import { startLivePage } from './live';

// ---------------------------------------------------------------- the figures, as GET /api/report answers them

interface CheckInBucket { from: string; count: number; total: number }
interface CountryCount { country: string; count: number }
interface ProposalFigures {
  id: number; title: string; organisation: string; status: string; held: boolean;
  upvotes: number; joined: number; partners: number; coApplicants: number; observers: number;
}
interface OptionFigures { text: string; votes: number; percent: number | null; points: number | null; hidden: boolean; held: number }
interface PollFigures { id: number; kind: string; question: string; status: string; voters: number; options: OptionFigures[] }
interface StepFigures { key: string; required: number; done: number }
export interface SessionReport {
  eventId: number;
  title: string;
  version: number;
  closed: boolean;
  closedAt: string | null;
  generatedAt: string;
  checkIns: {
    total: number; erased: number; stakeholders: number; first: string | null; last: string | null; bucketMinutes: number;
    overTime: CheckInBucket[]; byCountry: CountryCount[];
  };
  proposals: ProposalFigures[];
  questions: {
    asked: number; published: number; waiting: number; held: number; answeredLive: number; answeredInWriting: number;
    unanswered: number; dismissed: number; anonymous: number; upvotes: number;
  };
  practices: { shared: number; onTheWall: number; hidden: number; held: number };
  polls: PollFigures[];
  badges: { checkedIn: number; steps: StepFigures[]; eligible: number; issued: number; revoked: number };
}

const r = t.report;
const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const n = (value: number) => formatNumber(value);
const pct = (value: number, max: number) => `${max > 0 ? ((value / max) * 100).toFixed(3) : '0'}%`;

function shortened(text: string, max = 32): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

// ---------------------------------------------------------------- charts

interface Bar {
  label: string;
  value: number;
  /** The value as the chart writes it beside the label (default: the number). */
  shown?: string;
  /** A stacked bar: its parts, each with a class for its tone (the legend names them). */
  parts?: { value: number; tone: string; label: string }[];
}

/** A table of the chart's figures, folded under the chart (the chart's text alternative, beside its aria-label). */
function figuresTable(caption: string, head: string[], rows: (string | number)[][], key: string): HTMLDetailsElement {
  const table = el('table', { className: 'report-table' }, [
    el('caption', { className: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, head.map((label) => el('th', { scope: 'col' }, label)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, row.map((cell, i) =>
      i === 0 ? el('th', { scope: 'row' }, String(cell)) : el('td', {}, typeof cell === 'number' ? n(cell) : cell))))),
  ]);
  return el('details', { className: 'report-figures', 'data-key': key }, [el('summary', {}, r.figures), table]);
}

/** Horizontal bars, one row each: the label and the value above a bar as long as its share of the largest (or of max). */
function barChart(
  testId: string,
  caption: string,
  bars: Bar[],
  options: { max?: number; legend?: { tone: string; label: string }[]; hideCaption?: boolean } = {},
): HTMLElement {
  const max = options.max ?? Math.max(1, ...bars.map((bar) => bar.value));
  const row = 40;
  const chart = svg('svg', {
    class: 'chart hbars',
    width: '100%',
    height: bars.length * row,
    role: 'img',
    'aria-label': r.chartLabel(caption, bars.map((bar) => `${bar.label} ${bar.shown ?? n(bar.value)}`).join('; ')),
    'data-testid': `${testId}-svg`,
  });
  bars.forEach((bar, i) => {
    const y = i * row;
    chart.append(svg('text', { x: 0, y: y + 14, class: 'chart-label' }, shortened(bar.label)));
    chart.append(svg('text', { x: '100%', y: y + 14, class: 'chart-value', 'text-anchor': 'end' }, bar.shown ?? n(bar.value)));
    chart.append(svg('rect', { x: 0, y: y + 20, width: '100%', height: 14, class: 'chart-track' }));
    if (bar.parts) {
      let at = 0;
      for (const part of bar.parts) {
        if (part.value > 0) {
          chart.append(svg('rect', { x: pct(at, max), y: y + 20, width: pct(part.value, max), height: 14, class: `chart-part tone-${part.tone}` }));
        }
        at += part.value;
      }
      chart.append(svg('rect', { x: 0, y: y + 20, width: pct(bar.value, max), height: 14, class: 'bar bar-outline' }));
    } else {
      chart.append(svg('rect', { x: 0, y: y + 20, width: pct(bar.value, max), height: 14, class: 'bar' }));
    }
  });
  const figure = el('figure', { className: 'report-chart', 'data-testid': testId }, [
    el('figcaption', { className: options.hideCaption ? 'visually-hidden' : undefined }, caption),
    chart,
  ]);
  if (options.legend) {
    figure.append(el('ul', { className: 'chart-legend' }, options.legend.map((entry) =>
      el('li', {}, [el('span', { className: `swatch tone-${entry.tone}`, 'aria-hidden': 'true' }), entry.label]))));
  }
  return figure;
}

/** Vertical bars over time: one per bucket of check-ins, the time under every few, the largest count on the axis. */
function timeChart(testId: string, caption: string, buckets: CheckInBucket[]): HTMLElement {
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const top = 18;
  const plot = 130;
  // At least twelve slots: a session's first minutes stay bars, not one block across the chart.
  const width = 100 / Math.max(12, buckets.length);
  const every = Math.max(1, Math.ceil(buckets.length / 6));
  const chart = svg('svg', {
    class: 'chart vbars',
    width: '100%',
    height: top + plot + 24,
    role: 'img',
    'aria-label': r.chartLabel(caption, buckets.map((bucket) => `${formatTime(bucket.from)} ${n(bucket.count)}`).join('; ')),
    'data-testid': `${testId}-svg`,
  });
  chart.append(svg('text', { x: '100%', y: 12, class: 'chart-axis', 'text-anchor': 'end' }, n(max)));
  chart.append(svg('line', { x1: 0, x2: '100%', y1: top, y2: top, class: 'chart-grid' }));
  buckets.forEach((bucket, i) => {
    const height = (bucket.count / max) * plot;
    chart.append(svg('rect', {
      x: `${(i * width + width * 0.1).toFixed(3)}%`, y: top + plot - height, width: `${(width * 0.8).toFixed(3)}%`, height, class: 'bar',
    }));
    if (buckets.length <= 12 && bucket.count > 0) {
      chart.append(svg('text', { x: `${((i + 0.5) * width).toFixed(3)}%`, y: top + plot - height - 4, class: 'chart-value', 'text-anchor': 'middle' }, n(bucket.count)));
    }
    if (i % every === 0) {
      chart.append(svg('text', { x: `${((i + 0.5) * width).toFixed(3)}%`, y: top + plot + 18, class: 'chart-axis', 'text-anchor': 'middle' }, formatTime(bucket.from)));
    }
  });
  chart.append(svg('line', { x1: 0, x2: '100%', y1: top + plot, y2: top + plot, class: 'chart-baseline' }));
  return el('figure', { className: 'report-chart', 'data-testid': testId }, [el('figcaption', {}, caption), chart]);
}

// ---------------------------------------------------------------- sections

function section(testId: string, heading: string, ...content: Node[]): HTMLElement {
  const id = `${testId}-heading`;
  return el('section', { className: 'card report-section', 'aria-labelledby': id, 'data-testid': testId }, [el('h2', { id }, heading), ...content]);
}

function keyFigures(testId: string, figures: [string, number][]): HTMLDListElement {
  return el('dl', { className: 'report-numbers', 'data-testid': testId },
    figures.map(([label, value]) => el('div', {}, [el('dt', {}, label), el('dd', {}, n(value))])));
}

function checkIns(report: SessionReport): HTMLElement {
  const c = report.checkIns;
  if (c.total === 0) return section('report-checkins', r.checkInsHeading, el('p', {}, r.noCheckIns));
  const overTime = r.overTime(c.bucketMinutes);
  const countries: Bar[] = c.byCountry.map((country) => ({ label: country.country ? countryName(country.country) : r.noCountry, value: country.count }));
  if (c.erased > 0) countries.push({ label: r.erased, value: c.erased });
  return section('report-checkins', r.checkInsHeading,
    keyFigures('report-checkin-numbers', [[r.checkedIn, c.total], [r.stakeholders, c.stakeholders]]),
    timeChart('chart-checkins', overTime, c.overTime),
    figuresTable(overTime, [r.from, r.checkIns, r.total], c.overTime.map((bucket) => [formatTime(bucket.from), bucket.count, bucket.total]), 'checkins'),
    barChart('chart-countries', r.byCountry, countries),
    figuresTable(r.byCountry, [r.country, r.checkIns], countries.map((bar) => [bar.label, bar.value]), 'countries'));
}

/** At most this many proposals in the chart; the table under it ranks them all. */
const CHART_PROPOSALS = 10;

function proposals(report: SessionReport): HTMLElement {
  if (report.proposals.length === 0) return section('report-proposals', r.proposalsHeading, el('p', {}, r.noProposals));
  const title = (p: ProposalFigures) => (p.held ? `${p.title} (${r.held})` : p.title);
  const top = report.proposals.slice(0, CHART_PROPOSALS);
  const upvotes = barChart('chart-upvotes', `${r.proposalsCaption} · ${r.upvotes}`, top.map((p) => ({ label: title(p), value: p.upvotes })));
  const joins = barChart('chart-joins', `${r.proposalsCaption} · ${r.joined}`,
    top.map((p) => ({
      label: title(p),
      value: p.joined,
      shown: `${n(p.joined)} (${n(p.partners)} · ${n(p.coApplicants)} · ${n(p.observers)})`,
      parts: [
        { value: p.partners, tone: 'a', label: t.intent.partner },
        { value: p.coApplicants, tone: 'b', label: t.intent['co-applicant'] },
        { value: p.observers, tone: 'c', label: t.intent.observer },
      ],
    })),
    { legend: [{ tone: 'a', label: t.intent.partner }, { tone: 'b', label: t.intent['co-applicant'] }, { tone: 'c', label: t.intent.observer }] });
  const head = [r.rank, r.proposal, r.status, r.upvotes, t.intent.partner, t.intent['co-applicant'], t.intent.observer, r.joined];
  const table = el('table', { className: 'report-table ranking', 'data-testid': 'report-proposal-table' }, [
    el('caption', {}, r.proposalsCaption),
    el('thead', {}, el('tr', {}, head.map((label) => el('th', { scope: 'col' }, label)))),
    el('tbody', {}, report.proposals.map((p, i) => el('tr', { 'data-proposal': p.id }, [
      el('td', {}, n(i + 1)),
      el('th', { scope: 'row' }, [title(p), ...(p.organisation ? [el('span', { className: 'muted' }, ` · ${p.organisation}`)] : [])]),
      el('td', {}, (t.proposalStatus as Record<string, string>)[p.status] ?? p.status),
      ...[p.upvotes, p.partners, p.coApplicants, p.observers, p.joined].map((value) => el('td', { className: 'num' }, n(value))),
    ]))),
  ]);
  return section('report-proposals', r.proposalsHeading,
    keyFigures('report-proposal-numbers', [[r.proposalsCount, report.proposals.length]]),
    upvotes, joins,
    el('div', { className: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': r.proposalsCaption }, table));
}

function questions(report: SessionReport): HTMLElement {
  const q = report.questions;
  const bars: Bar[] = [
    { label: r.answeredLive, value: q.answeredLive },
    { label: r.answeredInWriting, value: q.answeredInWriting },
    { label: r.unanswered, value: q.unanswered },
    { label: r.dismissed, value: q.dismissed },
  ];
  return section('report-questions', r.questionsHeading,
    keyFigures('report-question-numbers', [[r.asked, q.asked]]),
    barChart('chart-questions', r.questionsCaption, bars, { max: Math.max(1, q.asked) }),
    figuresTable(r.questionsCaption, [r.questionsHeading, r.number], bars.map((bar) => [bar.label, bar.value]), 'questions'),
    el('p', { className: 'help' }, `${r.waiting(q.waiting, q.held)} ${r.anonymous(q.anonymous)}`));
}

function practices(report: SessionReport): HTMLElement {
  const p = report.practices;
  return section('report-practices', r.practicesHeading,
    keyFigures('report-practice-numbers', [[r.practicesShared, p.shared], [r.onTheWall, p.onTheWall], [r.hidden, p.hidden], [r.heldPractices, p.held]]));
}

function polls(report: SessionReport): HTMLElement {
  if (report.polls.length === 0) return section('report-polls', r.pollsHeading, el('p', {}, r.noPolls));
  return section('report-polls', r.pollsHeading,
    keyFigures('report-poll-numbers', [[r.pollsCount, report.polls.length]]),
    ...report.polls.map((poll) => {
      const kind = t.polls.kinds[poll.kind] ?? poll.kind;
      const status = poll.status === 'open' ? t.polls.open : t.polls.closed;
      const words = poll.kind === 'words';
      const options = words ? [...poll.options].sort((a, b) => b.votes - a.votes).slice(0, 15) : poll.options;
      const bars: Bar[] = options.map((option) => {
        const marks = [option.hidden ? r.wordHidden : '', option.held > 0 ? r.wordHeld(option.held) : ''].filter(Boolean);
        const label = marks.length ? `${option.text} (${marks.join(', ')})` : option.text;
        const shown = option.points !== null
          ? `${n(option.points)} ${r.points.toLowerCase()}`
          : option.percent !== null ? `${n(option.votes)} · ${formatNumber(option.percent)}%` : n(option.votes);
        return { label, value: option.points ?? option.votes, shown };
      });
      const caption = `${poll.question} — ${kind} · ${status} · ${r.voters(poll.voters)}`;
      return el('div', { className: 'report-poll', 'data-testid': `report-poll-${poll.id}` }, [
        el('h3', {}, poll.question),
        el('p', { className: 'help' }, `${kind} · ${status} · ${r.voters(poll.voters)}`),
        barChart(`chart-poll-${poll.id}`, caption, bars, { hideCaption: true, ...(words || poll.kind === 'ranking' ? {} : { max: Math.max(1, poll.voters) }) }),
        figuresTable(caption, [r.option, poll.kind === 'ranking' ? r.points : r.votes], bars.map((bar) => [bar.label, bar.shown ?? bar.value]), `poll-${poll.id}`),
      ]);
    }));
}

function badges(report: SessionReport): HTMLElement {
  const b = report.badges;
  const bars: Bar[] = [
    { label: r.checkedIn, value: b.checkedIn },
    ...b.steps.map((step) => ({ label: `${t.badgeStep[step.key] ?? step.key}${step.required > 1 ? ` (≥ ${step.required})` : ''}`, value: step.done })),
    { label: r.eligible, value: b.eligible },
    { label: r.issued, value: b.issued },
  ];
  return section('report-badges', r.badgesHeading,
    barChart('chart-badges', r.badgesCaption, bars, { max: Math.max(1, b.checkedIn) }),
    figuresTable(r.badgesCaption, [r.step, r.number], bars.map((bar) => [bar.label, bar.value]), 'badges'),
    ...(b.revoked > 0 ? [el('p', { className: 'help' }, r.revoked(b.revoked))] : []));
}

function summary(report: SessionReport): HTMLElement {
  return section('report-summary', r.summaryHeading, keyFigures('report-summary-numbers', [
    [r.checkedIn, report.checkIns.total],
    [r.proposalsCount, report.proposals.length],
    [r.asked, report.questions.asked],
    [r.practicesShared, report.practices.shared],
    [r.pollsCount, report.polls.length],
    [r.issued, report.badges.issued],
  ]));
}

// ---------------------------------------------------------------- the page

document.title = `${r.title} · StakeholderHub`;
setText(byTestId('report-role'), r.title);
setText(byTestId('report-subtitle'), r.title);
setText(byTestId('report-intro'), r.intro);
setText(byTestId('report-tools-heading'), r.toolsHeading);
const printButton = byTestId<HTMLButtonElement>('report-print');
const downloadButton = byTestId<HTMLButtonElement>('report-download-all');
setText(printButton, r.print);
setText(downloadButton, r.downloadAll);
setText(byTestId('report-download-help'), r.downloadAllHelp);
const body = byTestId('report-body');
const state = byTestId('report-state');

let shown: SessionReport | null = null;

function render(report: SessionReport): void {
  setText(byTestId('event-title'), report.title);
  setText(state, report.closed && report.closedAt ? r.final(formatTime(report.closedAt)) : r.live(formatTime(report.generatedAt)));
  state.dataset['closed'] = String(report.closed);
  // The charts are drawn again only when the session changed, so an open table of figures stays open.
  if (shown && shown.version === report.version && shown.closed === report.closed) return;
  const open = new Set([...body.querySelectorAll<HTMLDetailsElement>('details[open]')].map((node) => node.dataset['key']));
  body.replaceChildren(summary(report), checkIns(report), proposals(report), questions(report), practices(report), polls(report), badges(report));
  for (const node of body.querySelectorAll<HTMLDetailsElement>('details')) node.open = open.has(node.dataset['key']);
  body.setAttribute('aria-busy', 'false');
  body.dataset['version'] = String(report.version);
  shown = report;
}

let fetching = false;
let again = false;

/** Fetches the figures; a request while one runs asks for one more after it, so the last change is never missed. */
async function refresh(session: LiveSession): Promise<void> {
  if (fetching) {
    again = true;
    return;
  }
  fetching = true;
  try {
    do {
      again = false;
      try {
        render(await getJson<SessionReport>('/api/report', { token: session.token }));
      } catch (error) {
        toast(readable(error));
      }
      // A busy room sends many batches: the figures are read again at most every two seconds.
      if (again) await new Promise((resolve) => window.setTimeout(resolve, 2000));
    } while (again);
  } finally {
    fetching = false;
  }
}

const session = startLivePage({ page: 'facilitator', render: (live) => void refresh(live) });
if (session) {
  // Batches bring every change of the session; the timer keeps "updated at" honest and catches anything else.
  window.setInterval(() => void refresh(session), 15_000);
  printButton.addEventListener('click', () => window.print());
  downloadButton.addEventListener('click', () => {
    downloadButton.disabled = true;
    downloadFile('/api/exports.zip', session.token, 'exports.zip')
      .catch((error: unknown) => toast(readable(error)))
      .finally(() => {
        downloadButton.disabled = false;
      });
  });
}
