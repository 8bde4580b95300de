import '../styles.css';
import { setText } from '../dom';
import { t } from '../i18n';
import { mountAttendeePage } from './attendee';

mountAttendeePage({
  page: 'stakeholder',
  panels: () => {
    const greeting = document.querySelector<HTMLElement>('[data-testid="greeting"]');
    return [
      {
        update(session) {
          const name = session.state.me?.name ?? '';
          if (greeting) setText(greeting, name ? t.stakeholderGreeting(name) : '');
        },
      },
    ];
  },
});
