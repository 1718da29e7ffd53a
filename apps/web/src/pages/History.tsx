import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { WebHistoryEventFragment } from '../gql/graphql';
import { useFormat } from '../format';
import { useEnumLabel } from '../labels';

/** What each record page asks of a history event (`history { ...WebHistoryEvent }`). */
graphql(`
  fragment WebHistoryEvent on HistoryEvent {
    eventId
    type
    streamVersion
    recordedAt
    actor {
      role
      actingFor
    }
  }
`);

export type HistoryItem = WebHistoryEventFragment;

/**
 * An entity's full history as a timeline, oldest first: what happened (in words; an event type newer than this build
 * shows its code), when, and who stood behind it.
 */
export const History = ({ events, labelledBy }: { events: readonly HistoryItem[]; labelledBy: string }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useEnumLabel();
  return (
    <ol className="timeline" aria-labelledby={labelledBy}>
      {events.map((e) => (
        <li key={e.eventId}>
          <time dateTime={e.recordedAt}>{format.dateTime(e.recordedAt)}</time>
          <span className="event-type" data-type={e.type}>
            {label('eventType', e.type)}
          </span>
          <span className="event-actor">
            {t('certification.by', { who: `${label('role', e.actor.role)}${e.actor.actingFor ? ` (${e.actor.actingFor})` : ''}` })}
          </span>
        </li>
      ))}
    </ol>
  );
};
