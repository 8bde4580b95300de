import '../styles.css';
import { mountAttendeePage } from './attendee';

// No token (or a refused one): the participant joins first.
mountAttendeePage({ page: 'participant', redirectWhenInvalid: '/join' });
