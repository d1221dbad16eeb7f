/** Calendars, policies and an iCalendar file the calendar tests share (test/calendars.test.ts). */

/** Mainland China, 国庆 2026 as the State Council set it: Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked. */
export const MAINLAND = {
  name: { en: 'Mainland China 2026', zh: '中国大陆 2026' },
  timeZone: 'Asia/Shanghai',
  holidays: [{ from: '2026-10-01', to: '2026-10-07', name: { en: 'National Day', zh: '国庆节' } }],
  makeUpDays: [
    { date: '2026-09-20', worksAs: 3, name: { en: 'National Day make-up day', zh: '国庆调休上班' } },
    { date: '2026-10-10', name: { en: 'National Day make-up day', zh: '国庆调休上班' } },
  ],
};

/** A routing policy whose cascade waits two working days in the first tier and one in the second, by `calendar`. */
export function cascadePolicy(key: string, calendar: string) {
  return {
    key,
    kind: 'routing',
    name: 'Cascade by working days 按工作日分级',
    trigger: { events: ['lead.created', 'tick'] },
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['lead.created', 'tick'], tickScope: 'scheduledLeads' } },
      {
        id: 'tiers',
        type: 'assign.cascade',
        data: {
          tiers: [
            { poolId: 'premium', wait: { value: 2, unit: 'workingDays' } },
            { poolId: 'standard', wait: { value: 1, unit: 'workingDays' } },
          ],
          calendar,
        },
      },
      { id: 'queue', type: 'assign.managerQueue', data: { queueId: 'manual', team: 'sales' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'tiers' },
      { id: 'e2', source: 'tiers', sourceHandle: 'exhausted', target: 'queue' },
    ],
  };
}

/** Reclaim after 3 working days without follow-up, by `calendar` (Monday–Friday when none). */
export function reclaimPolicy(calendar?: string) {
  const data = { days: { noFollowUp: { value: 3, unit: 'workingDays' } }, poolId: 'public', ...(calendar ? { calendar } : {}) };
  return {
    key: 'holiday-reclaim',
    kind: 'reclaim',
    name: 'Reclaim after 3 working days 3 个工作日未跟进回收',
    trigger: { events: ['tick'] },
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['tick'], tickScope: 'ownedLeads' } },
      { id: 'reclaim', type: 'reclaim.rule', data },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'reclaim' }],
  };
}

/** 国庆 2026 as a holiday site publishes it, with a meeting and a yearly event the model cannot hold. */
export const ICS = [
  'BEGIN:VCALENDAR', // 1
  'VERSION:2.0',
  'PRODID:-//test//holidays//CN',
  'X-WR-CALNAME:中国节假日',
  'BEGIN:VEVENT', // 5
  'UID:national-day-2026',
  'DTSTART;VALUE=DATE:20261001',
  'DTEND;VALUE=DATE:20261008',
  'SUMMARY:国庆节',
  'END:VEVENT', // 10
  'BEGIN:VEVENT', // 11
  'UID:makeup-1',
  'DTSTART;VALUE=DATE:20260920',
  'SUMMARY:国庆补班',
  'END:VEVENT',
  'BEGIN:VEVENT', // 16
  'UID:meeting',
  'DTSTART:20261009T020000Z',
  'DTEND:20261009T030000Z',
  'SUMMARY:Quarterly review',
  'END:VEVENT',
  'BEGIN:VEVENT', // 22
  'UID:makeup-2',
  'DTSTART;VALUE=DATE:20261010',
  'SUMMARY:国庆补班',
  'END:VEVENT',
  'BEGIN:VEVENT', // 27
  'UID:yearly',
  'DTSTART;VALUE=DATE:20260101',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:元旦',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
