// The facilitator's polls: making one (any kind), opening, closing and reopening it, putting it on the projector,
// its results live (a word cloud with hide and show per answer, and what the content filter held), the results as
// CSV, and the event's own words for the content filter.

import { downloadFile } from '../api';
import { el, setAttr, setText, show } from '../dom';
import { t } from '../i18n';
import { KeyedList } from '../keyed-list';
import type { LiveSession } from '../session';
import { POLL_KINDS, POLL_RESULT_MODES, type CloudWord, type Poll, type PollKind, type PollResultMode } from '../types';
import { attempt, withBusy } from '../ui';
import { CloudView, ResultBars } from './polls';

interface AdminRow {
  li: HTMLLIElement;
  question: HTMLElement;
  meta: HTMLElement;
  open: HTMLButtonElement;
  close: HTMLButtonElement;
  screen: HTMLButtonElement;
  notice: HTMLElement;
  bars: ResultBars;
  cloud: CloudView;
}

export class PollAdmin {
  readonly root: HTMLElement;
  private readonly notice = el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'poll-admin-notice' });
  private readonly kind = el('select', { id: 'poll-kind', 'data-testid': 'poll-kind' });
  private readonly question = el('input', { id: 'poll-question', maxlength: 200, required: true, 'data-testid': 'poll-question-input' });
  private readonly options = el('textarea', { id: 'poll-options', rows: 4, 'data-testid': 'poll-options-input' });
  private readonly max = el('input', { id: 'poll-max', type: 'number', min: 1, max: 10, value: '2', 'data-testid': 'poll-max' });
  private readonly results = el('select', { id: 'poll-results', 'data-testid': 'poll-results-mode' });
  private readonly create = el('button', { type: 'submit', className: 'btn primary', 'data-testid': 'poll-create' }, t.polls.create);
  private readonly list = el('ol', { className: 'admin-polls', 'data-testid': 'admin-poll-list' });
  private readonly rows: KeyedList<Poll, number, AdminRow>;
  private readonly filterInput = el('input', { id: 'filter-word', maxlength: 60, 'data-testid': 'filter-word' });
  private readonly filterList = el('ul', { className: 'filter-words', 'data-testid': 'filter-words' });

  constructor(private readonly session: LiveSession) {
    for (const kind of POLL_KINDS) this.kind.append(el('option', { value: kind }, t.polls.kinds[kind] ?? kind));
    for (const mode of POLL_RESULT_MODES) this.results.append(el('option', { value: mode }, t.polls.resultModes[mode] ?? mode));
    const field = (id: string, label: string, control: HTMLElement) => el('div', { className: 'field' }, [el('label', { for: id }, label), control]);
    const optionsField = field('poll-options', t.polls.optionsLabel, this.options);
    const maxField = field('poll-max', t.polls.maxLabel, this.max);
    const form = el('form', { className: 'stack', novalidate: true, 'data-testid': 'poll-form' }, [
      el('h3', {}, t.polls.newPoll),
      field('poll-kind', t.polls.kindLabel, this.kind),
      field('poll-question', t.polls.questionLabel, this.question),
      optionsField,
      maxField,
      field('poll-results', t.polls.resultsLabel, this.results),
      this.create,
    ]);
    const kindChanged = () => {
      const kind = this.kind.value as PollKind;
      show(optionsField, kind === 'single' || kind === 'multiple' || kind === 'ranking');
      show(maxField, kind === 'multiple');
    };
    this.kind.addEventListener('change', kindChanged);
    kindChanged();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.createPoll();
    });

    const download = el('button', { type: 'button', className: 'btn small', 'data-testid': 'poll-download' }, t.polls.download);
    download.addEventListener('click', () =>
      void withBusy([download], () => attempt(this.notice, () => downloadFile('/api/polls/results.csv', this.session.token, 'poll-results.csv'))));

    const filterForm = el('form', { className: 'inline-form', novalidate: true, 'data-testid': 'filter-form' }, [
      el('label', { for: 'filter-word' }, t.polls.filterWordLabel), this.filterInput,
      el('button', { type: 'submit', className: 'btn small' }, t.polls.filterAdd),
    ]);
    filterForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const word = this.filterInput.value.trim();
      if (!word) return;
      void attempt(this.notice, () => this.session.act('AddFilterWord', word)).then((ok) => {
        if (ok) this.filterInput.value = '';
      });
    });

    this.rows = new KeyedList<Poll, number, AdminRow>(this.list, {
      key: (poll) => poll.id,
      create: (poll) => this.makeRow(poll),
      node: (row) => row.li,
      update: (row, poll) => this.fillRow(row, poll),
      empty: el('li', { className: 'list-empty' }, t.polls.empty),
    });

    this.root = el('section', { className: 'card', id: 'polls', 'aria-labelledby': 'polls-admin-heading', 'data-testid': 'poll-admin' }, [
      el('h2', { id: 'polls-admin-heading' }, t.polls.adminHeading),
      form,
      this.notice,
      this.list,
      el('div', { className: 'button-row' }, [download]),
      el('h3', {}, t.polls.filterHeading),
      el('p', { className: 'help' }, t.polls.filterHelp),
      filterForm,
      this.filterList,
    ]);
  }

  update(): void {
    const activity = this.session.state.activity;
    this.rows.render([...activity.polls].sort((a, b) => b.id - a.id));
    this.filterList.replaceChildren(...activity.filterWords.map((word) => {
      const remove = el('button', { type: 'button', className: 'btn small', 'aria-label': t.polls.filterRemove(word) }, '×');
      remove.addEventListener('click', () => void attempt(this.notice, () => this.session.act('RemoveFilterWord', word)));
      return el('li', {}, [word, ' ', remove]);
    }));
  }

  private async createPoll(): Promise<void> {
    const kind = this.kind.value as PollKind;
    const options = this.options.value.split('\n').map((o) => o.trim()).filter((o) => o.length > 0);
    await withBusy([this.create], () => attempt(this.notice, async () => {
      await this.session.act('CreatePoll', {
        kind,
        question: this.question.value,
        options: kind === 'single' || kind === 'multiple' || kind === 'ranking' ? options : [],
        maxChoices: kind === 'multiple' ? Number(this.max.value) || null : null,
        results: this.results.value as PollResultMode,
        proposalId: null,
        agendaItemId: null,
      });
      this.question.value = '';
      this.options.value = '';
    }));
  }

  private makeRow(poll: Poll): AdminRow {
    const row: AdminRow = {
      li: el('li', { className: 'admin-poll', 'data-testid': `admin-poll-${poll.id}` }),
      question: el('p', { className: 'poll-question' }),
      meta: el('p', { className: 'help', 'data-testid': 'admin-poll-meta' }),
      open: el('button', { type: 'button', className: 'btn small primary', 'data-testid': 'poll-open' }),
      close: el('button', { type: 'button', className: 'btn small', 'data-testid': 'poll-close' }, t.polls.closePoll),
      screen: el('button', { type: 'button', className: 'btn small', 'data-testid': 'poll-screen' }),
      notice: el('p', { className: 'live-notice', role: 'status', 'aria-live': 'polite' }),
      bars: new ResultBars(),
      cloud: new CloudView(`admin-cloud-${poll.id}`, true, (word: CloudWord) =>
        void attempt(row.notice, () => this.session.act(word.hidden || word.held ? 'ShowPollWord' : 'HidePollWord', poll.id, word.key))),
    };
    const act = (button: HTMLButtonElement, call: () => Promise<unknown>) =>
      button.addEventListener('click', () => void withBusy([button], () => attempt(row.notice, call)));
    act(row.open, () => this.session.act('OpenPoll', poll.id));
    act(row.close, () => this.session.act('ClosePoll', poll.id));
    act(row.screen, () => this.session.act('ShowPoll', this.session.state.activity.screenPollId === poll.id ? null : poll.id));
    row.li.append(row.question, row.meta, el('div', { className: 'button-row' }, [row.open, row.close, row.screen]), row.notice,
      poll.kind === 'words' ? row.cloud.root : row.bars.root);
    return row;
  }

  private fillRow(row: AdminRow, poll: Poll): void {
    const activity = this.session.state.activity;
    const results = activity.results.get(poll.id) ?? null;
    const onScreen = activity.screenPollId === poll.id;
    setText(row.question, poll.question);
    const status = poll.status === 'open' ? t.polls.open : poll.status === 'closed' ? t.polls.closed : t.polls.draft;
    setText(row.meta, [t.polls.kinds[poll.kind] ?? poll.kind, status, t.polls.voters(results?.voters ?? 0), onScreen ? t.polls.onScreen : '']
      .filter((part) => part).join(' · '));
    setAttr(row.li, 'data-status', poll.status);
    setText(row.open, poll.status === 'closed' ? t.polls.reopenPoll : t.polls.openPoll);
    show(row.open, poll.status !== 'open');
    show(row.close, poll.status === 'open');
    setText(row.screen, onScreen ? t.polls.hidePoll : t.polls.showPoll);
    show(row.screen, poll.status !== 'draft');
    if (poll.kind === 'words') row.cloud.render(results?.words ?? []);
    else row.bars.render(poll, results);
  }
}
